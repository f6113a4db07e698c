import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthorizeStores, authorize } from '../../../functions/auth/authorize';
import { generateToken, hashToken, issueBearerToken } from '../../../functions/auth/bearer-token';
import { generateClientSecret, newClientCredential } from '../../../functions/auth/client-secret';
import { ClientStore } from '../../../functions/storage/client-store';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { TokenStore } from '../../../functions/storage/token-store';
import { scimRequest, startScimServer, type TestServer } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

let server: TestServer;
let stores: AuthorizeStores & { clients: ClientStore };
beforeAll(async () => {
  server = await startScimServer();
  stores = { tokens: server.tokens, clients: new ClientStore(server.db, TEST_TABLES.tokens) };
});
afterAll(() => server.close());

const basic = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
/** The secret with its last character changed (to another one: replacing it by a fixed letter failed 1 run in 62). */
const mistyped = (secret: string) => `${secret.slice(0, -1)}${secret.at(-1) === 'a' ? 'b' : 'a'}`;
const IN_A_YEAR = new Date(Date.now() + 365 * 86_400_000).toISOString();

/** A tenant with a client_secret client and one secret of it, made through the real stores. */
async function tenantWithClient(expiresAt = IN_A_YEAR) {
  const tenant = await server.newTenant();
  const client = await stores.clients.createClient(tenant.tenantId, {
    label: 'entra',
    method: 'client_secret',
    accessTokenLifetime: 3600,
  });
  const { secret, hash, hint } = newClientCredential();
  const info = await stores.clients.addSecret(
    tenant.tenantId,
    client?.clientId ?? '',
    { hash, hint },
    expiresAt,
  );
  return {
    tenantId: tenant.tenantId,
    clientId: client?.clientId ?? '',
    secret,
    secretId: info?.secretId ?? '',
  };
}

describe('authorize with a bearer token', () => {
  it('resolves a token to its tenant, and refuses revoked tokens and disabled tenants', async () => {
    const tenant = await server.newTenant();
    const header = `Bearer ${tenant.token}`;
    expect(await authorize(header, stores)).toMatchObject({
      allowed: true,
      tenantId: tenant.tenantId,
      tokenId: expect.stringMatching(/^tok_/),
      credential: { kind: 'token', hash: hashToken(tenant.token) },
    });

    const second = await issueBearerToken(server.tokens, tenant.tenantId, 'rotation');
    const [first] = (await server.tokens.listTokens(tenant.tenantId)).filter((t) => t.label === 'test');
    await server.tokens.revokeToken(tenant.tenantId, first?.tokenId ?? '');
    // Refused, naming the tenant and the token (for the tenant's request log), never the token.
    expect(await authorize(header, stores)).toEqual({
      allowed: false,
      reason: 'revoked',
      tenantId: tenant.tenantId,
      credentialId: first?.tokenId,
    });
    expect(await authorize(`Bearer ${second?.token}`, stores)).toMatchObject({ allowed: true });

    await server.tokens.updateTenant(tenant.tenantId, { status: 'disabled' });
    expect(await authorize(`Bearer ${second?.token}`, stores)).toEqual({
      allowed: false,
      reason: 'inactive_tenant',
      tenantId: tenant.tenantId,
      credentialId: second?.info.tokenId,
    });
  });

  it.each([
    ['no header', undefined, 'missing'],
    ['a malformed token', 'Bearer nope', 'malformed'],
    ['a client secret as a bearer token', `Bearer ${generateClientSecret()}`, 'malformed'],
    ['an unknown token', `Bearer ${generateToken()}`, 'unknown'],
  ])('refuses %s: %s', async (_name, header, reason) => {
    expect(await authorize(header, stores)).toEqual({ allowed: false, reason });
  });
});

