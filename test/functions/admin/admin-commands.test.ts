import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { adminCommands } from '../../../functions/admin/admin-commands';
import { authorize } from '../../../functions/auth/authorize';
import { ApiGatewayKeyStore } from '../../../functions/storage/api-key-store';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { TokenStore } from '../../../functions/storage/token-store';
import { apiGatewayMock } from '../../support/api-gateway-mock';
import { dynamoEndpoint } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

const tokens = new TokenStore(
  createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() }),
  TEST_TABLES.tokens,
);
let mock: ReturnType<typeof apiGatewayMock>;
let admin: ReturnType<typeof adminCommands>;
let tenantId: string;

beforeEach(() => {
  mock = apiGatewayMock();
  admin = adminCommands({
    tokens,
    apiKeys: new ApiGatewayKeyStore(mock.client),
    usagePlans: { standard: 'plan-standard', large: 'plan-large' },
    defaultTier: 'standard',
  });
  tenantId = `a-${randomBytes(5).toString('hex')}`;
});

const ok = async (request: Record<string, unknown>) => {
  const response = await admin(request);
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  // biome-ignore lint/suspicious/noExplicitAny: results are inspected freely in assertions
  return response.result as any;
};

describe('tenants', () => {
  it('are created with an API key in the default tier, without creating a usage plan', async () => {
    const tenant = await ok({ action: 'createTenant', tenantId });
    expect(tenant).toMatchObject({ tenantId, status: 'active', tier: 'standard', apiKeyId: 'key1' });
    expect(tenant.apiKey).toBeUndefined();
    expect(mock.calls.map((c) => c.command)).toEqual(['CreateApiKey', 'CreateUsagePlanKey']);
    expect(mock.calls[1]?.input).toMatchObject({ usagePlanId: 'plan-standard' });
    expect((await admin({ action: 'createTenant', tenantId })).ok).toBe(false);
  });

  it('move between tiers, their key moving between usage plans', async () => {
    await ok({ action: 'createTenant', tenantId });
    expect(await ok({ action: 'moveTenant', tenantId, tier: 'large' })).toMatchObject({ tier: 'large' });
    expect(mock.calls.slice(2)).toEqual([
      {
        command: 'CreateUsagePlanKey',
        input: { usagePlanId: 'plan-large', keyId: 'key1', keyType: 'API_KEY' },
      },
      { command: 'DeleteUsagePlanKey', input: { usagePlanId: 'plan-standard', keyId: 'key1' } },
    ]);
    expect(await admin({ action: 'moveTenant', tenantId, tier: 'gold' })).toMatchObject({
      ok: false,
      error: { code: 'UnknownTier' },
    });
  });

  it('can be disabled, which refuses their tokens, and enabled again', async () => {
    await ok({ action: 'createTenant', tenantId });
    const { token } = await ok({ action: 'createToken', tenantId, label: 'Entra' });
    await ok({ action: 'disableTenant', tenantId });
    expect((await authorize(`Bearer ${token}`, tokens)).allowed).toBe(false);
    await ok({ action: 'enableTenant', tenantId });
    expect((await authorize(`Bearer ${token}`, tokens)).allowed).toBe(true);
  });

  it('answer bad requests and unknown tenants with explicit errors', async () => {
    expect(await admin({ action: 'createTenant', tenantId: 'Not Valid!' })).toMatchObject({
      ok: false,
      error: { code: 'InvalidRequest' },
    });
    expect(await admin({ action: 'launch' })).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
    expect(await admin({ action: 'getTenant', tenantId })).toMatchObject({
      ok: false,
      error: { code: 'TenantNotFound' },
    });
    expect(await admin({ action: 'createToken', tenantId })).toMatchObject({
      ok: false,
      error: { code: 'TenantNotFound' },
    });
  });
});

describe('tokens', () => {
  it('are shown once in plaintext, then only by id, label, hint, creation and last use', async () => {
    await ok({ action: 'createTenant', tenantId });
    const created = await ok({ action: 'createToken', tenantId, label: 'Entra production' });
    expect(created.token).toMatch(/^scim_/);
    const [listed] = await ok({ action: 'listTokens', tenantId });
    expect(listed).toEqual({
      tokenId: created.tokenId,
      tenantId,
      label: 'Entra production',
      hint: `${created.token.slice(0, 9)}…${created.token.slice(-4)}`,
      status: 'active',
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(await ok({ action: 'listTokens', tenantId }))).not.toContain(created.token);
  });

  it('do not expire unless asked to', async () => {
    await ok({ action: 'createTenant', tenantId });
    const lasting = await ok({ action: 'createToken', tenantId });
    expect(lasting.expiresAt).toBeUndefined();
    const expired = await ok({ action: 'createToken', tenantId, expiresAt: '2020-01-01T00:00:00.000Z' });
    expect((await authorize(`Bearer ${expired.token}`, tokens)).allowed).toBe(false);
    expect((await authorize(`Bearer ${lasting.token}`, tokens)).allowed).toBe(true);
  });

  it('rotate without downtime: the old token works until revoked', async () => {
    await ok({ action: 'createTenant', tenantId });
    const old = await ok({ action: 'createToken', tenantId, label: 'Entra' });
    const rotated = await ok({ action: 'rotateToken', tenantId, tokenId: old.tokenId });
    expect(rotated).toMatchObject({ replaces: old.tokenId, label: 'Entra (rotated)' });
    expect((await authorize(`Bearer ${old.token}`, tokens)).allowed).toBe(true);
    expect((await authorize(`Bearer ${rotated.token}`, tokens)).allowed).toBe(true);
    await ok({ action: 'revokeToken', tenantId, tokenId: old.tokenId });
    expect((await authorize(`Bearer ${old.token}`, tokens)).allowed).toBe(false);
    expect((await authorize(`Bearer ${rotated.token}`, tokens)).allowed).toBe(true);
    expect(await admin({ action: 'revokeToken', tenantId, tokenId: 'tok_0000000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'TokenNotFound' },
    });
  });
});
