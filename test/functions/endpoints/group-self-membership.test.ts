/**
 * A group is never its own member. Every request that names members refuses the group's own id with 400
 * invalidValue, writing nothing: before, a PUT or a PATCH that also changed an attribute answered 500
 * (DynamoDB refuses a transaction holding two actions on one item), and a member-only PATCH wrote it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectScimError } from '../../reliability/helpers';
import { createGroup, GROUP_SCHEMA, memberIds } from '../../support/groups';
import { startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { createUser, patchOp } from '../../support/users';

let server: TestServer;
let tenant: TestTenant;
let user: string;

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
  user = await createUser(tenant, 'self.member@contoso.example');
});
afterAll(() => server.close());

type Send = (group: string, name: string) => ReturnType<TestTenant['request']>;
const put =
  (members: (group: string) => string[]): Send =>
  (group, name) =>
    tenant.request('PUT', `/Groups/${group}`, {
      schemas: [GROUP_SCHEMA],
      displayName: name,
      externalId: `ext-${name}`,
      members: members(group).map((value) => ({ value })),
    });
const patch =
  (operations: (group: string) => Record<string, unknown>[], headers?: Record<string, string>): Send =>
  (group) =>
    tenant.request('PATCH', `/Groups/${group}`, patchOp(...operations(group)), headers);

describe('a group listed as its own member', () => {
  it.each<[string, Send]>([
    ['PUT with only itself', put((g) => [g])],
    ['PUT with a user and itself', put((g) => [user, g])],
    ['PUT with itself, id in capitals', put((g) => [user, g.toUpperCase()])],
    [
      'PATCH add itself',
      patch((g) => [{ op: 'add', path: 'members', value: [{ value: g, type: 'Group' }] }]),
    ],
    ['PATCH add itself, path-less', patch((g) => [{ op: 'add', value: { members: [{ value: g }] } }])],
    [
      'PATCH replace members with itself',
      patch((g) => [{ op: 'replace', path: 'members', value: [{ value: g }] }]),
    ],
    [
      'PATCH replace a member by itself',
      patch((g) => [{ op: 'replace', path: `members[value eq "${user}"]`, value: [{ value: g }] }]),
    ],
    [
      'PATCH rename and add itself',
      patch((g) => [
        { op: 'replace', path: 'displayName', value: `Renamed ${g}` },
        { op: 'add', path: 'members', value: [{ value: g }] },
      ]),
    ],
    [
      'PATCH add itself with If-Match',
      patch((g) => [{ op: 'add', path: 'members', value: [{ value: g }] }], { 'If-Match': 'W/"1"' }),
    ],
  ])('%s: 400 invalidValue, and nothing is written', async (name, send) => {
    const displayName = `Self ${name}`;
    const group = await createGroup(tenant, displayName, [user]);
    const before = await tenant.request('GET', `/Groups/${group}`);
    const response = await send(group, displayName);
    expectScimError(response, 400, 'invalidValue', name);
    const after = await tenant.request('GET', `/Groups/${group}`);
    expect(after.body.meta.version).toBe(before.body.meta.version);
    expect(after.body.displayName).toBe(displayName);
    expect(await memberIds(tenant, group)).toEqual([user]);
  });

  it('another group is still a member like any other (PUT and PATCH)', async () => {
    const inner = await createGroup(tenant, 'Self Inner');
    const outer = await createGroup(tenant, 'Self Outer');
    const patched = await tenant.request(
      'PATCH',
      `/Groups/${outer}`,
      patchOp({ op: 'add', path: 'members', value: [{ value: inner }] }),
    );
    expect(patched.status, patched.text).toBe(204);
    const replaced = await put(() => [user, inner])(outer, 'Self Outer');
    expect(replaced.status, replaced.text).toBe(200);
    expect(await memberIds(tenant, outer)).toEqual([user, inner].sort());
  });
});
