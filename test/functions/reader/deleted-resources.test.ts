/**
 * The reader's deleted resources, on DynamoDB Local with an injected clock: resources deleted under a
 * retain policy are returned by listDeleted and getDeleted (SCIM-shaped, as the reader's other methods
 * return resources, with when they were deleted, when their retention ends and a user's groups) until
 * their retention ends, even while TTL has not deleted them yet; never by get, list or the finders.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meterCapacity } from '../../../bin/local/capacity-meter';
import { createScimReader, type TenantReader } from '../../../functions/reader/scim-reader';
import type { ScimResource } from '../../../functions/scim/schema/resource-schema';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { GroupStore } from '../../../functions/storage/group-store';
import { ResourceStore } from '../../../functions/storage/resource-store';
import { dynamoEndpoint } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const readerClient = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const meter = meterCapacity(readerClient);
const DAY = 86_400_000;
// Now (in whole seconds, as TTL counts): the tombstones' expiries lie ahead, so that a concurrent purgeExpired
// (the local TTL, in another test file) leaves them.
const START = Math.floor(Date.now() / 1000) * 1000;
const tenant = `deleted-${randomUUID().slice(0, 8)}`;
const other = `deleted-${randomUUID().slice(0, 8)}`;
let now = START;
const clock = () => new Date(now);
const users = new ResourceStore(db, TEST_TABLES.data, 'User', clock, { indexLagMillis: 0 });
const groups = new GroupStore(db, TEST_TABLES.data, clock, { indexLagMillis: 0 });
const BASE_URL = 'https://scim.example.com/scim/v2';
const scim = createScimReader({
  tableName: TEST_TABLES.data,
  client: readerClient,
  baseUrl: BASE_URL,
  now: clock,
});
let reader: TenantReader;
const deletedIds: string[] = [];
let kept: string;
let hardDeleted: string;
let sales: string;
let expiring: string;
/** The first user deleted, gone.0, in Sales. */
let ada: string;

const user = (userName: string, active = true): ScimResource => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName,
  active,
  externalId: `ext-${userName}`,
});

async function remove(
  store: ResourceStore,
  id: string,
  deletion: { mode: 'hard' } | { mode: 'retain'; days: number },
) {
  const marked = await store.markDeleting(tenant, id, { deletion });
  if (marked === undefined) throw new Error(`${id} not marked`);
  await store.finishDeleting(tenant, marked);
}

beforeAll(async () => {
  reader = scim.tenant(tenant);
  kept = (await users.create(tenant, user('kept@example.com'))).id;
  for (let i = 0; i < 5; i++)
    deletedIds.push((await users.create(tenant, user(`gone.${i}@example.com`, false))).id);
  ada = deletedIds[0] as string;
  deletedIds.sort();
  sales = (
    await groups.createWithMembers(tenant, { schemas: [], displayName: 'Sales' }, [{ id: ada, type: 'User' }])
  ).id;
  for (const id of deletedIds) await remove(users, id, { mode: 'retain', days: 30 });
  hardDeleted = (await users.create(tenant, user('hard@example.com'))).id;
  await remove(users, hardDeleted, { mode: 'hard' });
  // Retained for one day only: expired once the clock has moved two days on.
  expiring = (await users.create(tenant, user('short@example.com'))).id;
  await remove(users, expiring, { mode: 'retain', days: 1 });
  await remove(groups, sales, { mode: 'retain', days: 30 });
  // A user of another tenant deleted the same way.
  const theirs = await users.create(other, user('gone.0@example.com'));
  const marked = await users.markDeleting(other, theirs.id, { deletion: { mode: 'retain', days: 30 } });
  if (marked !== undefined) await users.finishDeleting(other, marked);
  now = START + 2 * DAY;
});
afterAll(() => {
  now = START;
});

describe('getDeleted', () => {
  it('returns a deleted user as the reader returns users, with its deletion, retention and groups', async () => {
    const id = ada;
    expect(await reader.getDeleted('User', id)).toEqual({
      resource: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        id,
        externalId: 'ext-gone.0@example.com',
        userName: 'gone.0@example.com',
        active: false,
        meta: {
          resourceType: 'User',
          created: new Date(START).toISOString(),
          lastModified: new Date(START).toISOString(),
          version: 'W/"1"',
          location: `${BASE_URL}/Users/${id}`,
        },
      },
      deletedAt: new Date(START).toISOString(),
      purgeAfter: new Date(START + 30 * DAY).toISOString(),
      groups: [sales],
    });
  });

  it('returns a deleted group, without groups', async () => {
    const deleted = await reader.getDeleted('Group', sales);
    expect(deleted).toMatchObject({
      resource: { id: sales, displayName: 'Sales', meta: { resourceType: 'Group' } },
    });
    expect(deleted).not.toHaveProperty('groups');
  });

  it.each([
    ['a live user', () => kept],
    ['a user deleted under a hard policy', () => hardDeleted],
    ['a user whose retention has ended (TTL has not deleted it yet)', () => expiring],
    ['an id that is not one of ours', () => 'TENANT#x'],
  ])('returns nothing for %s', async (_case, id) => {
    expect(await reader.getDeleted('User', id())).toBeUndefined();
  });

  it("returns nothing of another tenant's deleted users", async () => {
    expect(await scim.tenant(other).getDeleted('User', ada)).toBeUndefined();
    expect((await scim.tenant(other).listDeleted('User')).resources).toHaveLength(1);
  });
});

describe('listDeleted', () => {
  it('lists every retained deleted user exactly once across cursor pages, in id order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await reader.listDeleted('User', {
        limit: 2,
        ...(cursor === undefined ? {} : { cursor }),
      });
      seen.push(...page.resources.map((deleted) => deleted.resource.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(seen).toEqual(deletedIds);
    expect(pages).toBe(3);
  });

  it('lists the deleted groups apart from the users', async () => {
    expect((await reader.listDeleted('Group')).resources.map((d) => d.resource.id)).toEqual([sales]);
  });

  it('sends reads only: one Query for a page', async () => {
    meter.reset();
    await reader.listDeleted('User', { limit: 10 });
    expect(Object.keys(meter.totals.byCommand)).toEqual(['Query']);
    expect(meter.totals.writeUnits).toBe(0);
  });

  it('refuses a cursor that is not one of ours', async () => {
    await expect(reader.listDeleted('User', { cursor: 'DELETED#User#x' })).rejects.toMatchObject({
      status: 400,
      scimType: 'invalidCursor',
    });
  });
});

describe('what the rest of the reader never returns: the deleted', () => {
  it.each([
    ['users.get', async () => reader.users.get(ada)],
    ['users.findByUserName', async () => reader.users.findByUserName('gone.0@example.com')],
    [
      'users.findByExternalId',
      async () => (await reader.users.findByExternalId('ext-gone.0@example.com'))[0],
    ],
    ['groups.get', async () => reader.groups.get(sales)],
  ])('%s', async (_method, read) => {
    expect(await read()).toBeUndefined();
  });

  it('users.list and its total hold only the live user', async () => {
    const page = await reader.users.list();
    expect(page.resources.map((u) => u.id)).toEqual([kept]);
    expect(page.totalResults).toBe(1);
  });
});
