import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { adminCommands } from '../../../functions/admin/admin-commands';
import { authorize } from '../../../functions/auth/authorize';
import { ApiGatewayKeyStore } from '../../../functions/storage/api-key-store';
import { ClientStore } from '../../../functions/storage/client-store';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { TokenStore } from '../../../functions/storage/token-store';
import { apiGatewayMock } from '../../support/api-gateway-mock';
import { dynamoEndpoint } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const tokens = new TokenStore(db, TEST_TABLES.tokens);
const clients = new ClientStore(db, TEST_TABLES.tokens);
let mock: ReturnType<typeof apiGatewayMock>;
let admin: ReturnType<typeof adminCommands>;
let tenantId: string;
const usagePlans = { standard: 'plan-standard', large: 'plan-large' };

/** The admin commands against the API Gateway mock (apiGatewayMock), which refuses what API Gateway does. */
function adminWith(apiGateway: ReturnType<typeof apiGatewayMock>, now?: () => Date) {
  return adminCommands({
    tokens,
    clients,
    apiKeys: new ApiGatewayKeyStore(apiGateway.client),
    usagePlans,
    defaultTier: 'standard',
    ...(now === undefined ? {} : { now }),
  });
}

beforeEach(() => {
  mock = apiGatewayMock();
  admin = adminWith(mock);
  tenantId = `a-${randomBytes(5).toString('hex')}`;
});

const injected = (name: string) => Object.assign(new Error(`injected ${name}`), { name });

const ok = async (request: Record<string, unknown>, using: ReturnType<typeof adminCommands> = admin) => {
  const response = await using(request);
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  // biome-ignore lint/suspicious/noExplicitAny: results are inspected freely in assertions
  return response.result as any;
};

