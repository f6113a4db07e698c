/**
 * The floor server of the operation classes (operation-floor-server.ts, operation-floor-calls.ts):
 *
 *   PORT=8789 node --import tsx bin/bench/operation-floor.ts   → prints its Tenant URL and Secret Token
 *
 * Only the routes the classes send: a userName filter, a user or group create, a user PATCH, and a group
 * PATCH adding members or removing one. Everything else is a 404.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TABLES } from '../../functions/storage/table-design';
import { ensureTables } from '../local/create-tables';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { type FloorAnswer, floorCalls } from './operation-floor-calls';

const TABLE = 'floor-data';
const BASE = '/scim/v2';
const token = randomBytes(16).toString('hex');
const dynamo = await startDynamoDbLocal();
const db = new DynamoDBClient({
  region: 'local',
  endpoint: dynamo.endpoint,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
await ensureTables(db, { [TABLE]: TABLES.data });
const calls = floorCalls(db, TABLE);

type Operation = { op: string; path?: string; value?: unknown };

async function route(method: string, url: URL, body: Record<string, unknown>): Promise<FloorAnswer> {
  const [, collection, id] = url.pathname.slice(BASE.length).split('/');
  if (method === 'GET' && collection === 'Users') {
    const userName = /userName eq "([^"]*)"/.exec(url.searchParams.get('filter') ?? '')?.[1] ?? '';
    return calls.filter(userName);
  }
  if (method === 'POST' && (collection === 'Users' || collection === 'Groups')) {
    return calls.create(collection === 'Users' ? 'User' : 'Group', body);
  }
  const [operation] = (body.Operations ?? []) as Operation[];
  if (method === 'PATCH' && collection === 'Users' && id !== undefined && operation?.path !== undefined) {
    return calls.patchUser(id, { [operation.path]: operation.value });
  }
  if (method === 'PATCH' && collection === 'Groups' && id !== undefined && operation !== undefined) {
    if (operation.op === 'add') {
      return calls.addMembers(
        id,
        (operation.value as { value: string }[]).map((m) => m.value),
      );
    }
    const member = /value eq "([^"]*)"/.exec(operation.path ?? '')?.[1];
    if (operation.op === 'remove' && member !== undefined) return calls.removeMember(id, member);
  }
  return { status: 404 };
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? {} : (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>);
}

const server = createServer(async (request, response) => {
  let answer: FloorAnswer;
  try {
    answer =
      request.headers.authorization === `Bearer ${token}`
        ? await route(
            request.method ?? 'GET',
            new URL(request.url ?? '/', 'http://floor'),
            await readBody(request),
          )
        : { status: 401 };
  } catch (error) {
    answer = { status: 500, body: { detail: (error as Error).message } };
  }
  const text = answer.body === undefined ? undefined : JSON.stringify(answer.body);
  response.writeHead(answer.status, text === undefined ? {} : { 'Content-Type': 'application/scim+json' });
  response.end(text);
});

const port = Number(process.env.PORT ?? 8789);
server.listen(port, '127.0.0.1', () => {
  console.log(`Tenant URL: http://127.0.0.1:${port}${BASE}`);
  console.log(`Secret Token: ${token}`);
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  void dynamo.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
