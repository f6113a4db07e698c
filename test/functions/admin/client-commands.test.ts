/**
 * `clients …` (issue 12) on DynamoDB Local: a client and its secrets as the admin function makes them, and
 * as the token endpoint then sees them (ClientStore.checkSecret, by the secret's hash).
 */
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { adminCommands } from '../../../functions/admin/admin-commands';
import { hashToken } from '../../../functions/auth/bearer-token';
import { ClientStore } from '../../../functions/storage/client-store';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { TokenStore } from '../../../functions/storage/token-store';
import { dynamoEndpoint } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const tokens = new TokenStore(db, TEST_TABLES.tokens);
const clients = new ClientStore(db, TEST_TABLES.tokens);
const NOW = new Date('2026-12-02T10:00:00.000Z');
const admin = adminCommands({ tokens, clients, usagePlans: {}, defaultTier: 'standard', now: () => NOW });
let tenantId: string;

beforeEach(async () => {
  tenantId = `c-${randomBytes(5).toString('hex')}`;
  await ok({ action: 'createTenant', tenantId });
});

// biome-ignore lint/suspicious/noExplicitAny: results are inspected freely in assertions
const ok = async (request: Record<string, unknown>): Promise<any> => {
  const response = await admin(request);
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result;
};
const refusal = async (request: Record<string, unknown>) => {
  const response = await admin(request);
  return response.ok ? response : response.error.code;
};
/** The secret as the token endpoint checks it: by the client id and the secret's SHA-256. */
const check = (clientId: string, secret: string, at = clients) => at.checkSecret(clientId, hashToken(secret));
const later = (iso: string) => new ClientStore(db, TEST_TABLES.tokens, () => new Date(iso));

describe('clients create', () => {
  it('makes a client and its first secret, which authenticates; the secret is in this answer only', async () => {
    const created = await ok({ action: 'createClient', tenantId, label: 'Entra production' });
    expect(created).toMatchObject({
      clientId: expect.stringMatching(/^cli_[0-9a-f]{24}$/),
      tenantId,
      label: 'Entra production',
      method: 'client_secret',
      accessTokenLifetime: 3600,
      clientSecret: expect.stringMatching(/^scimcs_/),
      secret: { secretId: expect.stringMatching(/^sec_[0-9a-f]{16}$/), status: 'active' },
    });
    expect(await check(created.clientId, created.clientSecret)).toMatchObject({
      ok: true,
      secret: { tenantId, clientId: created.clientId, secretId: created.secret.secretId },
    });
    const [secret] = await ok({ action: 'listClientSecrets', tenantId, clientId: created.clientId });
    expect(secret.hint).toBe(`${created.clientSecret.slice(0, 11)}…${created.clientSecret.slice(-4)}`);
    expect(JSON.stringify(await ok({ action: 'listClients', tenantId }))).not.toContain(created.clientSecret);
  });

  it.each([
    [{}, '2028-12-02T10:00:00.000Z', 3600],
    [{ years: 1 }, '2027-12-02T10:00:00.000Z', 3600],
    [{ years: 3, accessTokenLifetime: 21600 }, '2029-12-02T10:00:00.000Z', 21600],
  ])('with %j: the secret expires %s, access tokens last %i s', async (options, expiresAt, lifetime) => {
    const created = await ok({ action: 'createClient', tenantId, ...options });
    expect(created.secret.expiresAt).toBe(expiresAt);
    expect(created.accessTokenLifetime).toBe(lifetime);
  });

  it('gives a secret that stops authenticating at its expiry', async () => {
    const created = await ok({ action: 'createClient', tenantId, years: 1 });
    expect(
      await check(created.clientId, created.clientSecret, later('2027-12-02T09:59:59.000Z')),
    ).toMatchObject({ ok: true });
    expect(
      await check(created.clientId, created.clientSecret, later('2027-12-02T10:00:00.000Z')),
    ).toMatchObject({
      ok: false,
      reason: 'expired',
    });
  });

  it.each([
    ['0 years', { years: 0 }],
    ['4 years', { years: 4 }],
    ['1.5 years', { years: 1.5 }],
    ['a lifetime under an hour', { accessTokenLifetime: 3599 }],
    ['a lifetime over six hours', { accessTokenLifetime: 21601 }],
    ['an unknown field', { secret: 'chosen' }],
  ])('refuses %s, making nothing', async (_, fields) => {
    expect(await refusal({ action: 'createClient', tenantId, ...fields })).toBe('InvalidRequest');
    expect(await ok({ action: 'listClients', tenantId })).toEqual([]);
  });

  it('refuses a tenant that does not exist', async () => {
    expect(await refusal({ action: 'createClient', tenantId: `${tenantId}-none` })).toBe('TenantNotFound');
  });
});