describe('tenants', () => {
  it('are created with an API key in the default tier, without creating a usage plan', async () => {
    const tenant = await ok({ action: 'createTenant', tenantId });
    expect(tenant).toMatchObject({ tenantId, status: 'active', tier: 'standard', apiKeyId: 'key1' });
    expect(tenant.apiKey).toBeUndefined();
    expect(tenant.lease).toBeUndefined();
    expect(mock.calls.filter((c) => c.command.startsWith('Create')).map((c) => c.command)).toEqual([
      'CreateApiKey',
      'CreateUsagePlanKey',
    ]);
    expect(mock.plansOf('key1')).toEqual(['plan-standard']);
    expect(await admin({ action: 'createTenant', tenantId })).toMatchObject({
      ok: false,
      error: { code: 'TenantExists' },
    });
    expect(mock.keys()).toHaveLength(1);
  });

  it('move between tiers, their key leaving the old usage plan before joining the new one', async () => {
    await ok({ action: 'createTenant', tenantId });
    expect(await ok({ action: 'moveTenant', tenantId, tier: 'large' })).toMatchObject({ tier: 'large' });
    expect(mock.plansOf('key1')).toEqual(['plan-large']);
    expect(await ok({ action: 'getTenant', tenantId })).toMatchObject({ tier: 'large' });
    expect(await admin({ action: 'moveTenant', tenantId, tier: 'gold' })).toMatchObject({
      ok: false,
      error: { code: 'UnknownTier' },
    });
  });

  it('can be disabled, which refuses their tokens, and enabled again', async () => {
    await ok({ action: 'createTenant', tenantId });
    const { token } = await ok({ action: 'createToken', tenantId, label: 'Entra' });
    await ok({ action: 'disableTenant', tenantId });
    expect((await authorize(`Bearer ${token}`, { tokens, clients })).allowed).toBe(false);
    await ok({ action: 'enableTenant', tenantId });
    expect((await authorize(`Bearer ${token}`, { tokens, clients })).allowed).toBe(true);
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

  it('do not expire unless asked to, and stop at their expiry', async () => {
    await ok({ action: 'createTenant', tenantId });
    const lasting = await ok({ action: 'createToken', tenantId });
    expect(lasting.expiresAt).toBeUndefined();
    const expiring = await ok({ action: 'createToken', tenantId, expiresAt: '2030-01-01' });
    expect(expiring.expiresAt).toBe('2030-01-01T23:59:59.999Z');
    const later = new TokenStore(
      createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() }),
      TEST_TABLES.tokens,
      () => new Date('2030-01-02T00:00:00.000Z'),
    );
    expect((await authorize(`Bearer ${expiring.token}`, { tokens: later, clients })).allowed).toBe(false);
    expect((await authorize(`Bearer ${lasting.token}`, { tokens: later, clients })).allowed).toBe(true);
  });

  it.each([
    ['an impossible date', '2027-02-30'],
    ['a past date', '2020-01-01'],
    ['a timestamp without its offset', '2030-01-01T10:00:00'],
  ])('refuse %s as an expiry, issuing nothing', async (_, expiresAt) => {
    await ok({ action: 'createTenant', tenantId });
    expect(await admin({ action: 'createToken', tenantId, expiresAt })).toMatchObject({
      ok: false,
      error: { code: 'InvalidRequest' },
    });
    expect(await ok({ action: 'listTokens', tenantId })).toEqual([]);
  });

  it("rotate keeping the old token's expiry, or the one given", async () => {
    await ok({ action: 'createTenant', tenantId });
    const old = await ok({ action: 'createToken', tenantId, expiresAt: '2031-06-30' });
    const kept = await ok({ action: 'rotateToken', tenantId, tokenId: old.tokenId });
    expect(kept.expiresAt).toBe('2031-06-30T23:59:59.999Z');
    const renewed = await ok({
      action: 'rotateToken',
      tenantId,
      tokenId: old.tokenId,
      expiresAt: '2032-01-31',
    });
    expect(renewed.expiresAt).toBe('2032-01-31T23:59:59.999Z');
    expect(
      await admin({ action: 'rotateToken', tenantId, tokenId: old.tokenId, expiresAt: '2031-02-29' }),
    ).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
  });

  it('rotate without downtime: the old token works until revoked', async () => {
    await ok({ action: 'createTenant', tenantId });
    const old = await ok({ action: 'createToken', tenantId, label: 'Entra' });
    const rotated = await ok({ action: 'rotateToken', tenantId, tokenId: old.tokenId });
    expect(rotated).toMatchObject({ replaces: old.tokenId, label: 'Entra (rotated)' });
    expect((await authorize(`Bearer ${old.token}`, { tokens, clients })).allowed).toBe(true);
    expect((await authorize(`Bearer ${rotated.token}`, { tokens, clients })).allowed).toBe(true);
    await ok({ action: 'revokeToken', tenantId, tokenId: old.tokenId });
    expect((await authorize(`Bearer ${old.token}`, { tokens, clients })).allowed).toBe(false);
    expect((await authorize(`Bearer ${rotated.token}`, { tokens, clients })).allowed).toBe(true);
    expect(await admin({ action: 'revokeToken', tenantId, tokenId: 'tok_0000000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'TokenNotFound' },
    });
  });
});

describe('tenants create, failing part-way (failures injected by apiGatewayMock)', () => {
  /** Fails the first call of `command` in `phase`; a retry then runs into no failure. */
  const failOnce = (command: string, phase: 'before' | 'after') => {
    let armed = true;
    return apiGatewayMock({
      fail: (c, _input, p) => {
        if (!armed || c !== command || p !== phase) return undefined;
        armed = false;
        return injected('ServiceUnavailableException');
      },
    });
  };

  it.each([
    ['GetApiKeys', 'before'],
    ['CreateApiKey', 'before'],
    ['CreateApiKey', 'after'],
    ['GetUsagePlanKey', 'before'],
    ['CreateUsagePlanKey', 'before'],
    ['CreateUsagePlanKey', 'after'],
  ] as const)(
    'at %s (%s it is applied) is completed by a retry, with one API key',
    async (command, phase) => {
      const apiGateway = failOnce(command, phase);
      const failing = adminWith(apiGateway);
      expect(await failing({ action: 'createTenant', tenantId })).toMatchObject({
        ok: false,
        error: { code: 'Incomplete', message: expect.stringContaining('run the same command again') },
      });
      // Not usable meanwhile: a token issued now is refused until the create completes.
      const early = await ok({ action: 'createToken', tenantId }, failing);
      expect((await authorize(`Bearer ${early.token}`, { tokens, clients })).allowed).toBe(false);

      const tenant = await ok({ action: 'createTenant', tenantId }, failing);
      expect(tenant).toMatchObject({ status: 'active', tier: 'standard' });
      expect(apiGateway.keys()).toHaveLength(1);
      expect(tenant.apiKeyId).toBe(apiGateway.keys()[0]?.id);
      expect(apiGateway.plansOf(tenant.apiKeyId)).toEqual(['plan-standard']);
      expect((await authorize(`Bearer ${early.token}`, { tokens, clients })).allowed).toBe(true);
    },
  );

  it('run twice at once makes one tenant with one API key', async () => {
    const [first, second] = await Promise.all([
      admin({ action: 'createTenant', tenantId }),
      admin({ action: 'createTenant', tenantId }),
    ]);
    const outcomes = [first, second].map((r) => (r.ok ? 'ok' : r.error.code));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(['TenantBusy', 'TenantExists']).toContain(outcomes.find((o) => o !== 'ok'));
    expect(mock.keys()).toHaveLength(1);
    expect(await ok({ action: 'getTenant', tenantId })).toMatchObject({ status: 'active', apiKeyId: 'key1' });
    expect(mock.plansOf('key1')).toEqual(['plan-standard']);
  });

  it('that crashed holding its lease is taken over once the lease runs out', async () => {
    // A create that reserved the id, created the key, and then died (no answer, no clean-up).
    const lease = { id: 'crashed', until: new Date(Date.now() + 60_000).toISOString() };
    await tokens.reserveTenant({ tenantId, tier: 'standard' }, lease);
    await new ApiGatewayKeyStore(mock.client).ensureKey(tenantId);
    expect(await admin({ action: 'createTenant', tenantId })).toMatchObject({
      ok: false,
      error: { code: 'TenantBusy' },
    });
    const later = adminWith(mock, () => new Date(Date.now() + 120_000));
    const response = await later({ action: 'createTenant', tenantId });
    expect(response).toMatchObject({ ok: true, result: { status: 'active', apiKeyId: 'key1' } });
    expect(mock.keys()).toHaveLength(1);
  });
});

describe('a retired tier', () => {
  const retiredAdmin = () =>
    adminCommands({
      tokens,
      clients,
      apiKeys: new ApiGatewayKeyStore(mock.client),
      usagePlans,
      defaultTier: 'standard',
      retiredTiers: ['large'],
    });

  it.each([
    [
      'tenants create --tier large',
      (id: string) => ({ action: 'createTenant', tenantId: id, tier: 'large' }),
    ],
    ['tenants move --tier large', (id: string) => ({ action: 'moveTenant', tenantId: id, tier: 'large' })],
  ])('refuses %s: its plan stays for its tenants, but none may join', async (_, request) => {
    const admin = retiredAdmin();
    await ok({ action: 'createTenant', tenantId }, admin);
    expect(await admin(request(tenantId))).toMatchObject({
      ok: false,
      error: { code: 'UnknownTier', message: expect.stringContaining("'large' is retired") },
    });
    expect(mock.plansOf('key1')).toEqual(['plan-standard']);
  });
});

describe('tenants move, failing', () => {
  it('leaves the tenant in its tier, its key back in the old usage plan', async () => {
    let armed = true;
    const apiGateway = apiGatewayMock({
      fail: (command, input, phase) => {
        if (!(armed && command === 'CreateUsagePlanKey' && input.usagePlanId === 'plan-large'))
          return undefined;
        if (phase !== 'before') return undefined;
        armed = false;
        return injected('TooManyRequestsException');
      },
    });
    const failing = adminWith(apiGateway);
    const own = tenantId;
    expect((await failing({ action: 'createTenant', tenantId: own })).ok).toBe(true);
    expect(await failing({ action: 'moveTenant', tenantId: own, tier: 'large' })).toMatchObject({
      ok: false,
      error: { code: 'Incomplete' },
    });
    const [key] = apiGateway.keys();
    expect(apiGateway.plansOf(key?.id as string)).toEqual(['plan-standard']);
    expect(await failing({ action: 'getTenant', tenantId: own })).toMatchObject({
      ok: true,
      result: { tier: 'standard' },
    });
    expect(await failing({ action: 'moveTenant', tenantId: own, tier: 'large' })).toMatchObject({ ok: true });
    expect(apiGateway.plansOf(key?.id as string)).toEqual(['plan-large']);
  });
});

describe('tenants delete', () => {
  it("removes the tenant's tokens, API key and usage-plan key, and its record", async () => {
    await ok({ action: 'createTenant', tenantId });
    const { token } = await ok({ action: 'createToken', tenantId });
    const deleted = await ok({ action: 'deleteTenant', tenantId });
    expect(deleted).toMatchObject({ tenantId, deleted: true, tokens: 1, apiKeys: 1, data: 'kept' });
    expect(mock.keys()).toEqual([]);
    expect(mock.calls.map((c) => c.command)).toEqual(
      expect.arrayContaining(['DeleteUsagePlanKey', 'DeleteApiKey']),
    );
    expect((await authorize(`Bearer ${token}`, { tokens, clients })).allowed).toBe(false);
    expect(await tokens.listTokens(tenantId)).toEqual([]);
    expect(await admin({ action: 'getTenant', tenantId })).toMatchObject({
      error: { code: 'TenantNotFound' },
    });
    // The id is free again.
    expect(await ok({ action: 'createTenant', tenantId })).toMatchObject({ status: 'active' });
  });

  it('of a create that failed after making its key removes that key too (no orphan)', async () => {
    const apiGateway = apiGatewayMock({
      fail: (command, _input, phase) =>
        command === 'CreateApiKey' && phase === 'after' ? injected('NetworkingError') : undefined,
    });
    const failing = adminWith(apiGateway);
    expect((await failing({ action: 'createTenant', tenantId })).ok).toBe(false);
    expect(apiGateway.keys()).toHaveLength(1);
    expect(await failing({ action: 'deleteTenant', tenantId })).toMatchObject({
      ok: true,
      result: { apiKeys: 1 },
    });
    expect(apiGateway.keys()).toEqual([]);
  });

  it('interrupted, is completed by running it again; meanwhile the tenant is refused', async () => {
    let armed = true;
    const apiGateway = apiGatewayMock({
      fail: (command, _input, phase) => {
        if (!(armed && command === 'DeleteApiKey' && phase === 'before')) return undefined;
        armed = false;
        return injected('TooManyRequestsException');
      },
    });
    const failing = adminWith(apiGateway);
    await failing({ action: 'createTenant', tenantId });
    expect(await failing({ action: 'deleteTenant', tenantId })).toMatchObject({
      error: { code: 'Incomplete' },
    });
    expect(await failing({ action: 'getTenant', tenantId })).toMatchObject({
      result: { status: 'deleting' },
    });
    expect(await failing({ action: 'enableTenant', tenantId })).toMatchObject({
      error: { code: 'TenantBusy' },
    });
    expect(await failing({ action: 'createTenant', tenantId })).toMatchObject({
      error: { code: 'TenantBusy' },
    });
    expect(await failing({ action: 'deleteTenant', tenantId })).toMatchObject({ ok: true });
    expect(apiGateway.keys()).toEqual([]);
  });

  it('works without API Gateway (the local endpoint, --local)', async () => {
    const local = adminCommands({ tokens, clients, usagePlans: {}, defaultTier: 'standard' });
    await local({ action: 'createTenant', tenantId });
    await local({ action: 'createToken', tenantId });
    expect(await local({ action: 'deleteTenant', tenantId })).toMatchObject({
      ok: true,
      result: { tokens: 1, apiKeys: 0 },
    });
    expect(await local({ action: 'getTenant', tenantId })).toMatchObject({
      error: { code: 'TenantNotFound' },
    });
  });
});
