import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateClientSecret, newClientCredential } from '../../functions/auth/client-secret';
import { handler, wholeApiArn } from '../../functions/authorizer';
import { ClientStore } from '../../functions/storage/client-store';
import { captureOutput } from '../support/captured-output';
import { startScimServer, type TestServer } from '../support/scim-server';
import { TEST_TABLES } from '../support/test-tables';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:111111111111:abc123/prod/GET/scim/v2/Users';

const event = (authorization?: string): APIGatewayRequestAuthorizerEvent =>
  ({
    type: 'REQUEST',
    methodArn: METHOD_ARN,
    // As API Gateway sends a REQUEST authorizer its request: method, path, headers, query, request id.
    httpMethod: 'GET',
    path: '/scim/v2/Users',
    headers: authorization === undefined ? {} : { authorization },
    queryStringParameters: {},
    requestContext: { requestId: 'authorizer-test' },
  }) as unknown as APIGatewayRequestAuthorizerEvent;

let server: TestServer;
let clients: ClientStore;
beforeAll(async () => {
  server = await startScimServer();
  clients = new ClientStore(server.db, TEST_TABLES.tokens);
});
afterAll(() => server.close());

const basic = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;

/** A tenant with a client_secret client and a secret, made through the real stores. */
async function tenantWithClient() {
  const tenant = await server.newTenant();
  const client = await clients.createClient(tenant.tenantId, {
    label: 'okta',
    method: 'client_secret',
    accessTokenLifetime: 3600,
  });
  const clientId = client?.clientId ?? '';
  const { secret, hash, hint } = newClientCredential();
  const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
  const info = await clients.addSecret(tenant.tenantId, clientId, { hash, hint }, expiresAt);
  const lastUsedAt = async () => (await clients.listSecrets(tenant.tenantId, clientId))?.[0]?.lastUsedAt;
  return { tenantId: tenant.tenantId, clientId, secret, secretId: info?.secretId ?? '', lastUsedAt };
}

describe('the authorizer function', () => {
  it('allows a valid token for the whole API, with the tenant in the context and its API key', async () => {
    const tenant = await server.newTenant();
    await server.tokens.updateTenant(tenant.tenantId, { apiKeyId: 'key1', apiKey: 'api-key-value' });
    const result = await handler(event(`Bearer ${tenant.token}`));
    expect(result).toEqual({
      principalId: tenant.tenantId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: 'arn:aws:execute-api:eu-west-1:111111111111:abc123/prod/*',
          },
        ],
      },
      context: {
        tenantId: tenant.tenantId,
        tokenId: expect.stringMatching(/^tok_/),
        paused: false,
        deletionRetentionDays: 0,
        purgeDeactivatedAfterDays: 0,
      },
      usageIdentifierKey: 'api-key-value',
    });
    const [token] = await server.tokens.listTokens(tenant.tenantId);
    expect(token?.lastUsedAt).toEqual(expect.any(String));
  });

  it.each([
    {
      policy: { deletion: { mode: 'retain', days: 30 }, purgeDeactivatedAfterDays: 90, paused: true },
      context: { paused: true, deletionRetentionDays: 30, purgeDeactivatedAfterDays: 90 },
    },
    {
      policy: { deletion: { mode: 'hard' }, paused: true },
      context: { paused: true, deletionRetentionDays: 0, purgeDeactivatedAfterDays: 0 },
    },
    {
      policy: { deletion: { mode: 'hard' }, paused: false, logBodiesUntil: '2999-01-01T00:00:00.000Z' },
      context: {
        paused: false,
        deletionRetentionDays: 0,
        purgeDeactivatedAfterDays: 0,
        logBodiesUntil: '2999-01-01T00:00:00.000Z',
      },
    },
  ] as const)(
    "puts the tenant's policy in the context as strings, numbers and booleans only: $context",
    async ({ policy, context }) => {
      const tenant = await server.newTenant();
      expect(await server.tokens.setTenantPolicy(tenant.tenantId, policy, undefined, TEST_TABLES.data)).toBe(
        true,
      );
      const result = await handler(event(`Bearer ${tenant.token}`));
      expect(result.context).toEqual({ tenantId: tenant.tenantId, tokenId: expect.any(String), ...context });
      for (const value of Object.values(result.context ?? {}))
        expect(['string', 'number', 'boolean']).toContain(typeof value);
    },
  );

  it('answers Unauthorized (API Gateway: 401) for a missing, malformed, revoked or disabled-tenant token', async () => {
    const tenant = await server.newTenant();
    await expect(handler(event())).rejects.toThrow(/^Unauthorized$/);
    await expect(handler(event('Bearer scim_nope'))).rejects.toThrow(/^Unauthorized$/);
    await server.tokens.updateTenant(tenant.tenantId, { status: 'disabled' });
    await expect(handler(event(`Bearer ${tenant.token}`))).rejects.toThrow(/^Unauthorized$/);
  });

  it("allows a client's id and secret (Basic) as the tenant, with the secret's id as tokenId, and records its use at most hourly", async () => {
    const client = await tenantWithClient();
    expect(await client.lastUsedAt()).toBeUndefined();
    const result = await handler(event(basic(client.clientId, client.secret)));
    expect(result).toMatchObject({
      principalId: client.tenantId,
      context: { tenantId: client.tenantId, tokenId: client.secretId, paused: false },
    });
    const first = await client.lastUsedAt();
    expect(first).toEqual(expect.any(String));
    await handler(event(basic(client.clientId, client.secret)));
    expect(await client.lastUsedAt()).toBe(first);
  });

  it('answers Unauthorized for a wrong, revoked or disabled-tenant secret, and logs why without the secret', async () => {
    // The logger reads LOG_LEVEL once (tests run at 'warn'): a fresh authorizer at 'info' shows refusals.
    vi.resetModules();
    vi.stubEnv('LOG_LEVEL', 'info');
    const output = captureOutput();
    try {
      const { handler: logging } = await import('../../functions/authorizer');
      const client = await tenantWithClient();
      const wrong = generateClientSecret();
      await expect(logging(event(basic(client.clientId, wrong)))).rejects.toThrow(/^Unauthorized$/);
      await clients.revokeSecret(client.tenantId, client.clientId, client.secretId);
      await expect(logging(event(basic(client.clientId, client.secret)))).rejects.toThrow(/^Unauthorized$/);
      const other = await tenantWithClient();
      await server.tokens.updateTenant(other.tenantId, { status: 'disabled' });
      await expect(logging(event(basic(other.clientId, other.secret)))).rejects.toThrow(/^Unauthorized$/);
      const lines = output.lines();
      const refusals = output.json().filter((l) => l.message === 'token refused');
      expect(refusals.map(({ reason, clientId }) => ({ reason, clientId }))).toEqual([
        { reason: 'wrong_secret', clientId: client.clientId },
        { reason: 'revoked', clientId: client.clientId },
        { reason: 'inactive_tenant', clientId: other.clientId },
      ]);
      for (const secret of [wrong, client.secret, other.secret])
        expect(lines.join('\n')).not.toContain(secret);
      expect(lines.join('\n')).not.toMatch(/basic/i);
    } finally {
      output.restore();
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it('scopes the policy to the stage, not to the first path it saw (the answer is cached per token)', () => {
    expect(wholeApiArn('arn:aws:execute-api:r:1:api/stage/PATCH/scim/v2/Groups/abc')).toBe(
      'arn:aws:execute-api:r:1:api/stage/*',
    );
  });
});
