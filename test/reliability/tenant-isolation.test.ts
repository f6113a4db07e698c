/**
 * Promise 5: tenant isolation. Tenant A's token is used on every route and method of the API with tenant
 * B's ids, B's names and externalIds in filters, B's cursors, and members pointing at B's resources. Every
 * answer is a 404, a list without B's resources, or (adding B's user to A's group) a 400 invalidValue;
 * afterwards B's resources are exactly as they were (meta.version, members, counts) and A's counts never
 * include B's resources.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_SCHEMA } from '../support/groups';
import type { ScimResult } from '../support/scim-server';
import { startScimServer, type TestServer, type TestTenant } from '../support/scim-server';
import { patchOp, userBody } from '../support/users';
import { countOf, expectScimError } from './helpers';

let server: TestServer;
let a: TestTenant;
let b: TestTenant;

/** B's resources and what they look like before A tries anything. */
const B = { users: [] as string[], groups: [] as string[], cursor: '', snapshot: undefined as unknown };
const A = { users: [] as string[], groups: [] as string[] };

const B_NAME = 'isolated.bob@fabrikam.example';
const B_EXTERNAL = 'ext-isolated-bob';
const B_GROUP = 'Fabrikam Secret Group';
const B_GROUP_EXTERNAL = 'ext-fabrikam-secret';

async function created(response: ScimResult): Promise<string> {
  if (response.status !== 201) throw new Error(`${response.status} ${response.text}`);
  return response.body.id;
}

/** Everything of B that A must not change: each resource as B reads it (members included) and B's counts. */
async function snapshotOfB() {
  const users = await Promise.all(
    B.users.map((id) => b.request('GET', `/Users/${id}?attributes=groups,userName,meta`)),
  );
  const groups = await Promise.all(B.groups.map((id) => b.request('GET', `/Groups/${id}`)));
  return {
    users: users.map((r) => r.body),
    groups: groups.map((r) => r.body),
    userCount: await countOf(b, '/Users'),
    groupCount: await countOf(b, '/Groups'),
  };
}

beforeAll(async () => {
  server = await startScimServer();
  a = await server.newTenant();
  b = await server.newTenant();
  B.users.push(
    await created(await b.request('POST', '/Users', userBody(B_NAME, { externalId: B_EXTERNAL }))),
  );
  B.users.push(await created(await b.request('POST', '/Users', userBody('isolated.carol@fabrikam.example'))));
  B.users.push(await created(await b.request('POST', '/Users', userBody('isolated.dave@fabrikam.example'))));
  B.groups.push(
    await created(
      await b.request('POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: B_GROUP,
        externalId: B_GROUP_EXTERNAL,
        members: B.users.slice(0, 2).map((value) => ({ value })),
      }),
    ),
  );
  B.groups.push(
    await created(
      await b.request('POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: 'Fabrikam Other',
        members: [{ value: B.groups[0] }],
      }),
    ),
  );
  B.cursor = (await b.request('GET', '/Users?cursor=&count=1')).body.nextCursor;
  expect(B.cursor).toEqual(expect.any(String));

  A.users.push(await created(await a.request('POST', '/Users', userBody('isolated.alice@contoso.example'))));
  A.users.push(await created(await a.request('POST', '/Users', userBody('isolated.amos@contoso.example'))));
  A.groups.push(
    await created(
      await a.request('POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: 'Contoso Group',
        members: [{ value: A.users[0] }],
      }),
    ),
  );
  B.snapshot = await snapshotOfB();
});
afterAll(() => server.close());

type Expectation = '404' | 'no B resource' | '400 invalidValue' | '400 invalidFilter';

interface IsolationCase {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: () => string;
  readonly body?: () => unknown;
  readonly expect: Expectation;
}

const f = (filter: string) => encodeURIComponent(filter);
const bUser = () => B.users[0] as string;
const bGroup = () => B.groups[0] as string;
const aGroup = () => A.groups[0] as string;

