import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localGateway, type ProxyHandler } from '../../../bin/local/local-gateway';
import { authorize } from '../../../functions/auth/authorize';
import { handler as discovery } from '../../../functions/discovery';
import { logger } from '../../../functions/http/logger';
import { TOKEN_PATH } from '../../../functions/oauth/token-path';
import { scimRequest, startScimServer, type TestServer } from '../../support/scim-server';
import { expectGatewayResponse } from './deployed-gateway-response';

let server: TestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(() => server.close());

/** A gateway in front of the discovery function only, with the given authorizer cache TTL. */
async function gatewayWithCache(ttlSeconds: number): Promise<{ url: string; close: () => Promise<void> }> {
  const http: Server = createServer(
    localGateway({
      handlers: { users: discovery, groups: discovery, discovery },
      authorize: (header) => authorize(header, { tokens: server.tokens, clients: server.clients }),
      authorizerCacheTtlSeconds: ttlSeconds,
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/scim/v2/ServiceProviderConfig`,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

describe("the local gateway's authorizer cache, like API Gateway's", () => {
  it('keeps honouring a revoked token until its cached answer expires', async () => {
    const tenant = await server.newTenant();
    const gateway = await gatewayWithCache(300);
    try {
      const headers = { Authorization: `Bearer ${tenant.token}` };
      expect((await scimRequest(gateway.url, 'GET', headers)).status).toBe(200);
      const [token] = await server.tokens.listTokens(tenant.tenantId);
      await server.tokens.revokeToken(tenant.tenantId, token?.tokenId ?? '');
      expect((await scimRequest(gateway.url, 'GET', headers)).status).toBe(200);
    } finally {
      await gateway.close();
    }
  });

  it('refuses a revoked token at once without a cache', async () => {
    const tenant = await server.newTenant();
    const gateway = await gatewayWithCache(0);
    try {
      const headers = { Authorization: `Bearer ${tenant.token}` };
      expect((await scimRequest(gateway.url, 'GET', headers)).status).toBe(200);
      const [token] = await server.tokens.listTokens(tenant.tenantId);
      await server.tokens.revokeToken(tenant.tenantId, token?.tokenId ?? '');
      expect((await scimRequest(gateway.url, 'GET', headers)).status).toBe(401);
    } finally {
      await gateway.close();
    }
  });
});

const MiB = 1024 * 1024;
const FORM = 'application/x-www-form-urlencoded';

/**
 * The local gateway with a FAKE TOKEN FUNCTION (it records each event it is invoked with and answers 200:
 * what the token endpoint decides is functions/oauth's to test) and a FAKE AUTHORIZER that refuses every
 * request and counts how often it is asked (the token endpoint must never ask it).
 */
async function tokenGateway(options: { withToken?: boolean } = {}) {
  const events: APIGatewayProxyEvent[] = [];
  const asked = { count: 0 };
  const answering: ProxyHandler = async (event) => {
    events.push(event);
    return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' };
  };
  const http = createServer(
    localGateway({
      handlers: {
        users: answering,
        groups: answering,
        discovery: answering,
        ...(options.withToken === false ? {} : { token: answering }),
      },
      authorize: async () => {
        asked.count++;
        return { allowed: false, reason: 'unknown' };
      },
      authorizerCacheTtlSeconds: 0,
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    events,
    asked,
    send: async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${origin}${path}`, init);
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

const grant = 'grant_type=client_credentials&scope=api%3A%2F%2Fscim%2F.default';

describe(`the token endpoint (${TOKEN_PATH}) behind the local gateway`, () => {
  it.each<{ name: string; path: string; headers: Record<string, string> }>([
    { name: 'without an Authorization header', path: TOKEN_PATH, headers: {} },
    // Entra's default (client_secret_basic): a Basic header is the client's, not the SCIM authorizer's.
    { name: 'with a Basic header', path: TOKEN_PATH, headers: { Authorization: 'Basic Y2xpOnNlY3JldA==' } },
    { name: 'with a trailing slash', path: `${TOKEN_PATH}/`, headers: {} },
  ])('reaches the token function without the authorizer, $name', async ({ path, headers }) => {
    const local = await tokenGateway();
    try {
      const answer = await local.send(path, {
        method: 'POST',
        headers: { 'Content-Type': `${FORM};charset=UTF-8`, ...headers },
        body: grant,
      });
      expect(answer.status).toBe(200);
      expect(local.asked.count).toBe(0);
      // The proxy event API Gateway builds for a form body: the text as sent, no authorizer context.
      const [event] = local.events;
      expect(event).toMatchObject({
        resource: TOKEN_PATH,
        httpMethod: 'POST',
        body: grant,
        isBase64Encoded: false,
        pathParameters: null,
        headers: { 'content-type': `${FORM};charset=UTF-8`, ...lowerCased(headers) },
        requestContext: { resourcePath: TOKEN_PATH, identity: { sourceIp: '127.0.0.1' } },
      });
      expect(event?.requestContext.authorizer).toBeUndefined();
    } finally {
      await local.close();
    }
  });

  // The API declares POST only on the token resource: any other method is one it does not have, which API
  // Gateway answers with its MISSING_AUTHENTICATION_TOKEN response (the stack's 404), as it does in AWS.
  it.each(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
    'refuses %s like AWS, without the function',
    async (method) => {
      const local = await tokenGateway();
      try {
        expectGatewayResponse(await local.send(TOKEN_PATH, { method }), 'MISSING_AUTHENTICATION_TOKEN');
        expect([local.events.length, local.asked.count]).toEqual([0, 0]);
      } finally {
        await local.close();
      }
    },
  );

  // API Gateway's access log: the method, the resource and the status; never the Basic header or the body.
  it.each([
    { method: 'POST', status: 200 },
    { method: 'GET', status: 404 },
  ])('writes one access-log line for a $method: $status', async ({ method, status }) => {
    const local = await tokenGateway();
    const info = vi.spyOn(logger, 'info');
    try {
      await local.send(TOKEN_PATH, {
        method,
        headers: { Authorization: 'Basic Y2xpOnNlY3JldA==', 'Content-Type': FORM },
        ...(method === 'POST' ? { body: grant } : {}),
      });
      const lines = info.mock.calls.filter(([message]) => message === 'request');
      expect(lines).toEqual([['request', { method, route: TOKEN_PATH, status, tenant: undefined }]]);
    } finally {
      info.mockRestore();
      await local.close();
    }
  });

  it.each([
    { name: 'a body over 10 MiB', body: 'x'.repeat(10 * MiB + 1), type: 'REQUEST_TOO_LARGE' as const },
    {
      name: "a 7 MiB body (over Lambda's 6 MB event)",
      body: 'x'.repeat(7 * MiB),
      type: 'INTEGRATION_FAILURE' as const,
    },
  ])('answers $name as on the SCIM routes: $type', async ({ body, type }) => {
    const local = await tokenGateway();
    try {
      const answer = await local.send(TOKEN_PATH, {
        method: 'POST',
        headers: { 'Content-Type': FORM },
        body,
      });
      expectGatewayResponse(answer, type);
      expect(local.events).toEqual([]);
    } finally {
      await local.close();
    }
  });

  it.each([
    {
      name: 'another spelling (paths are case-sensitive in API Gateway)',
      path: '/OAuth2/Token',
      withToken: true,
    },
    { name: 'below the SCIM base', path: `/scim/v2${TOKEN_PATH}`, withToken: true },
    { name: 'a longer path', path: `${TOKEN_PATH}/x`, withToken: true },
    { name: 'the token path of a gateway without a token function', path: TOKEN_PATH, withToken: false },
  ])('answers 404 for $name', async ({ path, withToken }) => {
    const local = await tokenGateway({ withToken });
    try {
      const answer = await local.send(path, {
        method: 'POST',
        headers: { 'Content-Type': FORM },
        body: grant,
      });
      expect(answer.status).toBe(404);
      expect(local.events).toEqual([]);
    } finally {
      await local.close();
    }
  });
});

const lowerCased = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
