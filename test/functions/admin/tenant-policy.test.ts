import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { adminCommands } from '../../../functions/admin/admin-commands';
import { authorize } from '../../../functions/auth/authorize';
import { issueBearerToken } from '../../../functions/auth/bearer-token';
import { DEFAULT_TENANT_POLICY, type TenantPolicy } from '../../../functions/scim/tenant-policy';
import { ClientStore } from '../../../functions/storage/client-store';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { keys } from '../../../functions/storage/table-design';
import { TokenStore } from '../../../functions/storage/token-store';
import { dynamoEndpoint } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
let clock = Date.parse('2026-06-01T10:00:00.000Z');
const tokens = new TokenStore(db, TEST_TABLES.tokens, () => new Date(clock));
const clients = new ClientStore(db, TEST_TABLES.tokens);
/** As the admin function runs: the tokens table, and the data table it mirrors the policy into. */
const admin = adminCommands({
  tokens,
  clients,
  usagePlans: {},
  defaultTier: 'standard',
  dataTable: TEST_TABLES.data,
});
let tenantId: string;

beforeEach(async () => {
  tenantId = `pol-${randomBytes(5).toString('hex')}`;
  expect(await admin({ action: 'createTenant', tenantId })).toMatchObject({ ok: true });
});

const set = (change: Record<string, unknown>, id = tenantId) =>
  admin({ action: 'setTenantPolicy', tenantId: id, ...change });

async function policyItem(id = tenantId) {
  const { Item } = await db.send(
    new GetCommand({ TableName: TEST_TABLES.data, Key: keys.policy(id), ConsistentRead: true }),
  );
  return Item;
}

const retain = (days: number) => ({ mode: 'retain', days }) as const;
/** An instant `hours` from the real clock (the admin function's), plus `skewMs`. */
const hoursFromNow = (hours: number, skewMs = 0) =>
  new Date(Date.now() + hours * 3_600_000 + skewMs).toISOString();

describe('tenants set: a partial change of the policy, everything not named kept', () => {
  it('starts from the default, which tenants show reports before any change', async () => {
    expect(await admin({ action: 'getTenant', tenantId })).toMatchObject({
      ok: true,
      result: { tenantId, policy: DEFAULT_TENANT_POLICY },
    });
    expect(await policyItem()).toBeUndefined();
  });

  // One tenant through a sequence of changes: each row starts from the policy of the row before.
  const steps: { change: Record<string, unknown>; policy: TenantPolicy }[] = [
    { change: { deletion: 'retain' }, policy: { deletion: retain(30), paused: false } },
    { change: { deletion: 'retain', retainDays: 60 }, policy: { deletion: retain(60), paused: false } },
    {
      change: { purgeDeactivatedAfterDays: 90 },
      policy: { deletion: retain(60), purgeDeactivatedAfterDays: 90, paused: false },
    },
    {
      change: { pause: true, resume: false },
      policy: { deletion: retain(60), purgeDeactivatedAfterDays: 90, paused: true },
    },
    // Already retaining: --deletion retain alone keeps the days.
    {
      change: { deletion: 'retain' },
      policy: { deletion: retain(60), purgeDeactivatedAfterDays: 90, paused: true },
    },
    { change: { purgeDeactivatedAfterDays: 'off' }, policy: { deletion: retain(60), paused: true } },
    { change: { resume: true }, policy: { deletion: retain(60), paused: false } },
    { change: { deletion: 'hard' }, policy: { deletion: { mode: 'hard' }, paused: false } },
  ];

  it('applies each change, on the tenant and in the data table, in one transaction', async () => {
    let writtenAt = '';
    let previous: TenantPolicy = DEFAULT_TENANT_POLICY;
    for (const [i, { change, policy }] of steps.entries()) {
      clock += 1000;
      // A change that changes nothing writes nothing: the item keeps the time of the last one.
      if (JSON.stringify(policy) !== JSON.stringify(previous)) writtenAt = new Date(clock).toISOString();
      previous = policy;
      const response = await set(change);
      expect({ step: i, change, response }).toEqual({
        step: i,
        change,
        response: { ok: true, result: expect.objectContaining({ tenantId, policy }) },
      });
      expect((await tokens.getTenant(tenantId))?.policy).toEqual(policy);
      expect(await policyItem()).toEqual({
        ...keys.policy(tenantId),
        type: 'Policy',
        tenantId,
        policy,
        updatedAt: writtenAt,
      });
    }
  });

  it('writes nothing for a change that changes nothing', async () => {
    await set({ pause: true });
    const written = await policyItem();
    clock += 60_000;
    expect(await set({ pause: true })).toMatchObject({ ok: true, result: { policy: { paused: true } } });
    expect(await policyItem()).toEqual(written);
  });

  it('applies two changes made at once, neither losing the other', async () => {
    const results = await Promise.all([
      set({ pause: true }),
      set({ deletion: 'retain', retainDays: 7 }),
      set({ purgeDeactivatedAfterDays: 30 }),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, true]);
    const expected = { deletion: retain(7), purgeDeactivatedAfterDays: 30, paused: true };
    expect((await tokens.getTenant(tenantId))?.policy).toEqual(expected);
    expect((await policyItem())?.policy).toEqual(expected);
  });

  it('reaches the authorizer: the resolved token carries the policy', async () => {
    const issued = await issueBearerToken(tokens, tenantId, 'Entra');
    const header = `Bearer ${issued?.token}`;
    expect(await authorize(header, { tokens, clients })).toMatchObject({
      allowed: true,
      policy: DEFAULT_TENANT_POLICY,
    });
    await set({ pause: true, deletion: 'retain' });
    expect(await authorize(header, { tokens, clients })).toMatchObject({
      allowed: true,
      policy: { deletion: retain(30), paused: true },
    });
  });
});