const USER_FILTERS = [
  () => `userName eq "${B_NAME}"`,
  () => `userName eq "${B_NAME.toUpperCase()}"`,
  () => `externalId eq "${B_EXTERNAL}"`,
  () => `id eq "${bUser()}"`,
  () => `userName co "isolated.bob"`,
  () => `userName sw "isolated" and emails.value ew "fabrikam.example"`,
  () => `id eq "${bUser()}" or userName eq "${B_NAME}" or externalId eq "${B_EXTERNAL}"`,
];
const GROUP_FILTERS = [
  () => `displayName eq "${B_GROUP}"`,
  () => `displayName eq "${B_GROUP.toLowerCase()}"`,
  () => `externalId eq "${B_GROUP_EXTERNAL}"`,
  () => `id eq "${bGroup()}"`,
  () => `displayName co "Fabrikam"`,
];
/** Filters on the computed attributes, which the service refuses outright (and so reveals nothing). */
const COMPUTED_FILTERS = [
  ['/Users', () => `groups.value eq "${bGroup()}"`],
  ['/Groups', () => `members.value eq "${bUser()}"`],
] as const;

// biome-ignore format: a data table reads best one case per line
const CASES: readonly IsolationCase[] = [
  // /Users/{id} and /Groups/{id} with B's ids
  { name: "GET B's user", method: 'GET', path: () => `/Users/${bUser()}`, expect: '404' },
  { name: "GET B's user with its groups", method: 'GET', path: () => `/Users/${bUser()}?attributes=groups`, expect: '404' },
  { name: "PUT B's user", method: 'PUT', path: () => `/Users/${bUser()}`, body: () => userBody(B_NAME, { title: 'Hijacked' }), expect: '404' },
  { name: "PATCH B's user", method: 'PATCH', path: () => `/Users/${bUser()}`, body: () => patchOp({ op: 'replace', path: 'active', value: false }), expect: '404' },
  { name: "PATCH B's user with If-Match", method: 'PATCH', path: () => `/Users/${bUser()}`, body: () => patchOp({ op: 'replace', path: 'title', value: 'x' }), expect: '404' },
  { name: "DELETE B's user", method: 'DELETE', path: () => `/Users/${bUser()}`, expect: '404' },
  { name: "GET B's group", method: 'GET', path: () => `/Groups/${bGroup()}`, expect: '404' },
  { name: "PUT B's group", method: 'PUT', path: () => `/Groups/${bGroup()}`, body: () => ({ displayName: B_GROUP, members: [] }), expect: '404' },
  { name: "PATCH B's group: add A's user", method: 'PATCH', path: () => `/Groups/${bGroup()}`, body: () => patchOp({ op: 'add', path: 'members', value: [{ value: A.users[0] }] }), expect: '404' },
  { name: "PATCH B's group: remove all members", method: 'PATCH', path: () => `/Groups/${bGroup()}`, body: () => patchOp({ op: 'remove', path: 'members' }), expect: '404' },
  { name: "PATCH B's group: rename", method: 'PATCH', path: () => `/Groups/${bGroup()}`, body: () => patchOp({ op: 'replace', path: 'displayName', value: 'Pwned' }), expect: '404' },
  { name: "DELETE B's group", method: 'DELETE', path: () => `/Groups/${bGroup()}`, expect: '404' },
  { name: "B's user id on /Groups", method: 'GET', path: () => `/Groups/${bUser()}`, expect: '404' },

  // Filters naming B's values, on GET and on .search
  ...USER_FILTERS.flatMap((filter, i): IsolationCase[] => [
    { name: `GET /Users filter ${i + 1}`, method: 'GET', path: () => `/Users?filter=${f(filter())}`, expect: 'no B resource' },
    { name: `POST /Users/.search filter ${i + 1}`, method: 'POST', path: () => '/Users/.search', body: () => ({ filter: filter() }), expect: 'no B resource' },
  ]),
  ...GROUP_FILTERS.flatMap((filter, i): IsolationCase[] => [
    { name: `GET /Groups filter ${i + 1}`, method: 'GET', path: () => `/Groups?filter=${f(filter())}`, expect: 'no B resource' },
    { name: `POST /Groups/.search filter ${i + 1}`, method: 'POST', path: () => '/Groups/.search', body: () => ({ filter: filter() }), expect: 'no B resource' },
  ]),
  ...COMPUTED_FILTERS.flatMap(([endpoint, filter]): IsolationCase[] => [
    { name: `GET ${endpoint} filter on ${endpoint === '/Users' ? 'groups' : 'members'}`, method: 'GET', path: () => `${endpoint}?filter=${f(filter())}`, expect: '400 invalidFilter' },
    { name: `POST ${endpoint}/.search filter on ${endpoint === '/Users' ? 'groups' : 'members'}`, method: 'POST', path: () => `${endpoint}/.search`, body: () => ({ filter: filter() }), expect: '400 invalidFilter' },
  ]),
  { name: 'GET /Users with a tenant in the query', method: 'GET', path: () => `/Users?tenantId=${b.tenantId}&tenant=${b.tenantId}`, expect: 'no B resource' },

  // B's cursors: a cursor carries only an id, so it can only resume A's own listing.
  { name: "GET /Users with B's cursor", method: 'GET', path: () => `/Users?cursor=${B.cursor}&count=10`, expect: 'no B resource' },
  { name: "POST /Users/.search with B's cursor", method: 'POST', path: () => '/Users/.search', body: () => ({ cursor: B.cursor, count: 10 }), expect: 'no B resource' },
  { name: "GET /Groups with B's user id as cursor", method: 'GET', path: () => `/Groups?cursor=${bUser()}&count=10`, expect: 'no B resource' },
  { name: "POST /Groups/.search with B's group id as cursor", method: 'POST', path: () => '/Groups/.search', body: () => ({ cursor: bGroup(), count: 10 }), expect: 'no B resource' },

  // Members and $refs pointing at B's resources
  { name: "POST /Groups with B's user as member", method: 'POST', path: () => '/Groups', body: () => ({ displayName: 'Stolen Members', members: [{ value: bUser() }] }), expect: '400 invalidValue' },
  { name: "POST /Groups with B's user by $ref", method: 'POST', path: () => '/Groups', body: () => ({ displayName: 'Stolen Ref', members: [{ value: bUser(), $ref: `${server.baseUrl}/Users/${bUser()}`, type: 'User' }] }), expect: '400 invalidValue' },
  { name: "POST /Groups with B's group as member", method: 'POST', path: () => '/Groups', body: () => ({ displayName: 'Stolen Nest', members: [{ value: bGroup(), type: 'Group' }] }), expect: '400 invalidValue' },
  { name: "PATCH A's group: add B's user", method: 'PATCH', path: () => `/Groups/${aGroup()}`, body: () => patchOp({ op: 'add', path: 'members', value: [{ value: bUser() }] }), expect: '400 invalidValue' },
  { name: "PATCH A's group: add B's user and rename", method: 'PATCH', path: () => `/Groups/${aGroup()}`, body: () => patchOp({ op: 'replace', path: 'displayName', value: 'Renamed With Stolen' }, { op: 'add', path: 'members', value: [{ value: bUser() }] }), expect: '400 invalidValue' },
  { name: "PATCH A's group: path-less add of B's user", method: 'PATCH', path: () => `/Groups/${aGroup()}`, body: () => patchOp({ op: 'add', value: { members: [{ value: bUser(), $ref: `${server.baseUrl}/Users/${bUser()}` }] } }), expect: '400 invalidValue' },
  { name: "PATCH A's group: replace members with B's", method: 'PATCH', path: () => `/Groups/${aGroup()}`, body: () => patchOp({ op: 'replace', path: 'members', value: B.users.map((value) => ({ value })) }), expect: '400 invalidValue' },
  { name: "PATCH A's group: add B's group", method: 'PATCH', path: () => `/Groups/${aGroup()}`, body: () => patchOp({ op: 'add', path: 'members', value: [{ value: bGroup(), type: 'Group' }] }), expect: '400 invalidValue' },
  { name: "PUT A's group with B's user", method: 'PUT', path: () => `/Groups/${aGroup()}`, body: () => ({ displayName: 'Contoso Group', members: [{ value: A.users[0] }, { value: bUser() }] }), expect: '400 invalidValue' },
];

