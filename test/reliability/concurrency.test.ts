/**
 * Promise 3: concurrency and retries. Requests race each other over HTTP against the real handlers and
 * DynamoDB Local; outcomes are read back through the API and, where the promise is about items, from the
 * table itself (keys from functions/storage/table-design.ts).
 *
 * RELIABILITY_ROUNDS (default 5) sets how many rounds the DELETE-versus-membership races run; a heavier
 * run, e.g. `RELIABILITY_ROUNDS=25 npx vitest run test/reliability/concurrency.test.ts`, widens the net.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldCase } from '../../functions/scim/filter/fold-case';
import { keys } from '../../functions/storage/table-design';
import { createGroup, GROUP_SCHEMA, groupsOfUser, memberIds } from '../support/groups';
import { startScimServer, type TestServer, type TestTenant } from '../support/scim-server';
import { createUser, patchOp, userBody } from '../support/users';
import { type FaultInjector, faultInjector } from './fault-injector';
import { countOf, expectScimError, membershipsOf, partition, storedItem } from './helpers';

const ROUNDS = Number(process.env.RELIABILITY_ROUNDS ?? 5);

let server: TestServer;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
});
afterAll(() => server.close());

/** `count` distinct spellings of `text` that differ only in case. */
function casings(text: string, count: number): string[] {
  const letters = [...text].map((c, i) => ({ c, i })).filter(({ c }) => c.toLowerCase() !== c.toUpperCase());
  if (2 ** letters.length < count) throw new Error(`${text} has too few letters for ${count} casings`);
  return Array.from({ length: count }, (_, n) => {
    const chars = [...text.toLowerCase()];
    letters.forEach(({ i }, bit) => {
      if ((n >> bit) & 1) chars[i] = (chars[i] as string).toUpperCase();
    });
    return chars.join('');
  });
}

const statuses = (responses: { status: number }[]) =>
  responses.reduce<Record<number, number>>((tally, r) => {
    tally[r.status] = (tally[r.status] ?? 0) + 1;
    return tally;
  }, {});