describe('tenants set --log-bodies: an instant at most a week ahead, or off', () => {
  it('sets it, keeps it through other changes, hands it to the authorizer, and turns it off', async () => {
    const until = hoursFromNow(24);
    const withBodies = { ...DEFAULT_TENANT_POLICY, logBodiesUntil: until };
    expect(await set({ logBodiesUntil: until })).toMatchObject({ ok: true, result: { policy: withBodies } });
    expect(await set({ pause: true })).toMatchObject({
      ok: true,
      result: { policy: { ...withBodies, paused: true } },
    });
    expect((await policyItem())?.policy).toEqual({ ...withBodies, paused: true });
    const issued = await issueBearerToken(tokens, tenantId, 'Entra');
    expect(await authorize(`Bearer ${issued?.token}`, { tokens, clients })).toMatchObject({
      allowed: true,
      policy: { logBodiesUntil: until },
    });
    // A week ahead as the CLI's clock reckoned it, a little ahead of the function's: still taken.
    const week = hoursFromNow(7 * 24, 60_000);
    expect(await set({ logBodiesUntil: week })).toMatchObject({
      ok: true,
      result: { policy: { logBodiesUntil: week } },
    });
    const off = await set({ logBodiesUntil: 'off' });
    expect(off).toMatchObject({ ok: true, result: { policy: { deletion: { mode: 'hard' }, paused: true } } });
    expect(off.ok && (off.result as { policy: TenantPolicy }).policy).not.toHaveProperty('logBodiesUntil');
    expect((await tokens.getTenant(tenantId))?.policy).toEqual({ ...DEFAULT_TENANT_POLICY, paused: true });
  });
});

describe('tenants set, refused (nothing written)', () => {
  it.each([
    [{}, 'tenants set needs at least one of'],
    [{ pause: false, resume: false }, 'tenants set needs at least one of'],
    [{ pause: true, resume: true }, '--pause and --resume contradict each other'],
    [{ deletion: 'soft' }, "--deletion takes hard or retain, not 'soft'"],
    [{ retainDays: 30 }, '--retain-days goes with --deletion retain'],
    [{ deletion: 'hard', retainDays: 30 }, '--retain-days goes with --deletion retain'],
    [{ deletion: 'retain', retainDays: 0 }, '--retain-days takes 1 to 365 days, not 0'],
    [{ deletion: 'retain', retainDays: 366 }, '--retain-days takes 1 to 365 days, not 366'],
    [{ purgeDeactivatedAfterDays: 0 }, '--purge-deactivated-after takes 1 to 3650 days or off, not 0'],
    [{ purgeDeactivatedAfterDays: 3651 }, '--purge-deactivated-after takes 1 to 3650 days or off'],
    [{ purgeDeactivatedAfterDays: 'never' }, 'purgeDeactivatedAfterDays'],
    [{ deletion: 'retain', retainDays: 1.5 }, 'retainDays'],
    [{ logBodiesUntil: 'tomorrow' }, "--log-bodies takes a duration such as 24h, or off, not 'tomorrow'"],
    [{ logBodiesUntil: '2026-02-30T00:00:00.000Z' }, '--log-bodies takes a duration such as 24h'],
    [{ logBodiesUntil: '2999-01-01' }, '--log-bodies takes a duration such as 24h'],
    [{ logBodiesUntil: hoursFromNow(-1) }, 'is in the past'],
    [{ logBodiesUntil: hoursFromNow(7 * 24 + 1) }, 'is more than 7 days ahead'],
    [{ logBodiesUntil: 24 }, 'logBodiesUntil'],
  ])('%j: %s', async (change, message) => {
    const response = await set(change);
    expect(response).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
    expect(response.ok === false && response.error.message).toContain(message);
    expect((await tokens.getTenant(tenantId))?.policy).toBeUndefined();
    expect(await policyItem()).toBeUndefined();
  });

  it('for a tenant that does not exist, or is not active', async () => {
    expect(await set({ pause: true }, `nope-${tenantId}`)).toMatchObject({
      ok: false,
      error: { code: 'TenantNotFound' },
    });
    await admin({ action: 'disableTenant', tenantId });
    expect(await set({ pause: true })).toMatchObject({
      ok: false,
      error: { code: 'TenantBusy', message: expect.stringContaining('is disabled') },
    });
    expect(await policyItem()).toBeUndefined();
  });

  it('by an admin function that was given no data table', async () => {
    const without = adminCommands({ tokens, clients, usagePlans: {}, defaultTier: 'standard' });
    expect(await without({ action: 'setTenantPolicy', tenantId, pause: true })).toMatchObject({
      ok: false,
      error: { code: 'InvalidRequest' },
    });
    expect((await tokens.getTenant(tenantId))?.policy).toBeUndefined();
  });
});
