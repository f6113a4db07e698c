import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCommands } from '../../../functions/admin/admin-commands';
import { REINDEX_PAGES_PER_CALL } from '../../../functions/admin/tenant-reindex';
import { foldCase } from '../../../functions/scim/filter/fold-case';
import { EmailReindex } from '../../../functions/storage/email-reindex';
import { keys } from '../../../functions/storage/table-design';
import { startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';
import { createUser } from '../../support/users';

/**
 * `tenants reindex`: users stored before email items existed (simulated by deleting their items) are not
 * found by Entra's email lookup until the command writes their items, a bounded number of pages per call,
 * resumable with `--from`; other tenants are left alone.
 */
let server: TestServer;
const options = () => ({
  tokens: server.tokens,
  clients: server.clients,
  usagePlans: {},
  defaultTier: 'standard',
});

beforeAll(async () => {
  server = await startScimServer();
});
afterAll(() => server.close());

const USERS = REINDEX_PAGES_PER_CALL + 3;
const address = (i: number) => `legacy${i}@contoso.example`;
const lookup = (t: TestTenant, i: number) =>
  t.request('GET', `/Users?filter=${encodeURIComponent(`emails[type eq "work"].value eq "${address(i)}"`)}`);

/** A tenant of USERS users whose email items are gone, as if stored by an earlier version. */
async function legacyTenant(): Promise<TestTenant> {
  const t = await server.newTenant();
  for (let i = 0; i < USERS; i++) await createUser(t, address(i));
  for (let i = 0; i < USERS; i++) {
    const pk = keys.emailPartition(t.tenantId, 'User', foldCase(address(i)));
    const { Items = [] } = await server.db.send(
      new QueryCommand({
        TableName: TEST_TABLES.data,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    );
    const DeleteRequest = { Key: { pk, sk: Items[0]?.sk } };
    await server.db.send(
      new BatchWriteCommand({ RequestItems: { [TEST_TABLES.data]: [{ DeleteRequest }] } }),
    );
  }
  return t;
}

describe('tenants reindex', () => {
  it('writes the email items of a page of users at a time, and goes on from --from until done', async () => {
    const [tenant, other] = [await legacyTenant(), await legacyTenant()];
    expect((await lookup(tenant, 0)).body.totalResults).toBe(0);
    const admin = adminCommands({ ...options(), reindex: new EmailReindex(server.db, TEST_TABLES.data, 1) });

    const first = await admin({ action: 'reindexTenant', tenantId: tenant.tenantId });
    expect(first).toMatchObject({
      ok: true,
      result: { users: REINDEX_PAGES_PER_CALL, addresses: REINDEX_PAGES_PER_CALL, done: false },
    });
    const next = (first as { result: { next: string } }).result.next;
    const second = await admin({ action: 'reindexTenant', tenantId: tenant.tenantId, from: next });
    expect(second).toMatchObject({ ok: true, result: { users: 3, addresses: 3, done: true } });

    for (let i = 0; i < USERS; i++) expect((await lookup(tenant, i)).body.totalResults, address(i)).toBe(1);
    expect((await lookup(other, 0)).body.totalResults, 'another tenant').toBe(0);
    // Run again: the same items, nothing else.
    expect(await admin({ action: 'reindexTenant', tenantId: tenant.tenantId })).toMatchObject({ ok: true });
    expect((await lookup(tenant, 0)).body.totalResults).toBe(1);
  });

  it.each([
    ['an unknown tenant', { reindex: true, tenantId: 'no-such-tenant' }, 'TenantNotFound'],
    ['an admin function without the data table', { reindex: false, tenantId: 'any' }, 'InvalidRequest'],
  ])('refuses %s', async (_name, { reindex, tenantId }, code) => {
    const admin = adminCommands({
      ...options(),
      ...(reindex ? { reindex: new EmailReindex(server.db, TEST_TABLES.data) } : {}),
    });
    expect(await admin({ action: 'reindexTenant', tenantId })).toMatchObject({ ok: false, error: { code } });
  });
});