describe('authorize with Basic (a client id and secret: Okta "Basic Auth")', () => {
  it("resolves a client's secret to its tenant, with the secret's id and its hash (not the secret)", async () => {
    const client = await tenantWithClient();
    const result = await authorize(basic(client.clientId, client.secret), stores);
    expect(result).toEqual({
      allowed: true,
      tenantId: client.tenantId,
      tokenId: client.secretId,
      credential: { kind: 'secret', clientId: client.clientId, hash: hashToken(client.secret) },
      policy: expect.any(Object),
    });
    expect(JSON.stringify(result)).not.toContain(client.secret);
  });

  it('reads the scheme case-insensitively and form-urldecodes the halves (RFC 6749 §2.3.1)', async () => {
    const client = await tenantWithClient();
    const encoded = `basic ${Buffer.from(`${client.clientId.replace('_', '%5F')}:${client.secret}`).toString('base64')}`;
    expect(await authorize(encoded, stores)).toMatchObject({ allowed: true, tenantId: client.tenantId });
  });

  type Client = Awaited<ReturnType<typeof tenantWithClient>>;
  it.each<[string, (client: Client) => Promise<string>, string]>([
    ['a wrong secret', async (c) => basic(c.clientId, generateClientSecret()), 'wrong_secret'],
    [
      "another client's secret",
      async (c) => basic(c.clientId, (await tenantWithClient()).secret),
      'wrong_secret',
    ],
    [
      'an expired secret',
      async () => {
        const expired = await tenantWithClient(new Date(Date.now() - 1000).toISOString());
        return basic(expired.clientId, expired.secret);
      },
      'expired',
    ],
    [
      'a revoked secret',
      async (c) => {
        await stores.clients.revokeSecret(c.tenantId, c.clientId, c.secretId);
        return basic(c.clientId, c.secret);
      },
      'revoked',
    ],
    [
      "a disabled tenant's client",
      async (c) => {
        await server.tokens.updateTenant(c.tenantId, { status: 'disabled' });
        return basic(c.clientId, c.secret);
      },
      'inactive_tenant',
    ],
    [
      "a federation client's id",
      async (c) => {
        const trust = await stores.clients.createClient(c.tenantId, {
          label: 'wif',
          method: 'federation',
          accessTokenLifetime: 3600,
          trust: {
            issuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0',
            jwksUri:
              'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/discovery/v2.0/keys',
            entraTenant: '00000000-0000-0000-0000-000000000001',
            subject: '00000000-0000-0000-0000-000000000002',
            audience: '00000000-0000-0000-0000-000000000003',
          },
        });
        return basic(trust?.clientId ?? '', c.secret);
      },
      'not_a_secret_client',
    ],
    ['an unknown client id', async (c) => basic('cli_000000000000000000000000', c.secret), 'unknown_client'],
  ])('refuses %s: %s', async (_name, header, reason) => {
    const client = await tenantWithClient();
    const result = await authorize(await header(client), stores);
    expect(result).toMatchObject({ allowed: false, reason, clientId: expect.stringMatching(/^cli_/) });
  });

  it.each<[string, (client: Client) => string]>([
    ['a bearer token as the password', (c) => basic(c.clientId, generateToken())],
    ['a mistyped secret (its checksum fails)', (c) => basic(c.clientId, mistyped(c.secret))],
    ['a client id not of ours', (c) => basic('admin', c.secret)],
    ['no colon', () => `Basic ${Buffer.from('cli_000000000000000000000000').toString('base64')}`],
    ['bad base64', () => 'Basic ***'],
  ])('refuses %s as malformed, without a lookup', async (_name, header) => {
    const client = await tenantWithClient();
    expect(await authorize(header(client), stores)).toMatchObject({ allowed: false, reason: 'malformed' });
  });
});

describe('authorize, its stores failing', () => {
  const unreachable = createDocumentClient({ region: 'local', endpoint: 'http://127.0.0.1:9' });
  const failing = {
    tokens: new TokenStore(unreachable, TEST_TABLES.tokens),
    clients: new ClientStore(unreachable, TEST_TABLES.tokens),
  };
  it.each([
    ['a bearer token', `Bearer ${generateToken()}`],
    ['Basic', basic('cli_000000000000000000000000', generateClientSecret())],
  ])('throws (a 503), rather than refusing, for %s', async (_name, header) => {
    await expect(authorize(header, failing)).rejects.toMatchObject({ status: 503 });
  });
});

describe('the endpoint', () => {
  it('answers a request without a valid token with 401 and a SCIM error body', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer nope' },
      { Authorization: `Bearer ${generateToken()}` },
      { Authorization: basic('cli_000000000000000000000000', generateClientSecret()) },
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
