import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meterCapacity } from '../../../bin/local/capacity-meter';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { ResourceStore } from '../../../functions/storage/resource-store';
import { dynamoEndpoint, startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';
import { createUser, userBody } from '../../support/users';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const meter = meterCapacity(db);
let server: TestServer;
let tenant: TestTenant;
const names = Array.from({ length: 25 }, (_, i) => `user${String(i).padStart(2, '0')}@contoso.example`);

beforeAll(async () => {
  server = await startScimServer(db);
  tenant = await server.newTenant();
  for (const [i, name] of names.entries()) {
    await createUser(tenant, name, { active: i % 5 !== 0, title: i < 10 ? 'Engineer' : 'Manager' });
  }
});
afterAll(() => server.close());

const list = async (query: string) => (await tenant.request('GET', `/Users${query}`)).body;

describe('GET /Users with a filter', () => {
  it('answers userName eq, externalId eq and id eq with key lookups that see a user right after its creation', async () => {
    const id = await createUser(tenant, 'Fresh.User@contoso.example');
    expect((await list('?filter=userName+eq+%22fresh.user%40contoso.example%22')).Resources[0].id).toBe(id);
    expect((await list('?filter=externalId+eq+%22ext-Fresh.User%40contoso.example%22')).Resources[0].id).toBe(
      id,
    );
    expect((await list(`?filter=id+eq+%22${id}%22`)).Resources[0].id).toBe(id);
    expect((await list('?filter=externalId+eq+%22EXT-FRESH.USER%40CONTOSO.EXAMPLE%22')).totalResults).toBe(0);
  });

  it('costs the same DynamoDB requests and units for a lookup in a small and in a larger tenant', async () => {
    const small = await server.newTenant();
    await createUser(small, 'needle@contoso.example');
    const lookups = [
      'userName+eq+%22needle%40contoso.example%22',
      'externalId+eq+%22ext-needle%40contoso.example%22',
    ];
    const cost = async (t: TestTenant) => {
      const costs = [];
      for (const filter of lookups) {
        meter.reset();
        const response = await t.request('GET', `/Users?filter=${filter}`);
        expect(response.body.totalResults).toBe(1);
        costs.push({
          requests: meter.totals.requests,
          units: meter.totals.readUnits + meter.totals.writeUnits,
        });
      }
      return costs;
    };
    const before = await cost(small);
    for (let i = 0; i < 60; i++) await createUser(small, `hay${i}@contoso.example`);
    expect(await cost(small)).toEqual(before);
  });

  it('evaluates other filters over the tenant, with totalResults counting every match', async () => {
    const body = await list('?filter=title+eq+%22Engineer%22+and+active+eq+false&startIndex=1&count=1');
    expect(body.totalResults).toBe(2);
    expect(body.itemsPerPage).toBe(1);
    expect(body.Resources).toHaveLength(1);
    expect((await list('?filter=userName+sw+%22USER1%22')).totalResults).toBe(10);
    expect((await list('?filter=emails%5Btype+eq+%22work%22+and+value+co+%22user2%22%5D')).totalResults).toBe(
      5,
    );
  });

  it('answers a malformed filter or an unknown attribute with 400 invalidFilter, never an empty list', async () => {
    for (const filter of ['userName+eq', 'nope+eq+%22x%22', 'userName+eq+%22x%22+or', '(((userName+pr']) {
      const response = await tenant.request('GET', `/Users?filter=${filter}`);
      expect(response.status).toBe(400);
      expect(response.body.scimType).toBe('invalidFilter');
    }
  });

  it('reads POST /Users/.search bodies like query parameters', async () => {
    const response = await tenant.request('POST', '/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'title eq "Manager"',
      attributes: ['userName'],
      startIndex: 1,
      count: 3,
    });
    expect(response.status).toBe(200);
    expect(response.body.totalResults).toBe(15);
    expect(response.body.Resources).toHaveLength(3);
    expect(Object.keys(response.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
  });
});

describe('paging', () => {
  it('pages by startIndex and count (1-based), with totalResults from the tenant count', async () => {
    const seen: string[] = [];
    const first = await list('?startIndex=1&count=10');
    expect(first).toMatchObject({ startIndex: 1, itemsPerPage: 10 });
    const total = first.totalResults as number;
    for (let start = 1; start <= total; start += 10) {
      const page = await list(`?startIndex=${start}&count=10`);
      expect(page.totalResults).toBe(total);
      seen.push(...page.Resources.map((r: { id: string }) => r.id));
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('treats startIndex < 1 as 1, a negative count as 0, and caps count at the maximum page size', async () => {
    expect((await list('?startIndex=0&count=2')).startIndex).toBe(1);
    const none = await list('?count=-5');
    expect(none.itemsPerPage).toBe(0);
    expect(none.Resources).toEqual([]);
    expect(none.totalResults).toBeGreaterThan(0);
    expect((await list('?count=100000')).itemsPerPage).toBe(none.totalResults);
    expect((await tenant.request('GET', '/Users?startIndex=abc')).status).toBe(400);
  });

  it('pages by cursor (RFC 9865): every user exactly once, nextCursor only while more remain', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 20; pages++) {
      const page = await list(`?cursor=${cursor}&count=7`);
      expect(page.startIndex).toBeUndefined();
      seen.push(...page.Resources.map((r: { id: string }) => r.id));
      if (page.nextCursor === undefined) break;
      cursor = page.nextCursor;
    }
    const total = (await list('?count=0')).totalResults;
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('pages a filter by cursor, and refuses a cursor that is not one of ours', async () => {
    const first = await list('?filter=active+eq+false&cursor=&count=3');
    expect(first.Resources).toHaveLength(3);
    const second = await list(`?filter=active+eq+false&cursor=${first.nextCursor}&count=3`);
    expect(second.Resources).toHaveLength(2);
    expect(second.nextCursor).toBeUndefined();
    const forged = await tenant.request('GET', '/Users?cursor=TENANT%23other%23User');
    expect(forged.status).toBe(400);
    expect(forged.body.scimType).toBe('invalidCursor');
  });
});

describe('query strings', () => {
  it('decodes the query as a form: + is a space, %2B a plus', async () => {
    await createUser(tenant, 'plus+tag@contoso.example');
    expect((await list('?filter=userName+eq+%22plus%2Btag%40contoso.example%22')).totalResults).toBe(1);
    expect((await list('?filter=userName%20eq%20%22plus%2Btag%40contoso.example%22')).totalResults).toBe(1);
  });

  it("ignores Entra's aadOptscim062020 flag on every route", async () => {
    expect((await tenant.request('GET', '/Users?aadOptscim062020')).status).toBe(200);
    expect((await tenant.request('GET', '/ServiceProviderConfig?aadOptscim062020')).status).toBe(200);
    const created = await tenant.request('POST', '/Users?aadOptscim062020', userBody('flag@contoso.example'));
    expect(created.status).toBe(201);
  });
});

describe('the counts behind totalResults', () => {
  it('stay exact through creates and deletes', async () => {
    const fresh = await server.newTenant();
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) => createUser(fresh, `c${i}@contoso.example`)),
    );
    await Promise.all(ids.slice(0, 5).map((id) => fresh.request('DELETE', `/Users/${id}`)));
    expect((await fresh.request('GET', '/Users?count=0')).body.totalResults).toBe(7);
    const store = new ResourceStore(db, TEST_TABLES.data, 'User');
    expect(await store.count(fresh.tenantId)).toBe(7);
  });
});