function expectNoBResource(response: ScimResult, what: string) {
  expect(response.status, `${what}: ${response.text.slice(0, 300)}`).toBe(200);
  const ids = (response.body.Resources as { id: string }[]).map((r) => r.id);
  for (const id of ids) expect([...A.users, ...A.groups], `${what}: ${id} is not A's`).toContain(id);
  expect(response.text, what).not.toMatch(/fabrikam/i);
  for (const id of [...B.users, ...B.groups]) expect(response.text, what).not.toContain(id);
  // A's totals count A's resources only.
  if (response.body.totalResults !== undefined) {
    expect(response.body.totalResults, what).toBeLessThanOrEqual(A.users.length + A.groups.length);
  }
}

describe("tenant A's token on tenant B's data", () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const body = c.body?.();
    const headers: Record<string, string> = c.name.includes('If-Match') ? { 'If-Match': 'W/"1"' } : {};
    const response = await a.request(c.method, c.path(), body, headers);
    if (c.expect === '404') expectScimError(response, 404, undefined, c.name);
    else if (c.expect === '400 invalidValue') expectScimError(response, 400, 'invalidValue', c.name);
    else if (c.expect === '400 invalidFilter') expectScimError(response, 400, 'invalidFilter', c.name);
    else expectNoBResource(response, c.name);
  });

  it("left B's data exactly as it was", async () => {
    expect(await snapshotOfB()).toEqual(B.snapshot);
  });

  it("A's counts and listings hold A's resources only", async () => {
    expect(await countOf(a, '/Users')).toBe(A.users.length);
    expect(await countOf(a, '/Groups')).toBe(A.groups.length);
    const users = await a.request('GET', '/Users?count=1000');
    expect(users.body.Resources.map((u: { id: string }) => u.id).sort()).toEqual([...A.users].sort());
    const groups = await a.request('GET', '/Groups?count=1000');
    expect(groups.body.Resources.map((g: { id: string }) => g.id)).toEqual(A.groups);
    expect(groups.body.Resources[0].members.map((m: { value: string }) => m.value)).toEqual([A.users[0]]);
    const alice = await a.request('GET', `/Users/${A.users[0]}?attributes=groups`);
    expect(alice.body.groups.map((g: { value: string }) => g.value)).toEqual(A.groups);
  });

  it("A may use B's names for its own resources: names are unique per tenant, and B keeps its own", async () => {
    const user = await a.request('POST', '/Users', userBody(B_NAME, { externalId: B_EXTERNAL }));
    expect(user.status, user.text).toBe(201);
    const group = await a.request('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: B_GROUP,
      externalId: B_GROUP_EXTERNAL,
    });
    expect(group.status, group.text).toBe(201);
    A.users.push(user.body.id);
    A.groups.push(group.body.id);
    const inA = await a.request('GET', `/Users?filter=${f(`userName eq "${B_NAME}"`)}`);
    expect(inA.body.Resources.map((u: { id: string }) => u.id)).toEqual([user.body.id]);
    const inB = await b.request('GET', `/Users?filter=${f(`userName eq "${B_NAME}"`)}`);
    expect(inB.body.Resources.map((u: { id: string }) => u.id)).toEqual([bUser()]);
    const groupInB = await b.request('GET', `/Groups?filter=${f(`externalId eq "${B_GROUP_EXTERNAL}"`)}`);
    expect(groupInB.body.Resources.map((g: { id: string }) => g.id)).toEqual([bGroup()]);
    expect(await countOf(a, '/Users')).toBe(A.users.length);
    expect(await snapshotOfB()).toEqual(B.snapshot);
  });

  it("and deleting A's copies leaves B's originals", async () => {
    expect((await a.request('DELETE', `/Users/${A.users.at(-1)}`)).status).toBe(204);
    expect((await a.request('DELETE', `/Groups/${A.groups.at(-1)}`)).status).toBe(204);
    expect(await snapshotOfB()).toEqual(B.snapshot);
  });
});
