import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meterCapacity } from '../../../bin/local/capacity-meter';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { MembershipStore } from '../../../functions/storage/membership-store';
import { ResourceStore } from '../../../functions/storage/resource-store';
import { keys } from '../../../functions/storage/table-design';
import { createGroup, ENTRA_GROUP_SCHEMA, GROUP_SCHEMA, groupsOfUser, memberIds } from '../../support/groups';
import { dynamoEndpoint, startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';
import { createUser, patchOp } from '../../support/users';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const meter = meterCapacity(db);
let server: TestServer;
let tenant: TestTenant;
let users: string[];

beforeAll(async () => {
  server = await startScimServer(db, { maxMembersPerResponse: 30 });
  tenant = await server.newTenant();
  users = [];
  for (let i = 0; i < 40; i++) users.push(await createUser(tenant, `member${i}@contoso.example`));
});
afterAll(() => server.close());

const sorted = (ids: string[]) => [...ids].sort();
const patch = (groupId: string, ...operations: Record<string, unknown>[]) =>
  tenant.request('PATCH', `/Groups/${groupId}`, patchOp(...operations));

/** Membership items of a group, read from the table itself. */
async function membershipItems(tenantId: string, groupId: string) {
  const result = await db.send(
    new QueryCommand({
      TableName: TEST_TABLES.data,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.membersOf(tenantId, groupId) },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

describe('the Group resource', () => {
  it("creates a group with Entra's extra schema URI and members, and returns value, $ref and type", async () => {
    const created = await tenant.request('POST', '/Groups', {
      schemas: [GROUP_SCHEMA, ENTRA_GROUP_SCHEMA],
      displayName: 'Pilots',
      externalId: 'aad-pilots',
      members: [{ value: users[0] }, { value: users[1], display: 'Made Up', type: 'Group' }],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${server.baseUrl}/Groups/${created.body.id}`);
    expect(created.body).toMatchObject({
      schemas: [GROUP_SCHEMA],
      displayName: 'Pilots',
      externalId: 'aad-pilots',
      meta: { resourceType: 'Group', version: 'W/"1"' },
    });
    expect(sorted(created.body.members.map((m: { value: string }) => m.value))).toEqual(
      sorted([users[0], users[1]] as string[]),
    );
    // The member's type and display are the referenced user's (its displayName), not what the client sent.
    const displayName = (await tenant.request('GET', `/Users/${users[1]}`)).body.displayName;
    expect(created.body.members).toContainEqual({
      value: users[1],
      $ref: `${server.baseUrl}/Users/${users[1]}`,
      type: 'User',
      display: displayName,
    });
  });

  it('keeps displayName unique per tenant, case-insensitively (409 uniqueness), also on rename', async () => {
    await createGroup(tenant, 'Navigators');
    const duplicate = await tenant.request('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'NAVIGATORS',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.scimType).toBe('uniqueness');
    const other = await createGroup(tenant, 'Engineers');
    const rename = await patch(other, { op: 'Replace', path: 'displayName', value: 'navigators' });
    expect(rename.status).toBe(409);
  });

  it('answers displayName eq and externalId eq by key lookup, right after creation', async () => {
    const id = await createGroup(tenant, 'Fresh Group');
    const byName = await tenant.request(
      'GET',
      '/Groups?excludedAttributes=members&filter=displayName+eq+%22fresh+group%22',
    );
    expect(byName.body.Resources.map((g: { id: string }) => g.id)).toEqual([id]);
    const byExternalId = await tenant.request('GET', '/Groups?filter=externalId+eq+%22ext-Fresh+Group%22');
    expect(byExternalId.body.totalResults).toBe(1);
  });

  it('computes User.groups from the memberships, with the groups current displayName', async () => {
    const user = await createUser(tenant, 'computed.groups@contoso.example');
    const a = await createGroup(tenant, 'Computed A', [user]);
    const b = await createGroup(tenant, 'Computed B', [user]);
    await patch(b, { op: 'replace', path: 'displayName', value: 'Computed B2' });
    const response = await tenant.request('GET', `/Users/${user}?attributes=groups`);
    expect(response.body.groups).toEqual(
      expect.arrayContaining([
        { value: a, $ref: `${server.baseUrl}/Groups/${a}`, display: 'Computed A', type: 'direct' },
        { value: b, $ref: `${server.baseUrl}/Groups/${b}`, display: 'Computed B2', type: 'direct' },
      ]),
    );
    expect((await tenant.request('GET', `/Users/${user}`)).body.groups).toBeUndefined();
  });
});

describe('reading members', () => {
  it('reads no member item for excludedAttributes=members, by id or in a list', async () => {
    const id = await createGroup(tenant, 'Quiet', users.slice(0, 10));
    meter.reset();
    const one = await tenant.request('GET', `/Groups/${id}?excludedAttributes=members`);
    expect(one.body.members).toBeUndefined();
    expect(meter.totals.byCommand.Query).toBeUndefined();
    meter.reset();
    await tenant.request('GET', '/Groups?excludedAttributes=members&filter=displayName+eq+%22Quiet%22');
    expect(meter.totals.byCommand.Query).toBeUndefined();
  });

  it('returns at most the configured number of members per response: a subset, first by member id', async () => {
    const id = await createGroup(tenant, 'Crowd', users.slice(0, 35));
    const members = await memberIds(tenant, id);
    expect(members).toEqual(sorted(users.slice(0, 35)).slice(0, 30));
    const list = await tenant.request('GET', '/Groups?filter=displayName+eq+%22Crowd%22');
    expect(list.body.Resources[0].members).toHaveLength(30);
  });
});

describe('PATCH members', () => {
  it('adds only the members named; re-adding one changes nothing and is no error', async () => {
    const id = await createGroup(tenant, 'Adders', [users[0] as string]);
    meter.reset();
    const added = await patch(id, {
      op: 'add',
      path: 'members',
      value: [{ value: users[1] }, { value: users[2] }],
    });
    expect(added.status).toBe(204);
    expect(meter.totals.byCommand.Query).toBeUndefined();
    expect(await memberIds(tenant, id)).toEqual(sorted(users.slice(0, 3) as string[]));
    const again = await patch(id, { op: 'Add', path: 'members', value: [{ value: users[1] }] });
    expect(again.status).toBe(204);
    expect(await memberIds(tenant, id)).toEqual(sorted(users.slice(0, 3) as string[]));
  });

  it.each([
    [
      'a filter path (Entra with aadOptscim062020)',
      (id: string) => ({ op: 'remove', path: `members[value eq "${id}"]` }),
    ],
    [
      'a value list (Entra legacy)',
      (id: string) => ({ op: 'Remove', path: 'members', value: [{ value: id }] }),
    ],
    [
      'a value list with $ref null',
      (id: string) => ({ op: 'Remove', path: 'members', value: [{ $ref: null, value: id }] }),
    ],
  ])('removes one member by %s', async (_name, operation) => {
    const id = await createGroup(tenant, `Remove ${_name}`, users.slice(0, 3) as string[]);
    expect((await patch(id, operation(users[1] as string))).status).toBe(204);
    expect(await memberIds(tenant, id)).toEqual(sorted([users[0], users[2]] as string[]));
  });

  it('removes all members for remove of members without a filter or value', async () => {
    const id = await createGroup(tenant, 'Emptied', users.slice(0, 5) as string[]);
    expect((await patch(id, { op: 'remove', path: 'members' })).status).toBe(204);
    expect(await memberIds(tenant, id)).toEqual([]);
    expect(await membershipItems(tenant.tenantId, id)).toEqual([]);
  });

  it('rejects a member id that does not exist in the tenant with 400 invalidValue, applying nothing', async () => {
    const other = await server.newTenant();
    const foreign = await createUser(other, 'foreign@contoso.example');
    const id = await createGroup(tenant, 'Strict', [users[0] as string]);
    for (const value of ['2819c223-7f76-453a-919d-413861904646', foreign, 'string id 1']) {
      const response = await patch(
        id,
        { op: 'replace', path: 'displayName', value: 'Strict Renamed' },
        { op: 'add', path: 'members', value: [{ value: users[1] }, { value }] },
        { op: 'remove', path: `members[value eq "${users[0]}"]` },
      );
      expect(response.status).toBe(400);
      expect(response.body.scimType).toBe('invalidValue');
    }
    const group = (await tenant.request('GET', `/Groups/${id}`)).body;
    expect(group.displayName).toBe('Strict');
    expect(group.members.map((m: { value: string }) => m.value)).toEqual([users[0]]);
  });

  it('renames without touching a member item (with or without path, Replace capitalised too)', async () => {
    const id = await createGroup(tenant, 'Renamed', users.slice(0, 20) as string[]);
    for (const operation of [
      { op: 'Replace', path: 'displayName', value: 'Renamed Once' },
      { op: 'replace', value: { id, displayName: 'Renamed Twice' } },
    ]) {
      meter.reset();
      expect((await patch(id, operation)).status).toBe(204);
      expect(meter.totals.byCommand.Query).toBeUndefined();
      expect(meter.totals.byCommand.BatchWriteItem).toBeUndefined();
      // Read the group, write it and its unique-name items in one transaction.
      expect(meter.totals.requests).toBe(2);
    }
    expect((await tenant.request('GET', `/Groups/${id}?excludedAttributes=members`)).body.displayName).toBe(
      'Renamed Twice',
    );
    expect(await memberIds(tenant, id)).toHaveLength(20);
  });

  it('applies more than 100 member changes in one PATCH, and a retry converges', async () => {
    const many = await Promise.all(
      Array.from({ length: 130 }, (_, i) => createUser(tenant, `bulk${i}@contoso.example`)),
    );
    const id = await createGroup(tenant, 'Bulk');
    const body = { op: 'add', path: 'members', value: many.map((value) => ({ value })) };
    expect((await patch(id, body)).status).toBe(204);
    expect((await patch(id, body)).status).toBe(204);
    expect(await memberIds(tenant, id)).toHaveLength(30);
    expect(await membershipItems(tenant.tenantId, id)).toHaveLength(130);
  });
});

describe('PUT members', () => {
  it('replaces the membership set by writing only the difference', async () => {
    const id = await createGroup(tenant, 'Replaced', users.slice(0, 10) as string[]);
    const next = [...users.slice(1, 10), users[10]] as string[];
    meter.reset();
    const response = await tenant.request('PUT', `/Groups/${id}`, {
      schemas: [GROUP_SCHEMA],
      displayName: 'Replaced',
      externalId: 'ext-Replaced',
      members: next.map((value) => ({ value })),
    });
    expect(response.status).toBe(200);
    expect(await memberIds(tenant, id)).toEqual(sorted(next));
    // One member added and one removed: a single transaction of 3 items (check, add, remove).
    expect(meter.totals.byCommand).toMatchObject({ TransactWriteItems: { requests: 1 } });
  });
});

describe('deleting', () => {
  it('removes a deleted user from every group, and its groups forget it', async () => {
    const user = await createUser(tenant, 'leaver@contoso.example');
    const groups = [
      await createGroup(tenant, 'Leaver A', [user]),
      await createGroup(tenant, 'Leaver B', [user]),
    ];
    expect(await groupsOfUser(tenant, user)).toEqual(sorted(groups));
    expect((await tenant.request('DELETE', `/Users/${user}`)).status).toBe(204);
    for (const group of groups) expect(await memberIds(tenant, group)).toEqual([]);
  });

  it('deletes a group with its member items, and its users no longer list it', async () => {
    const id = await createGroup(tenant, 'Disbanded', users.slice(0, 12) as string[]);
    expect((await tenant.request('DELETE', `/Groups/${id}`)).status).toBe(204);
    expect((await tenant.request('GET', `/Groups/${id}`)).status).toBe(404);
    expect(await membershipItems(tenant.tenantId, id)).toEqual([]);
    expect(await groupsOfUser(tenant, users[0] as string)).not.toContain(id);
  });

  it('finishes an interrupted group DELETE when it is retried', async () => {
    const id = await createGroup(tenant, 'Interrupted', users.slice(0, 8) as string[]);
    // The first attempt got as far as marking the group and removing some members, then stopped.
    const groups = new ResourceStore(db, TEST_TABLES.data, 'Group');
    const memberships = new MembershipStore(db, TEST_TABLES.data);
    await groups.markDeleting(tenant.tenantId, id);
    await memberships.apply(tenant.tenantId, id, [], users.slice(0, 3) as string[]);
    expect((await tenant.request('GET', `/Groups/${id}`)).status).toBe(404);
    expect((await tenant.request('DELETE', `/Groups/${id}`)).status).toBe(204);
    expect(await membershipItems(tenant.tenantId, id)).toEqual([]);
    expect((await tenant.request('DELETE', `/Groups/${id}`)).status).toBe(404);
  });
});

describe('concurrency', () => {
  it('keeps every member when 20 PATCHes add different members to one group at once', async () => {
    const id = await createGroup(tenant, 'Concurrent');
    const responses = await Promise.all(
      users.slice(0, 20).map((value) => patch(id, { op: 'add', path: 'members', value: [{ value }] })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(204));
    expect(await membershipItems(tenant.tenantId, id)).toHaveLength(20);
  });

  it('ends concurrent add and remove of one member in a state some order of them explains', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await createGroup(tenant, `Race ${round}`);
      const member = users[round] as string;
      await Promise.all([
        patch(id, { op: 'add', path: 'members', value: [{ value: member }] }),
        patch(id, { op: 'remove', path: `members[value eq "${member}"]` }),
        patch(id, { op: 'add', path: 'members', value: [{ value: member }] }),
      ]);
      const members = await memberIds(tenant, id);
      expect([[], [member]]).toContainEqual(members);
      expect((await groupsOfUser(tenant, member)).includes(id)).toBe(members.length === 1);
    }
  });
});
