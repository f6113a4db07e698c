import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_PAYLOAD_LIMITS, payloadBytes } from '../../../functions/http/lambda-payload';
import { startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { userBody } from '../../support/users';

/**
 * Large users, as a directory with long addresses gives them: about 89 KB each (the resource limit is
 * 96 KiB). Some hold control characters, which JSON escapes to 6 bytes (`\u0001`) and the Lambda response
 * payload to 7: the page budget must count escaping, not characters.
 */
const PLAIN = 72;
const ESCAPED = 8;
const address = (text: string) => ({ type: 'work', formatted: text, streetAddress: text.slice(0, 1000) });

function largeUser(i: number) {
  const name = `large${String(i).padStart(3, '0')}@contoso.example`;
  const addresses =
    i < PLAIN
      ? Array.from({ length: 29 }, (_, n) => address(`${n} ${'Long Street '.repeat(170)}`.slice(0, 2048)))
      : Array.from({ length: 5 }, () => address('\u0001'.repeat(2048)));
  return userBody(name, { externalId: 'bulk-import', addresses });
}

let server: TestServer;
let tenant: TestTenant;
let ids: string[];

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
  ids = [];
  for (let i = 0; i < PLAIN + ESCAPED; i += 8) {
    const batch = Array.from({ length: Math.min(8, PLAIN + ESCAPED - i) }, (_, k) => largeUser(i + k));
    const created = await Promise.all(batch.map((body) => tenant.request('POST', '/Users', body)));
    for (const response of created) {
      if (response.status !== 201)
        throw new Error(`create: ${response.status} ${response.text.slice(0, 300)}`);
      ids.push(response.body.id);
    }
  }
}, 120_000);
afterAll(() => server.close());

interface Page {
  readonly ids: string[];
  readonly itemsPerPage: number;
  readonly totalResults?: number;
  readonly nextCursor?: string;
}

/** One page, checked to be a 200 whose proxy-result payload is within Lambda's response limit. */
async function page(query: string): Promise<Page> {
  const response = await tenant.request('GET', `/Users?${query}`);
  expect(response.status, response.text.slice(0, 300)).toBe(200);
  // The local gateway refuses an answer over the limit (test/bin/local/local-gateway-limits.test.ts);
  // this says by how much each page stays under it.
  expect(payloadBytes(response.text)).toBeLessThan(LAMBDA_PAYLOAD_LIMITS.responseBytes);
  return { ids: response.body.Resources.map((r: { id: string }) => r.id), ...response.body };
}

// The filters take each listing path: the tenant in id order, a filter evaluated over it, and a key lookup.
describe.each([
  { path: 'the whole tenant', filter: '' },
  { path: 'a filter evaluated over the tenant', filter: 'filter=active+eq+true&' },
  { path: 'an externalId lookup', filter: 'filter=externalId+eq+%22bulk-import%22&' },
])('paging large users through $path', ({ filter }) => {
  it('by startIndex: pages end early within the size budget, and every user comes exactly once', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    for (let startIndex = 1, pages = 0; pages < 20; pages++) {
      const current = await page(`${filter}startIndex=${startIndex}&count=100`);
      expect(current.totalResults).toBe(ids.length);
      seen.push(...current.ids);
      sizes.push(current.itemsPerPage);
      startIndex += current.itemsPerPage;
      if (startIndex > ids.length) break;
    }
    expect(sizes[0]).toBeLessThan(100); // the first page did end early
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('by cursor: pages end early within the size budget, and every user comes exactly once', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor = '';
    for (let pages = 0; pages < 20; pages++) {
      const current = await page(`${filter}cursor=${cursor}&count=100`);
      seen.push(...current.ids);
      sizes.push(current.itemsPerPage);
      if (current.nextCursor === undefined) break;
      cursor = current.nextCursor;
    }
    expect(sizes[0]).toBeLessThan(100);
    expect(seen.sort()).toEqual([...ids].sort());
  });
});
