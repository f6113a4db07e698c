/**
 * Retained deletion through the endpoint, on DynamoDB Local: for a tenant whose policy retains deletions, a
 * DELETE answers 204 and the resource is a 404 at once, its name free for a new create, out of lists and
 * counts; the reader alone sees it, with the groups the user was in. A tenant with the default (hard)
 * policy leaves nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimReader } from '../../../functions/reader/scim-reader';
import { createGroup } from '../../support/groups';
import { startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';
import { createUser, userBody } from '../../support/users';

let server: TestServer;
let retaining: TestTenant;
let hard: TestTenant;

beforeAll(async () => {
  server = await startScimServer();
  [retaining, hard] = [await server.newTenant(), await server.newTenant()];
  const policy = { deletion: { mode: 'retain', days: 30 }, paused: false } as const;
  expect(await server.tokens.setTenantPolicy(retaining.tenantId, policy, undefined, TEST_TABLES.data)).toBe(
    true,
  );
});
afterAll(() => server.close());

const reader = () => createScimReader({ tableName: TEST_TABLES.data, client: server.db });

describe('a DELETE under a retain policy', () => {
  it('is a 404 at once, frees the name, leaves lists and counts, and the reader keeps it', async () => {
    const id = await createUser(retaining, 'ada@contoso.example');
    const other = await createUser(retaining, 'grace@contoso.example');
    const sales = await createGroup(retaining, 'Sales', [id, other]);
    const before = Date.now();
    expect((await retaining.request('DELETE', `/Users/${id}`)).status).toBe(204);

    expect((await retaining.request('GET', `/Users/${id}`)).status).toBe(404);
    expect((await retaining.request('DELETE', `/Users/${id}`)).status).toBe(404);
    const filtered = await retaining.request('GET', '/Users?filter=userName+eq+%22ada%40contoso.example%22');
    expect(filtered.body.totalResults).toBe(0);
    const listed = await retaining.request('GET', '/Users');
    expect(listed.body.totalResults).toBe(1);
    expect(listed.body.Resources.map((u: { id: string }) => u.id)).toEqual([other]);
    const members = await retaining.request('GET', `/Groups/${sales}`);
    expect(members.body.members.map((m: { value: string }) => m.value)).toEqual([other]);
    const again = await retaining.request('POST', '/Users', userBody('ada@contoso.example'));
    expect(again.status).toBe(201);

    const deleted = await reader().tenant(retaining.tenantId).getDeleted('User', id);
    expect(deleted).toMatchObject({ resource: { id, userName: 'ada@contoso.example' }, groups: [sales] });
    const deletedAt = Date.parse(deleted?.deletedAt ?? '');
    expect(deletedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(deleted?.purgeAfter ?? '') - deletedAt).toBeGreaterThanOrEqual(30 * 86_400_000 - 1000);
    const page = await reader().tenant(retaining.tenantId).listDeleted('User');
    expect(page.resources.map((d) => d.resource.id)).toEqual([id]);
  });

  it('keeps a deleted group for the reader too', async () => {
    const group = await createGroup(retaining, 'Leavers');
    expect((await retaining.request('DELETE', `/Groups/${group}`)).status).toBe(204);
    expect((await retaining.request('GET', `/Groups/${group}`)).status).toBe(404);
    expect(await reader().tenant(retaining.tenantId).getDeleted('Group', group)).toMatchObject({
      resource: { id: group, displayName: 'Leavers' },
    });
  });
});

it('a DELETE under the default policy leaves nothing for the reader', async () => {
  const id = await createUser(hard, 'ada@contoso.example');
  expect((await hard.request('DELETE', `/Users/${id}`)).status).toBe(204);
  expect(await reader().tenant(hard.tenantId).getDeleted('User', id)).toBeUndefined();
  expect((await reader().tenant(hard.tenantId).listDeleted('User')).resources).toEqual([]);
});