describe('concurrent creates of one name', () => {
  it('50 concurrent POST /Users of one userName in 50 casings: one 201, 49 409s, one user', async () => {
    const names = casings('race.condition@contoso.example', 50);
    expect(new Set(names).size).toBe(50);
    const before = await countOf(tenant, '/Users');
    const responses = await Promise.all(
      names.map((name) => tenant.request('POST', '/Users', userBody(name))),
    );
    expect(statuses(responses)).toEqual({ 201: 1, 409: 49 });
    for (const response of responses.filter((r) => r.status === 409))
      expectScimError(response, 409, 'uniqueness');
    const found = await tenant.request(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "RACE.condition@contoso.example"')}`,
    );
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(responses.find((r) => r.status === 201)?.body.id);
    expect(await countOf(tenant, '/Users')).toBe(before + 1);
  });

  it('50 concurrent POST /Groups of one displayName in 50 casings: one 201, 49 409s, one group', async () => {
    const names = casings('Racing Engineers', 50);
    const before = await countOf(tenant, '/Groups');
    const responses = await Promise.all(
      names.map((displayName) => tenant.request('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName })),
    );
    expect(statuses(responses)).toEqual({ 201: 1, 409: 49 });
    for (const response of responses.filter((r) => r.status === 409))
      expectScimError(response, 409, 'uniqueness');
    const found = await tenant.request(
      'GET',
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "racing engineers"')}`,
    );
    expect(found.body.totalResults).toBe(1);
    expect(await countOf(tenant, '/Groups')).toBe(before + 1);
  });
});

describe('concurrent PATCHes of one user', () => {
  const changes: Record<string, unknown>[] = [
    { op: 'replace', path: 'title', value: 'Pilot' },
    { op: 'replace', path: 'nickName', value: 'Ace' },
    { op: 'replace', path: 'displayName', value: 'Concurrent Person' },
    { op: 'replace', path: 'locale', value: 'en-GB' },
    { op: 'replace', path: 'timezone', value: 'Europe/London' },
    { op: 'replace', path: 'preferredLanguage', value: 'en' },
    { op: 'replace', path: 'userType', value: 'Employee' },
    { op: 'replace', path: 'profileUrl', value: 'https://contoso.example/p' },
    { op: 'replace', path: 'name.middleName', value: 'Middle' },
    { op: 'replace', path: 'active', value: false },
    { op: 'add', path: 'phoneNumbers', value: [{ type: 'work', value: '+1 555 0100' }] },
    {
      op: 'replace',
      path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
      value: 'Ops',
    },
  ];

  /** The attribute a change sets, read from a representation. */
  function valueAt(resource: Record<string, unknown>, change: Record<string, unknown>): unknown {
    const path = String(change.path);
    if (path.startsWith('urn:')) {
      const [urn, name] = [path.slice(0, path.lastIndexOf(':')), path.slice(path.lastIndexOf(':') + 1)];
      return (resource[urn] as Record<string, unknown> | undefined)?.[name];
    }
    const [top, sub] = path.split('.') as [string, string | undefined];
    const value = resource[top];
    return sub === undefined ? value : (value as Record<string, unknown> | undefined)?.[sub];
  }

  it('without If-Match: every change answered 204 is present at the end, the others are 409', async () => {
    const id = await createUser(tenant, 'concurrent.patch@contoso.example');
    const responses = await Promise.all(
      changes.map((change) => tenant.request('PATCH', `/Users/${id}`, patchOp(change))),
    );
    const user = (await tenant.request('GET', `/Users/${id}`)).body;
    let applied = 0;
    responses.forEach((response, i) => {
      const change = changes[i] as Record<string, unknown>;
      expect([204, 409], `${change.path}: ${response.text}`).toContain(response.status);
      if (response.status === 204) {
        applied++;
        expect(valueAt(user, change), `${change.path} was answered 204 but is not stored`).toEqual(
          change.value,
        );
      } else {
        expectScimError(response, 409);
      }
    });
    // Each applied change is one new version: none was written over.
    expect(user.meta.version).toBe(`W/"${1 + applied}"`);
    expect(applied).toBeGreaterThan(0);
  });

  it('with If-Match of the version read: exactly one wins, the others are 412 and change nothing', async () => {
    const id = await createUser(tenant, 'concurrent.ifmatch@contoso.example');
    const responses = await Promise.all(
      changes.map((change) =>
        tenant.request('PATCH', `/Users/${id}`, patchOp(change), { 'If-Match': 'W/"1"' }),
      ),
    );
    expect(statuses(responses)).toEqual({ 204: 1, 412: changes.length - 1 });
    const user = (await tenant.request('GET', `/Users/${id}`)).body;
    expect(user.meta.version).toBe('W/"2"');
    const winner = changes[responses.findIndex((r) => r.status === 204)] as Record<string, unknown>;
    expect(valueAt(user, winner)).toEqual(winner.value);
    responses.forEach((response, i) => {
      if (response.status === 412) {
        expectScimError(response, 412);
        const change = changes[i] as Record<string, unknown>;
        expect(valueAt(user, change), String(change.path)).not.toEqual(change.value);
      }
    });
  });
});

describe('retries', () => {
  it('a create retried with the same body: one user, the retry answered 409', async () => {
    const body = userBody('retried.create@contoso.example');
    const before = await countOf(tenant, '/Users');
    const first = await tenant.request('POST', '/Users', body);
    const retry = await tenant.request('POST', '/Users', body);
    expect(first.status).toBe(201);
    expectScimError(retry, 409, 'uniqueness');
    expect(await countOf(tenant, '/Users')).toBe(before + 1);
    const found = await tenant.request(
      'GET',
      `/Users?filter=${encodeURIComponent('externalId eq "ext-retried.create@contoso.example"')}`,
    );
    expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([first.body.id]);
  });

  it('a DELETE retried: 404 the second time, and no item of the user is left in the table', async () => {
    const userName = 'retried.delete@contoso.example';
    const id = await createUser(tenant, userName);
    const groupA = await createGroup(tenant, 'Retried Delete A', [id]);
    const groupB = await createGroup(tenant, 'Retried Delete B', [id]);
    const before = await countOf(tenant, '/Users');
    expect((await tenant.request('DELETE', `/Users/${id}`)).status).toBe(204);
    expectScimError(await tenant.request('DELETE', `/Users/${id}`), 404);
    expectScimError(await tenant.request('GET', `/Users/${id}`), 404);
    expect(await countOf(tenant, '/Users')).toBe(before - 1);

    const t = tenant.tenantId;
    expect(await storedItem(server.db, t, 'User', id)).toBeUndefined();
    expect(await partition(server.db, keys.uniqueName(t, 'User', foldCase(userName)).pk)).toEqual([]);
    expect(await partition(server.db, keys.externalIdPartition(t, 'User', `ext-${userName}`))).toEqual([]);
    expect(await membershipsOf(server.db, t, id)).toEqual([]);
    for (const group of [groupA, groupB]) {
      const members = await partition(server.db, keys.membersOf(t, group));
      expect(members.filter((item) => item.sk === `${keys.memberPrefix}${id}`)).toEqual([]);
      expect(await memberIds(tenant, group)).toEqual([]);
    }
  });

  it('a member add retried is a no-op: one membership, the same addedAt and the same version', async () => {
    const user = await createUser(tenant, 'retried.member@contoso.example');
    const group = await createGroup(tenant, 'Retried Member');
    const add = patchOp({ op: 'add', path: 'members', value: [{ value: user }] });
    const first = await tenant.request('PATCH', `/Groups/${group}`, add);
    expect(first.status, first.text).toBe(204);
    const [item] = await partition(server.db, keys.membersOf(tenant.tenantId, group));
    const retry = await tenant.request('PATCH', `/Groups/${group}`, add);
    expect(retry.status, retry.text).toBe(204);
    // RFC 7644 §3.5.2.1: adding a value that is already there changes nothing, not even the modify time.
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    const items = await partition(server.db, keys.membersOf(tenant.tenantId, group));
    expect(items).toEqual([item]);
    expect(await memberIds(tenant, group)).toEqual([user]);
    const read = await tenant.request('GET', `/Groups/${group}`);
    expect(read.body.meta.version).toBe(first.headers.get('etag'));
  });

  it('a member remove retried is a no-op too', async () => {
    const user = await createUser(tenant, 'retried.remove@contoso.example');
    const group = await createGroup(tenant, 'Retried Remove', [user]);
    const remove = patchOp({ op: 'remove', path: `members[value eq "${user}"]` });
    const first = await tenant.request('PATCH', `/Groups/${group}`, remove);
    expect(first.status, first.text).toBe(204);
    const retry = await tenant.request('PATCH', `/Groups/${group}`, remove);
    expect(retry.status, retry.text).toBe(204);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await memberIds(tenant, group)).toEqual([]);
  });
});

describe('DELETE racing membership changes leaves no orphan visible through the API', () => {
  it(`a user DELETE racing PATCHes and a POST that add it to groups (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const user = await createUser(tenant, `racing.user.${round}@contoso.example`);
      const keeper = await createUser(tenant, `racing.keeper.${round}@contoso.example`);
      const groups = [
        await createGroup(tenant, `Racing ${round} A`, [keeper]),
        await createGroup(tenant, `Racing ${round} B`),
      ];
      const results = await Promise.all([
        tenant.request('DELETE', `/Users/${user}`),
        ...groups.map((g) =>
          tenant.request(
            'PATCH',
            `/Groups/${g}`,
            patchOp({ op: 'add', path: 'members', value: [{ value: user }] }),
          ),
        ),
        tenant.request('POST', '/Groups', {
          schemas: [GROUP_SCHEMA],
          displayName: `Racing ${round} C`,
          members: [{ value: user }, { value: keeper }],
        }),
      ]);
      const [deleted, ...adds] = results;
      expect(deleted?.status, deleted?.text).toBe(204);
      for (const add of adds) expect([201, 204, 400], add.text).toContain(add.status);
      const created = adds.at(-1)?.status === 201 ? (adds.at(-1)?.body.id as string) : undefined;
      for (const group of [...groups, ...(created === undefined ? [] : [created])]) {
        const members = await memberIds(tenant, group);
        expect(members, `round ${round}: group ${group} lists the deleted user`).not.toContain(user);
      }
      expectScimError(await tenant.request('GET', `/Users/${user}`), 404);
      // Nor is any membership item of the deleted user left behind in the table.
      expect(await membershipsOf(server.db, tenant.tenantId, user), `round ${round}`).toEqual([]);
    }
  });

  it(`a group DELETE racing PATCHes and a PUT that add members (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const users = [
        await createUser(tenant, `racing.member.${round}.a@contoso.example`),
        await createUser(tenant, `racing.member.${round}.b@contoso.example`),
        await createUser(tenant, `racing.member.${round}.c@contoso.example`),
      ];
      const group = await createGroup(tenant, `Racing Group ${round}`, [users[0] as string]);
      const results = await Promise.all([
        tenant.request('DELETE', `/Groups/${group}`),
        tenant.request(
          'PATCH',
          `/Groups/${group}`,
          patchOp({ op: 'add', path: 'members', value: [{ value: users[1] }] }),
        ),
        tenant.request(
          'PATCH',
          `/Groups/${group}`,
          patchOp({ op: 'add', path: 'members', value: [{ value: users[2] }] }),
        ),
        tenant.request('PUT', `/Groups/${group}`, {
          schemas: [GROUP_SCHEMA],
          displayName: `Racing Group ${round}`,
          members: users.map((value) => ({ value })),
        }),
      ]);
      const [deleted, ...adds] = results;
      expect(deleted?.status, deleted?.text).toBe(204);
      for (const add of adds) expect([200, 204, 404], add.text).toContain(add.status);
      expectScimError(await tenant.request('GET', `/Groups/${group}`), 404);
      // Nor is any membership item left in the deleted group's partition (a member add that lost the race
      // takes back what it wrote).
      expect(await partition(server.db, keys.membersOf(tenant.tenantId, group)), `round ${round}`).toEqual(
        [],
      );
      for (const user of users) {
        expect(
          await groupsOfUser(tenant, user),
          `round ${round}: user ${user} lists the deleted group`,
        ).not.toContain(group);
      }
    }
  });
});

