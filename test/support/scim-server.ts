import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localGateway } from '../../bin/local/local-gateway';
import { loggedAuthorizer } from '../../bin/local/logged-authorizer';
import { authorize } from '../../functions/auth/authorize';
import { issueBearerToken } from '../../functions/auth/bearer-token';
import { discoveryEndpoints } from '../../functions/endpoints/discovery-endpoints';
import { createGroupsHandler } from '../../functions/endpoints/group-endpoints';
import { createUsersHandler } from '../../functions/endpoints/user-endpoints';
import { scimHandler } from '../../functions/http/scim-handler';
import { tokenEndpoint } from '../../functions/oauth/token-endpoint';
import { TOKEN_PATH } from '../../functions/oauth/token-path';
import type { RequestLogSink } from '../../functions/scim/request-log-port';
import { DEFAULT_RESOURCE_TYPES, type ResourceTypes } from '../../functions/scim/schema/resource-type';
import { ClientStore } from '../../functions/storage/client-store';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import { TokenStore } from '../../functions/storage/token-store';
import { TEST_TABLES } from './test-tables';

export interface ScimResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected freely in assertions
  readonly body: any;
}

/** A tenant with its own token against the shared local endpoint: tests isolate themselves this way. */
export interface TestTenant {
  readonly tenantId: string;
  readonly token: string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ScimResult>;
}

export interface TestServer {
  readonly baseUrl: string;
  /** The client the handlers use, e.g. to meter its capacity or to inspect the table. */
  readonly db: DynamoDBDocumentClient;
  readonly tokens: TokenStore;
  /** The OAuth 2.0 clients and their secrets (in the tokens table, as deployed). */
  readonly clients: ClientStore;
  /** The token endpoint's URL (`<origin>/oauth2/token`): the Token Endpoint an admin pastes into Entra. */
  readonly tokenUrl: string;
  newTenant(): Promise<TestTenant>;
  close(): Promise<void>;
}

export function dynamoEndpoint(): string {
  return process.env.DYNAMODB_ENDPOINT as string;
}

/**
 * The local endpoint, in-process: the real handlers (as the entry points compose them) and the token
 * endpoint behind the local gateway on a random port, with the real authorizer logic, against the run's
 * DynamoDB Local.
 */
export async function startScimServer(
  db: DynamoDBDocumentClient = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() }),
  options: {
    maxMembersPerResponse?: number;
    maxMemberBytesPerResponse?: number;
    indexLagMillis?: number;
    /** The deployment's declared extensions (declaredResourceTypes), for the Users, Groups and discovery handlers. */
    resourceTypes?: ResourceTypes;
    /** The tenants' request log the Users and Groups handlers, the authorizer and the token endpoint write to; default: none. */
    requestLog?: RequestLogSink;
  } = {},
): Promise<TestServer> {
  // DynamoDB Local updates gsi1 synchronously, so a DELETE's second sweep (which waits for AWS's index lag)
  // would find nothing here and only slow the suite; index-lag.test.ts simulates the lag with the real wait.
  const store = { indexLagMillis: options.indexLagMillis ?? 0 };
  const { resourceTypes = DEFAULT_RESOURCE_TYPES, requestLog, ...groupOptions } = options;
  const logged = requestLog === undefined ? {} : { requestLog };
  const users = createUsersHandler(db, TEST_TABLES.data, { ...store, resourceTypes, ...logged });
  const groups = createGroupsHandler(db, TEST_TABLES.data, {
    ...groupOptions,
    ...store,
    resourceTypes,
    ...logged,
  });
  // As functions/discovery.ts composes it, with the same resource types.
  const discovery = scimHandler(discoveryEndpoints([resourceTypes.User, resourceTypes.Group]));
  // The authorizer and the token endpoint get a client of their own, so that metering `db` measures the
  // SCIM handlers alone. Both read the tokens table, where clients and secrets live too.
  const tokensDb = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
  const tokens = new TokenStore(tokensDb, TEST_TABLES.tokens);
  const clients = new ClientStore(tokensDb, TEST_TABLES.tokens);
  // With a request log, the authorizer's refusals and the token endpoint's requests are logged too.
  const authorizeHeader = (h: string | undefined) => authorize(h, { tokens, clients });
  const server: Server = createServer(
    // No authorizer cache: tests revoke tokens and secrets and expect the next request to be refused.
    localGateway({
      handlers: { users, groups, discovery, token: tokenEndpoint({ tokens, clients, ...logged }) },
      authorize: requestLog === undefined ? authorizeHeader : loggedAuthorizer(authorizeHeader, requestLog),
      authorizerCacheTtlSeconds: 0,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const baseUrl = `${origin}/scim/v2`;
  return {
    baseUrl,
    tokenUrl: `${origin}${TOKEN_PATH}`,
    db,
    tokens,
    clients,
    newTenant: async () => {
      const tenantId = `t-${randomBytes(6).toString('hex')}`;
      await tokens.createTenant({ tenantId, tier: 'default' });
      const issued = await issueBearerToken(tokens, tenantId, 'test');
      if (issued === undefined) throw new Error('could not issue a token');
      const token = issued.token;
      return {
        tenantId,
        token,
        request: (method, path, body, headers = {}) =>
          scimRequest(
            `${baseUrl}${path}`,
            method,
            {
              Authorization: `Bearer ${token}`,
              ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
              ...headers,
            },
            body,
          ),
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function scimRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<ScimResult> {
  const response = await fetch(url, {
    method,
    headers,
    ...(body === undefined
      ? {}
      : { body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: json };
}
