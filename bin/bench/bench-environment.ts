import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { authorize } from '../../functions/auth/authorize';
import { handler as discovery } from '../../functions/discovery';
import { createGroupsHandler } from '../../functions/endpoints/group-endpoints';
import { createUsersHandler } from '../../functions/endpoints/user-endpoints';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import { TABLES } from '../../functions/storage/table-design';
import { TokenStore } from '../../functions/storage/token-store';
import { ensureTables } from '../local/create-tables';
import { type DynamoDbLocal, startDynamoDbLocal } from '../local/dynamodb-local';
import { localGateway } from '../local/local-gateway';
import { recordRequests } from './capacity-model';

export const BENCH_TABLES = { data: 'bench-data', tokens: 'bench-tokens' } as const;

export interface BenchResponse {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are read freely
  readonly body: any;
}

export interface BenchTenant {
  readonly tenantId: string;
  /** The tenant's bearer token. */
  readonly token: string;
  request(method: string, path: string, body?: unknown): Promise<BenchResponse>;
}

/**
 * DynamoDB Local with the tables, and the real handlers behind the local gateway, their client recording
 * every request with its cost. The authorizer has a client of its own, so that only the SCIM handlers'
 * requests are counted.
 */
export interface BenchEnvironment {
  readonly db: DynamoDBDocumentClient;
  readonly dynamo: DynamoDbLocal;
  readonly recorder: ReturnType<typeof recordRequests>;
  newTenant(): Promise<BenchTenant>;
  close(): Promise<void>;
}

export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const dynamo = await startDynamoDbLocal();
  const db = createDocumentClient({ region: 'local', endpoint: dynamo.endpoint });
  await ensureTables(db as never, { [BENCH_TABLES.data]: TABLES.data, [BENCH_TABLES.tokens]: TABLES.tokens });
  const recorder = recordRequests(db);
  const tokens = new TokenStore(
    createDocumentClient({ region: 'local', endpoint: dynamo.endpoint }),
    BENCH_TABLES.tokens,
  );
  const server: Server = createServer(
    localGateway({
      handlers: {
        users: createUsersHandler(db, BENCH_TABLES.data),
        groups: createGroupsHandler(db, BENCH_TABLES.data),
        discovery,
      },
      authorize: (header) => authorize(header, tokens),
    }),
  );
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
  return {
    db,
    dynamo,
    recorder,
    newTenant: async () => {
      const tenantId = `bench-${randomBytes(4).toString('hex')}`;
      await tokens.createTenant({ tenantId, tier: 'standard' });
      const issued = await tokens.issueToken(tenantId, 'bench');
      if (issued === undefined) throw new Error('could not issue a token');
      return {
        tenantId,
        token: issued.token,
        request: async (method, path, body) => {
          const response = await fetch(`${baseUrl}${path}`, {
            method,
            headers: {
              Authorization: `Bearer ${issued.token}`,
              ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          const text = await response.text();
          return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
        },
      };
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dynamo.stop();
    },
  };
}
