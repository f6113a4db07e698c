import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimReader } from '../../../functions/reader/scim-reader';
import { declaredResourceTypes } from '../../../functions/scim/schema/declared-resource-types';
import { parseExtensionDeclarations } from '../../../functions/scim/schema/extension-declaration';
import { startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';
import { patchOp, userBody } from '../../support/users';

/**
 * Issue 13 §1: extensions the vendor declares (docs/schema-extensions.example.json, as `npm start --
 * --schema-extensions` and the construct's `schemaExtensions` take it) appear in discovery, are validated and
 * canonicalized like the core, can be filtered on, and their required attributes are required. The real
 * handlers composed with the declared resource types, on DynamoDB Local.
 */
const ACME = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
const ACME_GROUP = 'urn:ietf:params:scim:schemas:extension:acme:2.0:Group';
const declarations = parseExtensionDeclarations(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../../docs/schema-extensions.example.json'), 'utf8')),
);

let server: TestServer;
let tenant: TestTenant;
let adaId: string;
beforeAll(async () => {
  server = await startScimServer(undefined, { resourceTypes: declaredResourceTypes(declarations) });
  tenant = await server.newTenant();
  const created = await tenant.request(
    'POST',
    '/Users',
    userBody('ada@acme.example', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ACME],
      [ACME]: {
        badgeNumber: 'B-1',
        level: 3,
        remote: 'True',
        skills: 'math',
        office: { building: 'HQ', floor: 2 },
      },
    }),
  );
  expect(created.status, created.text).toBe(201);
  adaId = created.body.id;
});
afterAll(() => server.close());

const filter = (text: string) => `/Users?filter=${encodeURIComponent(text)}`;

