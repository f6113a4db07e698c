/**
 * CPU per request of the Users handler, in-process, on the two requests that make up Entra's initial cycle
 * (a userName lookup that finds nothing, a create), against a floor: the very DynamoDB requests the handler
 * sent, replayed with the bare SDK (a plain DynamoDBClient with the same options, no lib-dynamodb).
 * Not part of `npm run bench`; a developer's tool for docs/performance.md. Only loopback traffic.
 *
 *   node --import tsx bin/bench/profile-handler.ts [--count 2000] [--rounds 3] [--metrics]
 *   node --import tsx bin/bench/profile-handler.ts --only ours --rounds 1 --profile /tmp/ours.cpuprofile
 *
 * --metrics turns Powertools' EMF lines on (as deployed; stdout should then go to /dev/null).
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { ENV } from '../../functions/environment-names';
import { TABLES } from '../../functions/storage/table-design';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '500' },
    metrics: { type: 'boolean', default: false },
    only: { type: 'string', default: 'both' },
    /** Writes a .cpuprofile of the measured rounds only (warm-up and start excluded) to this file. */
    profile: { type: 'string' },
  },
});
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env[ENV.POWERTOOLS_METRICS_DISABLED] = values.metrics ? 'false' : 'true';
process.env[ENV.LOG_LEVEL] ??= 'warn';

// Imported after the environment is set: the logger and metrics read it at load.
const { ensureTables } = await import('../local/create-tables');
const { startDynamoDbLocal } = await import('../local/dynamodb-local');
const { authorize } = await import('../../functions/auth/authorize');
const { authorizerContext } = await import('../../functions/auth/authorizer-context');
const { issueBearerToken } = await import('../../functions/auth/bearer-token');
const { createUsersHandler } = await import('../../functions/endpoints/user-endpoints');
const { createDocumentClient } = await import('../../functions/storage/dynamo-client');
const { ClientStore } = await import('../../functions/storage/client-store');
const { RequestLogStore } = await import('../../functions/storage/request-log-store');
const { TokenStore } = await import('../../functions/storage/token-store');
const { entraUser } = await import('./entra-user');

