import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localGateway } from '../../../bin/local/local-gateway';
import { authorize } from '../../../functions/auth/authorize';
import { handler as discovery } from '../../../functions/discovery';
import { scimRequest, startScimServer, type TestServer } from '../../support/scim-server';

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
      authorize: (header) => authorize(header, server.tokens),
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
