import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../../functions/auth/authorize';
import { generateToken, issueBearerToken } from '../../../functions/auth/bearer-token';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { TokenStore } from '../../../functions/storage/token-store';
import { scimRequest, startScimServer, type TestServer } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

let server: TestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(() => server.close());

describe('authorize', () => {
  it('resolves a token to its tenant, and refuses revoked tokens and disabled tenants', async () => {
    const tenant = await server.newTenant();
    const header = `Bearer ${tenant.token}`;
    expect(await authorize(header, server.tokens)).toMatchObject({
      allowed: true,
      tenantId: tenant.tenantId,
    });

    const second = await issueBearerToken(server.tokens, tenant.tenantId, 'rotation');
    const [first] = (await server.tokens.listTokens(tenant.tenantId)).filter((t) => t.label === 'test');
    await server.tokens.revokeToken(tenant.tenantId, first?.tokenId ?? '');
    expect(await authorize(header, server.tokens)).toEqual({ allowed: false, reason: 'unknown' });
    expect(await authorize(`Bearer ${second?.token}`, server.tokens)).toMatchObject({ allowed: true });

    await server.tokens.updateTenant(tenant.tenantId, { status: 'disabled' });
    expect(await authorize(`Bearer ${second?.token}`, server.tokens)).toEqual({
      allowed: false,
      reason: 'unknown',
    });
  });

  it('refuses missing, malformed and unknown tokens', async () => {
    expect(await authorize(undefined, server.tokens)).toEqual({ allowed: false, reason: 'missing' });
    expect(await authorize('Bearer nope', server.tokens)).toEqual({ allowed: false, reason: 'malformed' });
    expect(await authorize(`Bearer ${generateToken()}`, server.tokens)).toEqual({
      allowed: false,
      reason: 'unknown',
    });
  });

  it('throws, rather than refusing, when the token store is unreachable', async () => {
    const unreachable = createDocumentClient({ region: 'local', endpoint: 'http://127.0.0.1:9' });
    const tokens = new TokenStore(unreachable, TEST_TABLES.tokens);
    await expect(authorize(`Bearer ${generateToken()}`, tokens)).rejects.toMatchObject({ status: 503 });
  });
});

describe('the endpoint', () => {
  it('answers a request without a valid token with 401 and a SCIM error body', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer nope' },
      { Authorization: `Bearer ${generateToken()}` },
    ];
    for (const headers of attempts) {
      const response = await scimRequest(`${server.baseUrl}/Users`, 'GET', headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="SCIM"');
      expect(response.body).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        detail: expect.any(String),
        status: '401',
      });
    }
  });
});