describe('clients secrets', () => {
  it('add up to 5 live secrets, each authenticating; the 6th is TooManySecrets until one is revoked', async () => {
    const created = await ok({ action: 'createClient', tenantId });
    const { clientId } = created;
    const added = [];
    for (let i = 0; i < 4; i++) added.push(await ok({ action: 'addClientSecret', tenantId, clientId }));
    for (const { clientSecret } of [created, ...added])
      expect(await check(clientId, clientSecret)).toMatchObject({ ok: true });
    expect(await refusal({ action: 'addClientSecret', tenantId, clientId })).toBe('TooManySecrets');
    await ok({ action: 'revokeClientSecret', tenantId, clientId, secretId: created.secret.secretId });
    expect(await ok({ action: 'addClientSecret', tenantId, clientId, years: 3 })).toMatchObject({
      clientId,
      expiresAt: '2029-12-02T10:00:00.000Z',
      clientSecret: expect.stringMatching(/^scimcs_/),
    });
    const listed = await ok({ action: 'listClientSecrets', tenantId, clientId });
    expect(listed.map((s: { status: string }) => s.status).sort()).toEqual([
      'active',
      'active',
      'active',
      'active',
      'active',
      'revoked',
    ]);
    expect((await ok({ action: 'listClients', tenantId }))[0]).toMatchObject({ clientId, activeSecrets: 5 });
  });

  it('rotate without downtime: the old secret works until revoked, then it is refused', async () => {
    const { clientId, clientSecret: old, secret } = await ok({ action: 'createClient', tenantId });
    const { clientSecret: next } = await ok({ action: 'addClientSecret', tenantId, clientId });
    expect(await check(clientId, old)).toMatchObject({ ok: true });
    expect(await check(clientId, next)).toMatchObject({ ok: true });
    expect(
      await ok({ action: 'revokeClientSecret', tenantId, clientId, secretId: secret.secretId }),
    ).toMatchObject({ secretId: secret.secretId, status: 'revoked' });
    expect(await check(clientId, old)).toMatchObject({ ok: false, reason: 'revoked' });
    expect(await check(clientId, next)).toMatchObject({ ok: true });
  });

  it('list an expired secret as expired', async () => {
    const { clientId } = await ok({ action: 'createClient', tenantId, years: 1 });
    const inTwoYears = adminCommands({
      tokens,
      clients,
      usagePlans: {},
      defaultTier: 'standard',
      now: () => new Date('2028-12-02T10:00:00.000Z'),
    });
    const listed = await inTwoYears({ action: 'listClientSecrets', tenantId, clientId });
    expect(listed).toMatchObject({ ok: true, result: [{ status: 'expired' }] });
  });

  it('of an unknown secret id are SecretNotFound', async () => {
    const { clientId } = await ok({ action: 'createClient', tenantId });
    expect(
      await refusal({ action: 'revokeClientSecret', tenantId, clientId, secretId: 'sec_0000000000000000' }),
    ).toBe('SecretNotFound');
  });
});

describe("another tenant's client", () => {
  it.each([
    ['deleteClient', 'ClientNotFound'],
    ['addClientSecret', 'ClientNotFound'],
    ['listClientSecrets', 'ClientNotFound'],
    ['revokeClientSecret', 'SecretNotFound'],
  ])('is not found by %s (%s), and is left as it was', async (action, expected) => {
    const theirs = `${tenantId}-b`;
    await ok({ action: 'createTenant', tenantId: theirs });
    const created = await ok({ action: 'createClient', tenantId: theirs });
    const request = { action, tenantId, clientId: created.clientId };
    const code = await refusal(
      action === 'revokeClientSecret' ? { ...request, secretId: created.secret.secretId } : request,
    );
    expect(code).toBe(expected);
    expect(await check(created.clientId, created.clientSecret)).toMatchObject({ ok: true });
    expect(
      await ok({ action: 'listClientSecrets', tenantId: theirs, clientId: created.clientId }),
    ).toHaveLength(1);
  });
});

describe('clients delete', () => {
  it('deletes the client with its secrets, which no longer authenticate', async () => {
    const { clientId, clientSecret } = await ok({ action: 'createClient', tenantId });
    expect(await ok({ action: 'deleteClient', tenantId, clientId })).toMatchObject({ clientId, tenantId });
    expect(await check(clientId, clientSecret)).toEqual({ ok: false, reason: 'unknown_client' });
    expect(await ok({ action: 'listClients', tenantId })).toEqual([]);
    expect(await refusal({ action: 'deleteClient', tenantId, clientId })).toBe('ClientNotFound');
  });

  it.each([
    ['a client id of another form', { clientId: 'cli_123' }],
    ['a secret id of another form', { clientId: 'cli_000000000000000000000000', secretId: 'tok_1' }],
  ])('refuses %s as an invalid request', async (_, fields) => {
    const action = 'secretId' in fields ? 'revokeClientSecret' : 'deleteClient';
    expect(await refusal({ action, tenantId, ...fields })).toBe('InvalidRequest');
  });
});

describe('tenants delete', () => {
  it("deletes the tenant's clients and trusts with their secrets, and says how many", async () => {
    const { clientId, clientSecret } = await ok({ action: 'createClient', tenantId });
    await ok({ action: 'addClientSecret', tenantId, clientId });
    await ok({
      action: 'createTrust',
      tenantId,
      entraTenant: '11111111-2222-3333-4444-555555555555',
      subject: '66666666-7777-8888-9999-000000000000',
      audience: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    });
    expect(await ok({ action: 'deleteTenant', tenantId })).toMatchObject({ deleted: true, clients: 2 });
    expect(await check(clientId, clientSecret)).toEqual({ ok: false, reason: 'unknown_client' });
    expect(await clients.listClients(tenantId)).toEqual([]);
  });
});