describe('a Group PUT racing a member PATCH: the members are what the last write asked for', () => {
  let injector: FaultInjector;
  let a: string;
  let b: string;
  let c: string;
  beforeAll(async () => {
    // Holds one DynamoDB call of the first request (test/reliability/fault-injector.ts) while the second
    // request runs to completion: deterministic interleavings, on DynamoDB Local.
    injector = await faultInjector(server.db);
    a = await createUser(tenant, 'interleaved.a@contoso.example');
    b = await createUser(tenant, 'interleaved.b@contoso.example');
    c = await createUser(tenant, 'interleaved.c@contoso.example');
  });
  afterAll(() => injector.close());

  type Send = (group: string) => Promise<{ status: number; headers: Headers; text: string }>;
  const put =
    (...members: (() => string)[]): Send =>
    (group) =>
      tenant.request('PUT', `/Groups/${group}`, {
        schemas: [GROUP_SCHEMA],
        displayName: `Interleaved ${group}`,
        members: members.map((m) => ({ value: m() })),
      });
  const patch =
    (operation: () => Record<string, unknown>): Send =>
    (group) =>
      tenant.request('PATCH', `/Groups/${group}`, patchOp(operation()));
  const version = (response: { headers: Headers }) =>
    Number(/\d+/.exec(response.headers.get('etag') ?? '')?.[0]);

  // The first request is held just before the named DynamoDB call, the second runs in full meanwhile,
  // then the first goes on. The first then writes last (its version is the higher), so the members must
  // be exactly what it asked for, computed on the members as the second left them.
  it.each<[string, Send, string, Send, () => string[]]>([
    [
      'PUT [B] held before its write; PATCH add C meanwhile',
      put(() => b),
      'TransactWriteItems',
      patch(() => ({ op: 'add', path: 'members', value: [{ value: c }] })),
      () => [b],
    ],
    [
      'PUT [B] held before its write; PATCH replace members [C] meanwhile',
      put(() => b),
      'TransactWriteItems',
      patch(() => ({ op: 'replace', path: 'members', value: [{ value: c }] })),
      () => [b],
    ],
    [
      'PUT [B] held before reading the members; PATCH add C meanwhile',
      put(() => b),
      'Query',
      patch(() => ({ op: 'add', path: 'members', value: [{ value: c }] })),
      () => [b],
    ],
    [
      'PUT [A, B] held before its write; PATCH remove A meanwhile',
      put(
        () => a,
        () => b,
      ),
      'TransactWriteItems',
      patch(() => ({ op: 'remove', path: `members[value eq "${a}"]` })),
      () => [a, b],
    ],
    [
      'PUT [B] held before its write; PUT [C] meanwhile',
      put(() => b),
      'TransactWriteItems',
      put(() => c),
      () => [b],
    ],
    [
      'PATCH replace members [C] held before its write; PUT [B] meanwhile',
      patch(() => ({ op: 'replace', path: 'members', value: [{ value: c }] })),
      'TransactWriteItems',
      put(() => b),
      () => [c],
    ],
    [
      'PATCH rename and add C held before its write; PUT [B] meanwhile',
      (group) =>
        tenant.request(
          'PATCH',
          `/Groups/${group}`,
          patchOp(
            { op: 'replace', path: 'displayName', value: `Renamed ${group}` },
            { op: 'add', path: 'members', value: [{ value: c }] },
          ),
        ),
      'TransactWriteItems',
      put(() => b),
      () => [b, c],
    ],
  ])('%s', async (_name, first, held, second, expected) => {
    const group = await createGroup(tenant, `Interleaved ${_name.length}-${Math.random()}`, [a]);
    await tenant.request('PUT', `/Groups/${group}`, {
      schemas: [GROUP_SCHEMA],
      displayName: `Interleaved ${group}`,
      members: [{ value: a }],
    });
    const hold = injector.hold(held);
    const firstResponse = first(group);
    await hold.reached;
    const secondResponse = await second(group);
    expect([200, 204], secondResponse.text).toContain(secondResponse.status);
    hold.release();
    const last = await firstResponse;
    injector.clear();
    expect([200, 204], last.text).toContain(last.status);
    expect(version(last)).toBeGreaterThan(version(secondResponse));
    expect(await memberIds(tenant, group)).toEqual(expected().sort());
    // And the table agrees: User.groups comes from the same membership items.
    for (const user of [a, b, c]) {
      expect((await groupsOfUser(tenant, user)).includes(group), user).toBe(expected().includes(user));
    }
  });
});
