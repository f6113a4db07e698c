/**
 * Retained deletion in the stores, on DynamoDB Local with an injected clock: a DELETE under a `retain`
 * policy removes the resource as a hard one does (its id, name and externalId are free at once, it is no
 * longer listed or counted) and leaves a tombstone `DELETED#<type>#<id>` with the resource, when it was
 * deleted, when it expires (the TTL attribute, epoch seconds) and, for a user, the groups it was in. An
 * abandoned retained delete finished by another request leaves the same tombstone.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ScimResource } from '../../../functions/scim/schema/resource-schema';
import type { ResourceKind } from '../../../functions/scim/schema/resource-type';
import { ABANDONED_DELETE_MILLIS } from '../../../functions/storage/abandoned-delete';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { GroupStore } from '../../../functions/storage/group-store';
import { ResourceStore } from '../../../functions/storage/resource-store';
import { keys } from '../../../functions/storage/table-design';
import { dynamoEndpoint } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const T = TEST_TABLES.data;
const DAY = 86_400_000;
// Now (in whole seconds, as TTL counts): the tombstones' expiries lie ahead, so that a concurrent purgeExpired
// (the local TTL, in another test file) leaves them.
const START = Math.floor(Date.now() / 1000) * 1000;

/** A tenant of its own, with stores on one clock that the test moves. */
function setUp() {
  const tenant = `retain-${randomUUID().slice(0, 8)}`;
  let now = START;
  const clock = () => new Date(now);
  const options = { indexLagMillis: 0 };
  return {
    tenant,
    users: new ResourceStore(db, T, 'User', clock, options),
    groups: new GroupStore(db, T, clock, options),
    advance: (millis: number) => {
      now += millis;
    },
  };
}

const user = (userName: string): ScimResource => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName,
  active: true,
  externalId: `ext-${userName}`,
});
const group = (displayName: string): ScimResource => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
  displayName,
});

async function item(key: { pk: string; sk: string }) {
  return (await db.send(new GetCommand({ TableName: T, Key: key, ConsistentRead: true }))).Item;
}
const tombstoneOf = (tenant: string, kind: ResourceKind, id: string) =>
  item(keys.tombstone(tenant, kind, id));

const retain = (days: number) => ({ deletion: { mode: 'retain', days } as const });

describe('a retained DELETE', () => {
  it('leaves a tombstone of a user with its groups, and frees the id, the name and the count at once', async () => {
    const { tenant, users, groups } = setUp();
    const ada = await users.create(tenant, user('ada@example.com'));
    const sales = await groups.createWithMembers(tenant, group('Sales'), [{ id: ada.id, type: 'User' }]);
    const staff = await groups.createWithMembers(tenant, group('Staff'), [{ id: ada.id, type: 'User' }]);
    const marked = await users.markDeleting(tenant, ada.id, retain(30));
    if (marked === undefined) throw new Error('not marked');
    await users.finishDeleting(tenant, marked);

    expect(await tombstoneOf(tenant, 'User', ada.id)).toEqual({
      ...keys.tombstone(tenant, 'User', ada.id),
      type: 'User',
      id: ada.id,
      version: 1,
      created: ada.created,
      lastModified: ada.lastModified,
      resource: user('ada@example.com'),
      deletedAt: new Date(START).toISOString(),
      expiresAt: (START + 30 * DAY) / 1000,
      groups: [sales.id, staff.id].sort(),
    });
    expect(await users.get(tenant, ada.id)).toBeUndefined();
    expect(await item(keys.resource(tenant, 'User', ada.id))).toBeUndefined();
    expect(await users.findIdByName(tenant, 'ADA@example.com')).toBeUndefined();
    expect(await users.findIdsByExternalId(tenant, 'ext-ada@example.com')).toEqual([]);
    expect(await users.count(tenant)).toBe(0);
    expect((await users.page(tenant, undefined)).resources).toEqual([]);
    expect(await groups.members.memberIds(tenant, sales.id)).toEqual(new Set());
    // The name is free for a new user at once.
    expect((await users.create(tenant, user('ada@example.com'))).id).not.toBe(ada.id);
  });

  it('leaves a tombstone of a group, without groups', async () => {
    const { tenant, groups } = setUp();
    const sales = await groups.create(tenant, group('Sales'));
    const marked = await groups.markDeleting(tenant, sales.id, retain(7));
    if (marked === undefined) throw new Error('not marked');
    await groups.finishDeleting(tenant, marked);
    const tombstone = await tombstoneOf(tenant, 'Group', sales.id);
    expect(tombstone).toMatchObject({ type: 'Group', id: sales.id, expiresAt: (START + 7 * DAY) / 1000 });
    expect(tombstone).not.toHaveProperty('groups');
    expect(await groups.findIdByName(tenant, 'sales')).toBeUndefined();
  });

  it.each([
    ['no policy given', {}],
    ['a hard policy', { deletion: { mode: 'hard' } as const }],
  ])('leaves no tombstone with %s', async (_case, options) => {
    const { tenant, users } = setUp();
    const bob = await users.create(tenant, user('bob@example.com'));
    const marked = await users.markDeleting(tenant, bob.id, options);
    if (marked === undefined) throw new Error('not marked');
    await users.finishDeleting(tenant, marked);
    expect(await tombstoneOf(tenant, 'User', bob.id)).toBeUndefined();
    expect(await item(keys.resource(tenant, 'User', bob.id))).toBeUndefined();
  });

  it('keeps the groups of its first attempt when retried after removing some memberships', async () => {
    const { tenant, users, groups } = setUp();
    const ada = await users.create(tenant, user('ada@example.com'));
    const sales = await groups.createWithMembers(tenant, group('Sales'), [{ id: ada.id, type: 'User' }]);
    await users.markDeleting(tenant, ada.id, retain(30));
    // The first attempt stopped after taking ada out of Sales; the retry finds no group left.
    await groups.changeMembers(tenant, sales.id, { adds: [], removes: [ada.id] });
    const retried = await users.markDeleting(tenant, ada.id, retain(30));
    if (retried === undefined) throw new Error('not marked');
    await users.finishDeleting(tenant, retried);
    expect((await tombstoneOf(tenant, 'User', ada.id))?.groups).toEqual([sales.id]);
  });
});

describe('an abandoned retained DELETE, finished by another request', () => {
  it.each([
    ['a read of its id', (s: ReturnType<typeof setUp>, id: string) => s.users.get(s.tenant, id)],
    [
      'a create of its name',
      (s: ReturnType<typeof setUp>) => s.users.create(s.tenant, user('ada@example.com')),
    ],
  ])('leaves the tombstone its DELETE recorded, through %s', async (_case, next) => {
    const s = setUp();
    const ada = await s.users.create(s.tenant, user('ada@example.com'));
    const sales = await s.groups.createWithMembers(s.tenant, group('Sales'), [{ id: ada.id, type: 'User' }]);
    // The DELETE stopped after its mark, and nobody retried.
    await s.users.markDeleting(s.tenant, ada.id, retain(30));
    s.advance(ABANDONED_DELETE_MILLIS);
    await next(s, ada.id);
    expect(await tombstoneOf(s.tenant, 'User', ada.id)).toMatchObject({
      deletedAt: new Date(START).toISOString(),
      expiresAt: (START + 30 * DAY) / 1000,
      groups: [sales.id],
    });
    expect(await item(keys.resource(s.tenant, 'User', ada.id))).toBeUndefined();
  });
});
