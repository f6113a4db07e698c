/**
 * Promise 2: userName (and Group displayName) uniqueness is Unicode NFC plus locale-independent
 * lower-casing (functions/scim/filter/fold-case.ts), and `filter=userName eq` agrees with it: one name in
 * any of its forms is one name (409), names in other scripts work, and look-alikes from other scripts are
 * other names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_SCHEMA } from '../support/groups';
import { startScimServer, type TestServer, type TestTenant } from '../support/scim-server';
import { userBody } from '../support/users';
import { countOf, expectScimError } from './helpers';

let server: TestServer;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
});
afterAll(() => server.close());

const composed = 'Jos\u00e9'; // é as one code point
const decomposed = 'Jose\u0301'; // e + COMBINING ACUTE ACCENT
const upper = 'JOS\u00c9';
const upperDecomposed = 'JOSE\u0301';

const create = (userName: string) => tenant.request('POST', '/Users', userBody(userName));
const byName = (userName: string) =>
  tenant.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);

describe('one name in all its forms', () => {
  it('José composed, decomposed, upper-case and upper-case decomposed are one userName (409)', async () => {
    expect(composed).not.toBe(decomposed);
    const first = await create(`${composed}@contoso.example`);
    expect(first.status, first.text).toBe(201);
    const count = await countOf(tenant, '/Users');
    for (const other of [decomposed, upper, upperDecomposed, 'jos\u00e9', 'JoSe\u0301']) {
      const response = await create(`${other}@contoso.example`);
      expectScimError(response, 409, 'uniqueness', other);
    }
    expect(await countOf(tenant, '/Users')).toBe(count);
  });

  it('filter userName eq finds it in every form', async () => {
    const id = (await byName(`${composed}@contoso.example`)).body.Resources[0]?.id;
    expect(id).toEqual(expect.any(String));
    for (const form of [composed, decomposed, upper, upperDecomposed, 'jos\u00e9']) {
      const found = await byName(`${form}@CONTOSO.example`);
      expect(found.body.totalResults, form).toBe(1);
      expect(found.body.Resources[0].id, form).toBe(id);
    }
    // Also through POST /.search, which reads the filter from JSON.
    const searched = await tenant.request('POST', '/Users/.search', {
      filter: `userName eq "${upperDecomposed}@contoso.example"`,
    });
    expect(searched.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it('a rename to another form of a taken name is 409, to its own other form is allowed', async () => {
    const other = await create('rename.target@contoso.example');
    const rename = await tenant.request('PATCH', `/Users/${other.body.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'userName', value: `${upperDecomposed}@contoso.example` }],
    });
    expectScimError(rename, 409, 'uniqueness');
    const own = (await byName(`${composed}@contoso.example`)).body.Resources[0];
    const recase = await tenant.request('PATCH', `/Users/${own.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'userName', value: `${upperDecomposed}@contoso.example` }],
    });
    expect(recase.status, recase.text).toBe(204);
    expect((await byName(`${composed}@contoso.example`)).body.Resources[0].id).toBe(own.id);
  });

  it('Group displayName follows the same rule', async () => {
    const first = await tenant.request('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: `Équipe ${composed}`,
    });
    expect(first.status, first.text).toBe(201);
    const again = await tenant.request('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: `E\u0301QUIPE ${upperDecomposed}`,
    });
    expectScimError(again, 409, 'uniqueness');
    const found = await tenant.request(
      'GET',
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "équipe ${decomposed}"`)}`,
    );
    expect(found.body.Resources.map((g: { id: string }) => g.id)).toEqual([first.body.id]);
  });
});

describe('other scripts', () => {
  const names = {
    cyrillic: 'Алексей.Смирнов',
    greek: 'Ωμέγα.Παπαδόπουλος',
    cjk: '山田太郎',
    hangul: '김민준',
    emoji: 'rocket.\u{1F680}',
  };

  it.each(Object.entries(names))(
    '%s names are created, read back and found in any case',
    async (_script, name) => {
      const userName = `${name}@contoso.example`;
      const created = await create(userName);
      expect(created.status, created.text).toBe(201);
      expect(created.body.userName).toBe(userName);
      const read = await tenant.request('GET', `/Users/${created.body.id}`);
      expect(read.body.userName).toBe(userName);
      for (const form of [
        userName,
        userName.toUpperCase(),
        userName.toLowerCase(),
        userName.normalize('NFD'),
      ]) {
        const found = await byName(form);
        expect(
          found.body.Resources.map((r: { id: string }) => r.id),
          form,
        ).toEqual([created.body.id]);
      }
      expectScimError(await create(userName.toUpperCase().normalize('NFD')), 409, 'uniqueness', name);
    },
  );

  it('look-alikes from other scripts are other names', async () => {
    // Each pair looks the same on screen; the first is Latin, the second is not.
    const pairs = [
      ['paypal', 'p\u0430yp\u0430l'], // Cyrillic а
      ['ANNA', '\u0391NN\u0391'], // Greek Alpha
      ['ops', '\u043ep\u0455'], // Cyrillic о and ѕ
      ['x', '\u0445'], // Cyrillic х
      ['jose', '\uff4a\uff4f\uff53\uff45'], // full-width Latin: NFC keeps it apart (NFKC would not)
    ];
    for (const [latin, lookalike] of pairs as [string, string][]) {
      const a = await create(`${latin}@lookalike.example`);
      const b = await create(`${lookalike}@lookalike.example`);
      expect(a.status, `${latin}: ${a.text}`).toBe(201);
      expect(b.status, `${lookalike}: ${b.text}`).toBe(201);
      expect(a.body.id).not.toBe(b.body.id);
      expect(
        (await byName(`${latin}@lookalike.example`)).body.Resources.map((r: { id: string }) => r.id),
      ).toEqual([a.body.id]);
      expect(
        (await byName(`${lookalike}@lookalike.example`)).body.Resources.map((r: { id: string }) => r.id),
      ).toEqual([b.body.id]);
    }
  });
});
