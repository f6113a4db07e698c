import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup } from '../../support/groups';
import { startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { createUser } from '../../support/users';

/**
 * Issue 13 §3: queries at the server root (RFC 7644 §3.4.2.1, `GET /scim/v2?filter=…`, and §3.4.3,
 * `POST /scim/v2/.search`) list Users, then Groups, with the paging, projection and errors of the
 * resource endpoints. Real handlers behind the local gateway, on DynamoDB Local; one tenant of 3 users
 * and 2 groups.
 */
let server: TestServer;
let tenant: TestTenant;
const ids: Record<string, string> = {};
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
  for (const name of ['ada.lovelace', 'ops.team', 'zed.zimmer']) {
    ids[name] = await createUser(tenant, `${name}@contoso.example`);
  }
  ids.ops = await createGroup(tenant, 'ops team', [ids['ops.team'] as string]);
  ids.sales = await createGroup(tenant, 'Sales');
  const inIdOrder = (named: [string, string][]) =>
    named.sort(([, a], [, b]) => (a < b ? -1 : 1)).map(([name]) => name);
  everything.push(
    ...inIdOrder(users.map((u) => [u, ids[u.split('@')[0] as string] as string])),
    ...inIdOrder([
      ['group ops team', ids.ops as string],
      ['group Sales', ids.sales as string],
    ]),
  );
});
afterAll(() => server.close());

const query = (parameters: Record<string, string>) => `?${new URLSearchParams(parameters)}`;
const names = (resources: { userName?: string; displayName?: string }[]) =>
  resources.map((r) => r.userName ?? `group ${r.displayName}`);
const users = ['ada.lovelace', 'ops.team', 'zed.zimmer'].map((n) => `${n}@contoso.example`);
/** Each type in id order, as its own endpoint lists it: users first. */
const everything: string[] = [];

describe('a query at the server root', () => {
  it.each([
    { filter: undefined, expected: () => everything },
    // An attribute both types have finds both; one only users have finds users only.
    { filter: 'displayName eq "OPS TEAM"', expected: () => ['ops.team@contoso.example', 'group ops team'] },
    { filter: 'userName sw "zed"', expected: () => ['zed.zimmer@contoso.example'] },
    { filter: 'emails[type eq "work"].value eq "ada.lovelace@contoso.example"', expected: () => [users[0]] },
    { filter: 'meta.resourceType eq "Group"', expected: () => everything.slice(3) },
  ])('GET /scim/v2?filter=$filter lists users, then groups', async ({ filter, expected }) => {
    const response = await tenant.request('GET', query(filter === undefined ? {} : { filter }));
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(response.body).toMatchObject({ totalResults: expected().length, startIndex: 1 });
    expect(names(response.body.Resources)).toEqual(expected());
  });

  it('POST /scim/v2/.search takes a SearchRequest, with its projection', async () => {
    const response = await tenant.request('POST', '/.search', {
      schemas: [SEARCH],
      filter: 'displayName eq "ops team"',
      attributes: ['displayName'],
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body.Resources).toEqual([
      expect.objectContaining({ id: ids['ops.team'], displayName: 'ops team' }),
      expect.objectContaining({ id: ids.ops, displayName: 'ops team' }),
    ]);
    for (const resource of response.body.Resources) expect(resource).not.toHaveProperty('members');
    for (const resource of response.body.Resources) expect(resource).not.toHaveProperty('userName');
  });

  it('returns groups with their members, as /Groups does, unless excluded', async () => {
    const filter = 'displayName eq "ops team"';
    const withMembers = await tenant.request('GET', query({ filter }));
    expect(withMembers.body.Resources[1].members).toEqual([
      expect.objectContaining({ value: ids['ops.team'], type: 'User' }),
    ]);
    const without = await tenant.request('GET', query({ filter, excludedAttributes: 'members' }));
    expect(without.body.Resources[1]).not.toHaveProperty('members');
  });

  it.each([2, 3, 5])('pages by index across both types, %i at a time', async (count) => {
    const seen: string[] = [];
    for (let startIndex = 1; startIndex <= everything.length; startIndex += count) {
      const page = await tenant.request(
        'GET',
        query({ startIndex: String(startIndex), count: String(count) }),
      );
      expect(page.body).toMatchObject({
        totalResults: 5,
        startIndex,
        itemsPerPage: Math.min(count, 6 - startIndex),
      });
      seen.push(...names(page.body.Resources));
    }
    expect(seen).toEqual(everything);
  });

  it('counts without listing when count is 0', async () => {
    const response = await tenant.request('GET', query({ count: '0' }));
    expect(response.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
  });

  it.each([1, 2, 3, 6])('pages by cursor across both types, %i at a time', async (count) => {
    const seen: string[] = [];
    let cursor: string | undefined = '';
    for (let pages = 0; cursor !== undefined && pages < 10; pages++) {
      const page = await tenant.request('GET', query({ cursor, count: String(count) }));
      expect(page.status, page.text).toBe(200);
      seen.push(...names(page.body.Resources));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(everything);
  });

  it.each([
    { what: 'a filter no type can take', path: query({ filter: 'bogus eq 1' }), scimType: 'invalidFilter' },
    {
      what: 'a filter that does not parse',
      path: query({ filter: 'userName eq' }),
      scimType: 'invalidFilter',
    },
    { what: 'a cursor not of ours', path: query({ cursor: 'Users:../x' }), scimType: 'invalidCursor' },
    {
      what: 'a cursor of no type',
      path: query({ cursor: `Roles:${'0'.repeat(8)}` }),
      scimType: 'invalidCursor',
    },
  ])('refuses $what with 400 $scimType', async ({ path, scimType }) => {
    const response = await tenant.request('GET', path);
    expect(response.status, response.text).toBe(400);
    expect(response.body).toMatchObject({ scimType, status: '400' });
  });

  it.each([
    { method: 'POST', path: '' },
    { method: 'DELETE', path: '' },
    { method: 'GET', path: '/.search' },
  ])('answers $method /scim/v2$path with 405', async ({ method, path }) => {
    const response = await tenant.request(method, path, method === 'POST' ? {} : undefined);
    expect(response.status, response.text).toBe(405);
  });

  it('is the same at /scim/v2/ (a trailing slash) and lists only its own tenant', async () => {
    const other = await server.newTenant();
    await createUser(other, 'stranger@fabrikam.example');
    expect(names((await tenant.request('GET', '/')).body.Resources)).toEqual(everything);
    expect(names((await other.request('GET', '/')).body.Resources)).toEqual(['stranger@fabrikam.example']);
  });
});
