import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meterCapacity } from '../../../bin/local/capacity-meter';
import { createScimReader, type TenantReader } from '../../../functions/reader/scim-reader';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { createGroup } from '../../support/groups';
import { dynamoEndpoint, startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';
import { createUser, patchOp } from '../../support/users';

// The reader has a client of its own: what it sends is metered apart from the handlers that provision.
const readerClient = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const meter = meterCapacity(readerClient);
let server: TestServer;
let acme: TestTenant;
let other: TestTenant;
let reader: TenantReader;
let otherReader: TenantReader;
const names = Array.from({ length: 7 }, (_, i) => `Person.${i}@Acme.example`);
const ids: Record<string, string> = {};
let deletedId: string;
let engineering: string;
let sales: string;
let otherUserId: string;

beforeAll(async () => {
  server = await startScimServer();
  [acme, other] = [await server.newTenant(), await server.newTenant()];
  for (const name of names) ids[name] = await createUser(acme, name);
  deletedId = await createUser(acme, 'Leaver@Acme.example');
  // Deactivated, as Entra does on a departure: PATCH active false.
  for (const name of names.slice(0, 2)) {
    const op = { op: 'replace', path: 'active', value: false };
    await acme.request('PATCH', `/Users/${ids[name]}`, patchOp(op));
  }
  sales = await createGroup(acme, 'Sales', [ids[names[1] as string] as string]);
  engineering = await createGroup(acme, 'Engineering', [
    ...names.slice(2, 6).map((n) => ids[n] as string),
    sales,
  ]);
  await createGroup(acme, 'Leavers', [deletedId]);
  expect((await acme.request('DELETE', `/Users/${deletedId}`)).status).toBe(204);
  otherUserId = await createUser(other, 'Person.0@Acme.example');
  const scim = createScimReader({
    tableName: TEST_TABLES.data,
    client: readerClient,
    baseUrl: server.baseUrl,
  });
  reader = scim.tenant(acme.tenantId);
  otherReader = scim.tenant(other.tenantId);
});
afterAll(() => server.close());

const id = (i: number) => ids[names[i] as string] as string;
const sortedIds = () => names.map((n) => ids[n] as string).sort();

describe('the reader of users', () => {
  it('returns a user as the endpoint does (SCIM-shaped, no table keys), groups aside', async () => {
    const { body } = await acme.request('GET', `/Users/${id(3)}?excludedAttributes=groups`);
    const user = await reader.users.get(id(3));
    expect(user).toEqual(body);
    expect(user).toMatchObject({ userName: names[3], meta: { resourceType: 'User', version: 'W/"1"' } });
    expect(Object.keys(user ?? {})).not.toContain('pk');
  });

  it('lists every user exactly once across cursor pages, in id order, without the deleted one', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await reader.users.list({ limit: 3, ...(cursor === undefined ? {} : { cursor }) });
      expect(page.totalResults).toBe(names.length);
      seen.push(...page.resources.map((user) => user.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(seen).toEqual(sortedIds());
    expect(pages).toBe(3);
  });

  it.each([
    ['as created', 'Person.4@Acme.example'],
    ['in lower case', 'person.4@acme.example'],
    ['in upper case', 'PERSON.4@ACME.EXAMPLE'],
  ])('finds a user by userName %s (case-insensitive, RFC 7643 §4.1.1)', async (_case, userName) => {
    expect((await reader.users.findByUserName(userName))?.id).toBe(id(4));
  });

  it.each([
    ['the exact externalId', 'ext-Person.5@Acme.example', [5]],
    ['another case (externalId is case-exact)', 'EXT-PERSON.5@ACME.EXAMPLE', []],
    ['no such externalId', 'ext-nobody', []],
  ])('finds users by %s', async (_case, externalId, found) => {
    const users = await reader.users.findByExternalId(externalId);
    expect(users.map((user) => user.id)).toEqual(found.map(id));
  });

  it('counts the active users, leaving out the deactivated and the deleted', async () => {
    expect(await reader.users.countActive()).toBe(names.length - 2);
    expect(await otherReader.users.countActive()).toBe(1);
  });

  it('refuses to count past its bound on pages read rather than answer too low', async () => {
    await expect(reader.users.countActive({ maxPages: 0 })).rejects.toMatchObject({ scimType: 'tooMany' });
  });

  it("lists a user's direct groups", async () => {
    expect((await reader.users.groups(id(1))).map((g) => g.displayName)).toEqual(['Sales']);
    expect((await reader.users.groups(id(3))).map((g) => g.displayName)).toEqual(['Engineering']);
    expect(await reader.users.groups(id(6))).toEqual([]);
  });
});

describe('the reader of groups', () => {
  it.each([
    ['get', () => reader.groups.get(engineering)],
    ['findByDisplayName', () => reader.groups.findByDisplayName('ENGINEERING')],
    ['findByExternalId', async () => (await reader.groups.findByExternalId('ext-Engineering'))[0]],
  ])('finds a group with %s, without its members', async (_method, find) => {
    const group = await find();
    expect(group).toMatchObject({
      id: engineering,
      displayName: 'Engineering',
      meta: { resourceType: 'Group' },
    });
    expect(group).not.toHaveProperty('members');
  });

  it('lists the groups', async () => {
    const page = await reader.groups.list();
    expect(page.resources.map((g) => g.displayName).sort()).toEqual(['Engineering', 'Leavers', 'Sales']);
    expect(page.nextCursor).toBeUndefined();
  });

  it("pages through a group's members (users and a nested group), each exactly once", async () => {
    const members: { value: string; type: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await reader.groups.members(engineering, {
        limit: 2,
        ...(cursor === undefined ? {} : { cursor }),
      });
      expect(page.resources.length).toBeLessThanOrEqual(2);
      members.push(...page.resources.map(({ value, type }) => ({ value, type })));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const expected = [
      ...names.slice(2, 6).map((n) => ({ value: ids[n] as string, type: 'User' })),
      { value: sales, type: 'Group' },
    ];
    expect(members).toEqual(expected.sort((a, b) => (a.value < b.value ? -1 : 1)));
  });
});

describe('what the reader never returns', () => {
  it.each([
    ['get', () => reader.users.get(deletedId)],
    ['findByUserName', () => reader.users.findByUserName('leaver@acme.example')],
    ['findByExternalId', async () => (await reader.users.findByExternalId('ext-Leaver@Acme.example'))[0]],
    [
      'the members of its group',
      async () =>
        (await reader.groups.members((await reader.groups.findByDisplayName('Leavers'))?.id ?? ''))
          .resources[0],
    ],
  ])('a deleted user, by %s', async (_method, read) => {
    expect(await read()).toBeUndefined();
  });

  it.each([
    ['get', () => otherReader.users.get(id(0))],
    [
      'findByUserName (a user of the same name exists there)',
      async () => (await otherReader.users.findByUserName(names[0] as string))?.id === id(0) || undefined,
    ],
    [
      'findByExternalId',
      async () => (await otherReader.users.findByExternalId(`ext-${names[0]}`)).find((u) => u.id === id(0)),
    ],
    ['groups.get', () => otherReader.groups.get(engineering)],
    ['groups.members', async () => (await otherReader.groups.members(engineering)).resources[0]],
    ['users.groups', async () => (await otherReader.users.groups(id(3)))[0]],
    [
      'a cursor from another tenant',
      async () =>
        (await otherReader.users.list({ cursor: sortedIds()[0] as string })).resources.find(
          (u) => u.id !== otherUserId,
        ),
    ],
  ])("another tenant's data, by %s", async (_method, read) => {
    expect(await read()).toBeUndefined();
  });
});

describe('what the reader sends to DynamoDB: reads only, a bounded number per call', () => {
  it.each([
    ['users.get', () => reader.users.get(id(0)), { BatchGetItem: 1 }],
    [
      'users.findByUserName',
      () => reader.users.findByUserName('person.0@acme.example'),
      { GetItem: 1, BatchGetItem: 1 },
    ],
    [
      'users.findByExternalId',
      () => reader.users.findByExternalId('ext-Person.0@Acme.example'),
      { Query: 1, BatchGetItem: 1 },
    ],
    // The counters (one BatchGet) give totalResults; one Query reads the page and one item more.
    ['users.list', () => reader.users.list({ limit: 3 }), { BatchGetItem: 1, Query: 1 }],
    ['users.groups', () => reader.users.groups(id(3)), { Query: 1, BatchGetItem: 1 }],
    ['users.countActive (a small tenant: one page)', () => reader.users.countActive(), { Query: 1 }],
    [
      'groups.findByDisplayName',
      () => reader.groups.findByDisplayName('sales'),
      { GetItem: 1, BatchGetItem: 1 },
    ],
    ['groups.members', () => reader.groups.members(engineering, { limit: 2 }), { Query: 1, BatchGetItem: 1 }],
  ])('%s', async (_method, read, commands) => {
    meter.reset();
    await read();
    expect(
      Object.fromEntries(Object.entries(meter.totals.byCommand).map(([c, { requests }]) => [c, requests])),
    ).toEqual(commands);
    expect(meter.totals.writeUnits).toBe(0);
  });
});

describe('arguments the reader refuses', () => {
  it.each([
    ['a cursor that is not one of ours', () => reader.users.list({ cursor: 'TENANT#x' }), 'invalidCursor'],
    ['a limit of 0', () => reader.users.list({ limit: 0 }), 'invalidCount'],
    ['a limit over 1000', () => reader.groups.members(engineering, { limit: 1001 }), 'invalidCount'],
    [
      'a tenant id with a #',
      async () => createScimReader({ tableName: 'x', client: readerClient }).tenant('a#b'),
      'invalidValue',
    ],
  ])('%s', async (_case, read, scimType) => {
    await expect(read()).rejects.toMatchObject({ status: 400, scimType });
  });
});

it('builds its own client from a region and an endpoint', async () => {
  const own = createScimReader({ tableName: TEST_TABLES.data, region: 'local', endpoint: dynamoEndpoint() });
  expect((await own.tenant(acme.tenantId).users.get(id(2)))?.userName).toBe(names[2]);
});