function post(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

const TABLE = 'scim-data-profile';
const TOKENS = 'scim-tokens-profile';
const count = Number(values.count);

const dynamo = await startDynamoDbLocal();
const db = createDocumentClient({ region: 'local', endpoint: dynamo.endpoint });
await ensureTables(db as never, { [TABLE]: TABLES.data, [TOKENS]: TABLES.tokens });
const tokens = new TokenStore(db, TOKENS);
const tenantId = `t-profile${Date.now().toString(36)}`;
await tokens.createTenant({ tenantId, tier: 'default' });
const issued = await issueBearerToken(tokens, tenantId, 'profile');
if (issued === undefined) throw new Error('no token');
const authorization = await authorize(`Bearer ${issued.token}`, {
  tokens,
  clients: new ClientStore(db, TOKENS),
});
if (!authorization.allowed) throw new Error('not authorized');
const authorizer = Object.fromEntries(
  Object.entries({ ...authorizerContext(authorization), apiKey: authorization.apiKey ?? '' }).map(
    ([k, v]) => [k, String(v)],
  ),
);

// What the handler sends, in wire form (after lib-dynamodb's marshalling), to replay as the floor.
const sent: { name: string; input: unknown }[] = [];
let capturing = false;
// After the serializer: lib-dynamodb's commands have marshalled their input by then (DocumentMarshall).
db.middlewareStack.add(
  (next, context) => async (args) => {
    if (capturing) sent.push({ name: context.commandName ?? '?', input: structuredClone(args.input) });
    return next(args);
  },
  { step: 'build', name: 'profileCapture', priority: 'high' },
);

const handler = createUsersHandler(db, TABLE, { requestLog: new RequestLogStore(db, TABLE) });
const context = {
  getRemainingTimeInMillis: () => 28_000,
  callbackWaitsForEmptyEventLoop: false,
} as unknown as Context;

function event(method: 'GET' | 'POST', query: Record<string, string> | null, body: unknown) {
  const headers: Record<string, string> = {
    host: '127.0.0.1:3000',
    authorization: `Bearer ${issued?.token}`,
    'user-agent': 'Azure-Provisioning/1.0',
    'x-forwarded-proto': 'http',
    ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
  };
  return {
    resource: '/scim/v2/Users',
    path: '/scim/v2/Users',
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: query,
    multiValueQueryStringParameters: query === null ? null : { filter: [query.filter] },
    pathParameters: null,
    stageVariables: null,
    body: body === undefined ? null : Buffer.from(JSON.stringify(body)).toString('base64'),
    isBase64Encoded: body !== undefined,
    requestContext: {
      resourcePath: '/scim/v2/Users',
      path: '/scim/v2/Users',
      httpMethod: method,
      stage: 'local',
      requestId: `r-${Math.random()}`,
      domainName: '127.0.0.1:3000',
      identity: { sourceIp: '127.0.0.1', userAgent: 'Azure-Provisioning/1.0' },
      authorizer,
    },
  } as unknown as APIGatewayProxyEvent;
}

type Kind = 'lookup' | 'create';
let index = 0;
/** The events of `n` requests, made before they are measured. */
function oursPrepared(kind: Kind, tag: string, n: number): (() => Promise<string>)[] {
  return Array.from({ length: n }, () => {
    const user = entraUser(index++, tag);
    const request =
      kind === 'lookup'
        ? event('GET', { filter: `userName eq "${user.userName}"` }, undefined)
        : event('POST', null, user.body);
    return async () => {
      const response = await handler(request, context);
      const expected = kind === 'lookup' ? 200 : 201;
      if (response.statusCode !== expected)
        throw new Error(`${kind}: ${response.statusCode} ${response.body}`);
      return response.body;
    };
  });
}

// The floor: a plain client, configured as createDocumentClient configures its own.
const plain = new DynamoDBClient({
  region: 'local',
  endpoint: dynamo.endpoint,
  maxAttempts: 3,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
});
for (const name of ['loggerMiddleware', 'getUserAgentMiddleware', 'recursionDetectionMiddleware']) {
  plain.middlewareStack.remove(name);
}
const commands = await import('@aws-sdk/client-dynamodb');
type Template = { name: string; text: string; marker: string; id: string | undefined };
async function templatesOf(kind: Kind): Promise<Template[]> {
  sent.length = 0;
  capturing = true;
  const marker = `floor${kind}marker`;
  const before = index;
  index = 0;
  const body = (await oursPrepared(kind, marker, 1)[0]?.()) ?? '';
  index = before;
  capturing = false;
  const id = kind === 'create' ? (JSON.parse(body) as { id: string }).id : undefined;
  return sent.map(({ name, input }) => ({ name, text: JSON.stringify(input), marker, id }));
}
const floorTemplates = { lookup: await templatesOf('lookup'), create: await templatesOf('create') };
// Captured; the capture itself would cost the handler a middleware per call.
db.middlewareStack.remove('profileCapture');
let floorIndex = 0;
/** The floor's requests: one call at a time, as the handler sends them, each with keys of its own. */
function floorPrepared(kind: Kind, tag: string, n: number): (() => Promise<string>)[] {
  return Array.from({ length: n }, () => {
    const k = floorIndex++;
    const inputs = floorTemplates[kind].map((t) => {
      let text = t.text.replaceAll(t.marker, `${tag}${k}`);
      if (t.id !== undefined) text = text.replaceAll(t.id, randomUUID());
      const Command = (commands as unknown as Record<string, new (i: unknown) => never>)[t.name];
      if (Command === undefined) throw new Error(`no command ${t.name}`);
      return { Command, input: JSON.parse(text) as unknown };
    });
    return async () => {
      // A new command per call, as the handler makes them.
      for (const { Command, input } of inputs) await plain.send(new Command(input));
      return '';
    };
  });
}

async function measure(
  prepare: (kind: Kind, tag: string, n: number) => (() => Promise<string>)[],
  kind: Kind,
  tag: string,
  n: number,
) {
  const calls = prepare(kind, tag, n);
  const start = process.cpuUsage();
  const wall = performance.now();
  for (const call of calls) await call();
  const used = process.cpuUsage(start);
  return {
    cpu: (used.user + used.system) / n,
    system: used.system / n,
    wall: ((performance.now() - wall) * 1000) / n,
  };
}

console.error(
  `floor sends: lookup ${floorTemplates.lookup.map((t) => t.name).join(', ')}; create ${floorTemplates.create.map((t) => t.name).join(', ')}`,
);
const runs: Record<string, number[]> = {};
const systems: Record<string, number[]> = {};
const warm = Number(values.warmup);
const sides = values.only === 'both' ? ['ours', 'floor'] : [values.only];
for (const side of sides) {
  const run = side === 'ours' ? oursPrepared : floorPrepared;
  await measure(run, 'lookup', `w${side}`, warm);
  await measure(run, 'create', `w${side}`, warm);
}
const session = values.profile === undefined ? undefined : new Session();
if (session !== undefined) {
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 100 });
  await post(session, 'Profiler.start');
}
for (let round = 0; round < Number(values.rounds); round++) {
  for (const side of sides) {
    const run = side === 'ours' ? oursPrepared : floorPrepared;
    for (const kind of ['lookup', 'create'] as const) {
      const { cpu, system } = await measure(run, kind, `r${round}${side}`, count);
      const key = `${side} ${kind}`;
      runs[key] = [...(runs[key] ?? []), Math.round(cpu)];
      systems[key] = [...(systems[key] ?? []), Math.round(system)];
    }
  }
}
if (session !== undefined && values.profile !== undefined) {
  const { profile } = (await post(session, 'Profiler.stop')) as { profile: unknown };
  writeFileSync(values.profile, JSON.stringify(profile));
  session.disconnect();
}
for (const [key, list] of Object.entries(runs)) {
  const sorted = [...list].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.error(
    `${key.padEnd(14)} CPU µs/request: ${list.join(' ')}  (median ${median}; of which system ${systems[key]?.join(' ')})`,
  );
}
db.destroy();
plain.destroy();
await dynamo.stop();