describe('a declared extension', () => {
  it('is stored canonicalized: Entra’s "True" a boolean, a single value of a multi-valued attribute a list', async () => {
    const read = await tenant.request('GET', `/Users/${adaId}`);
    expect(read.body[ACME]).toEqual({
      badgeNumber: 'B-1',
      level: 3,
      remote: true,
      skills: ['math'],
      office: { building: 'HQ', floor: 2 },
    });
    expect(read.body.schemas).toContain(ACME);
  });

  it('reaches the reader typed, as stored (the events are built from the same stored resource)', async () => {
    const reader = createScimReader({ tableName: TEST_TABLES.data, client: server.db }).tenant(
      tenant.tenantId,
    );
    expect((await reader.users.get(adaId))?.[ACME as never]).toMatchObject({
      level: 3,
      remote: true,
      skills: ['math'],
    });
  });

  it.each([
    { what: 'a string for an integer', ext: { badgeNumber: 'B-2', level: '3' }, detail: /level/ },
    { what: 'a wrong dateTime', ext: { badgeNumber: 'B-2', startDate: 'tomorrow' }, detail: /startDate/ },
    {
      what: 'a number for a sub-attribute string',
      ext: { badgeNumber: 'B-2', office: { building: 7 } },
      detail: /building/,
    },
    { what: 'no required badgeNumber', ext: { level: 1 }, detail: new RegExp(`${ACME}:badgeNumber`) },
    { what: 'an empty required badgeNumber', ext: { badgeNumber: '' }, detail: /badgeNumber/ },
  ])('refuses $what with 400 invalidValue and writes nothing', async ({ ext, detail }) => {
    const response = await tenant.request('POST', '/Users', userBody('bob@acme.example', { [ACME]: ext }));
    expect(response.status, response.text).toBe(400);
    expect(response.body).toMatchObject({ scimType: 'invalidValue' });
    expect(response.body.detail).toMatch(detail);
    expect((await tenant.request('GET', filter('userName eq "bob@acme.example"'))).body.totalResults).toBe(0);
  });

  it('is optional unless declared required: a user without it is created', async () => {
    const response = await tenant.request('POST', '/Users', userBody('carol@acme.example'));
    expect(response.status, response.text).toBe(201);
    expect(response.body).not.toHaveProperty(ACME);
  });

  it.each([
    { text: `${ACME}:level gt 2`, found: ['ada@acme.example'] },
    { text: `${ACME}:level lt 3`, found: [] },
    { text: `${ACME}:remote eq true`, found: ['ada@acme.example'] },
    // caseExact: true, so another case does not match.
    { text: `${ACME}:badgeNumber eq "b-1"`, found: [] },
    { text: `${ACME}:office.building eq "hq"`, found: ['ada@acme.example'] },
    { text: `${ACME}:skills eq "math"`, found: ['ada@acme.example'] },
  ])('can be filtered on: $text', async ({ text, found }) => {
    const response = await tenant.request('GET', filter(text));
    expect(response.status, response.text).toBe(200);
    expect(response.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(found);
  });

  it.each([
    { op: { op: 'Replace', path: `${ACME}:level`, value: 'x' }, status: 400 },
    { op: { op: 'remove', path: `${ACME}:badgeNumber` }, status: 400 },
    { op: { op: 'replace', value: { [`${ACME}:level`]: 4 } }, status: 204 },
    { op: { op: 'add', path: `${ACME}:skills`, value: ['sailing'] }, status: 204 },
  ])('is patched like the core: $op.op $op.path → $status', async ({ op, status }) => {
    const response = await tenant.request('PATCH', `/Users/${adaId}`, patchOp(op));
    expect(response.status, response.text).toBe(status);
    if (status === 400) expect(response.body.scimType).toMatch(/invalidValue|mutability/);
  });

  it('keeps the patched values typed', async () => {
    const read = await tenant.request('GET', `/Users/${adaId}`);
    expect(read.body[ACME]).toMatchObject({ badgeNumber: 'B-1', level: 4, skills: ['math', 'sailing'] });
  });

  it('is returned as declared: `returned: request` only when asked for', async () => {
    await tenant.request(
      'PATCH',
      `/Users/${adaId}`,
      patchOp({ op: 'add', path: `${ACME}:shift`, value: 'night' }),
    );
    expect((await tenant.request('GET', `/Users/${adaId}`)).body[ACME]).not.toHaveProperty('shift');
    const asked = await tenant.request('GET', `/Users/${adaId}?attributes=${ACME}:shift`);
    expect(asked.body[ACME]).toEqual({ shift: 'night' });
  });

  it('extends groups too', async () => {
    const created = await tenant.request('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', ACME_GROUP],
      displayName: 'Finance',
      [ACME_GROUP]: { costCode: 'F-100' },
    });
    expect(created.status, created.text).toBe(201);
    const found = await tenant.request(
      'GET',
      `/Groups?filter=${encodeURIComponent(`${ACME_GROUP}:costCode eq "f-100"`)}`,
    );
    expect(found.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['Finance']);
  });

  it('is in /Schemas and in its resource type’s schemaExtensions', async () => {
    const schema = await tenant.request('GET', `/Schemas/${ACME}`);
    expect(schema.status, schema.text).toBe(200);
    expect(schema.body).toMatchObject({ id: ACME, name: 'AcmeUser' });
    expect(schema.body.attributes.find((a: { name: string }) => a.name === 'badgeNumber')).toMatchObject({
      type: 'string',
      required: true,
      caseExact: true,
      mutability: 'readWrite',
      uniqueness: 'none',
    });
    const user = await tenant.request('GET', '/ResourceTypes/User');
    expect(user.body.schemaExtensions).toEqual([
      { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false },
      { schema: ACME, required: false },
    ]);
    const group = await tenant.request('GET', '/ResourceTypes/Group');
    expect(group.body.schemaExtensions).toEqual([{ schema: ACME_GROUP, required: false }]);
  });
});

describe('a required extension', () => {
  it('must be on every resource of its type', async () => {
    const required = declarations.map((d) => (d.resourceType === 'User' ? { ...d, required: true } : d));
    const strict = await startScimServer(undefined, { resourceTypes: declaredResourceTypes(required) });
    try {
      const t = await strict.newTenant();
      const without = await t.request('POST', '/Users', userBody('dan@acme.example'));
      expect(without.status, without.text).toBe(400);
      expect(without.body.detail).toContain(ACME);
      const withIt = await t.request(
        'POST',
        '/Users',
        userBody('dan@acme.example', { [ACME]: { badgeNumber: 'B-9' } }),
      );
      expect(withIt.status, withIt.text).toBe(201);
      expect((await t.request('GET', '/ResourceTypes/User')).body.schemaExtensions).toContainEqual({
        schema: ACME,
        required: true,
      });
    } finally {
      await strict.close();
    }
  });
});
