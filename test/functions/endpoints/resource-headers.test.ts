import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, GROUP_SCHEMA } from '../../support/groups';
import {
  type ScimResult,
  startScimServer,
  type TestServer,
  type TestTenant,
} from '../../support/scim-server';
import { createUser, patchOp, userBody } from '../../support/users';

/**
 * The headers of every response (issue 13): one that carries a resource names it by Location and by
 * Content-Location, both equal to its `meta.location` (RFC 7643 §3.1: they MUST match); every response,
 * an empty 204 included, is `application/scim+json`.
 */
let server: TestServer;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
});
afterAll(() => server.close());

const SCIM_JSON = 'application/scim+json; charset=utf-8';
const unique = () => Math.random().toString(36).slice(2, 10);

/** A user or a group of this tenant, and a request on it. */
type Request = (t: TestTenant, id: string) => Promise<ScimResult>;
const newUser = (t: TestTenant) => createUser(t, `u-${unique()}@contoso.example`);
const newGroup = (t: TestTenant) => createGroup(t, `g-${unique()}`);

const RESOURCE_RESPONSES: [string, 'Users' | 'Groups', Request, number][] = [
  [
    'POST /Users',
    'Users',
    (t) => t.request('POST', '/Users', userBody(`p-${unique()}@contoso.example`)),
    201,
  ],
  ['GET /Users/{id}', 'Users', (t, id) => t.request('GET', `/Users/${id}`), 200],
  [
    'PUT /Users/{id}',
    'Users',
    (t, id) => t.request('PUT', `/Users/${id}`, userBody(`r-${unique()}@contoso.example`)),
    200,
  ],
  [
    'PATCH /Users/{id} asking for the resource',
    'Users',
    (t, id) =>
      t.request(
        'PATCH',
        `/Users/${id}?excludedAttributes=emails`,
        patchOp({ op: 'replace', path: 'displayName', value: 'A' }),
      ),
    200,
  ],
  [
    'POST /Groups',
    'Groups',
    (t) => t.request('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: `p-${unique()}` }),
    201,
  ],
  [
    'GET /Groups/{id}',
    'Groups',
    (t, id) => t.request('GET', `/Groups/${id}?excludedAttributes=members`),
    200,
  ],
  [
    'PUT /Groups/{id}',
    'Groups',
    (t, id) => t.request('PUT', `/Groups/${id}`, { schemas: [GROUP_SCHEMA], displayName: `r-${unique()}` }),
    200,
  ],
  [
    'PATCH /Groups/{id} asking for the resource',
    'Groups',
    (t, id) =>
      t.request(
        'PATCH',
        `/Groups/${id}?excludedAttributes=members`,
        patchOp({ op: 'replace', path: 'displayName', value: 'G' }),
      ),
    200,
  ],
];

describe('a response that carries one resource', () => {
  it.each(RESOURCE_RESPONSES)(
    '%s: Location and Content-Location are its meta.location',
    async (_name, type, request, status) => {
      const id = type === 'Users' ? await newUser(tenant) : await newGroup(tenant);
      const response = await request(tenant, id);
      expect(response.status).toBe(status);
      const location = `${server.baseUrl}/${type}/${response.body.id}`;
      expect(response.body.meta.location).toBe(location);
      expect(response.headers.get('location')).toBe(location);
      expect(response.headers.get('content-location')).toBe(location);
      expect(response.headers.get('content-type')).toBe(SCIM_JSON);
    },
  );
});

const EMPTY_RESPONSES: [string, Request][] = [
  [
    'PATCH /Users/{id}',
    (t, id) =>
      t.request('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'displayName', value: 'B' })),
  ],
  ['DELETE /Users/{id}', (t, id) => t.request('DELETE', `/Users/${id}`)],
];

describe('an empty response', () => {
  it.each(EMPTY_RESPONSES)('%s: 204, application/scim+json all the same', async (_name, request) => {
    const response = await request(tenant, await newUser(tenant));
    expect(response).toMatchObject({ status: 204, text: '' });
    expect(response.headers.get('content-type')).toBe(SCIM_JSON);
  });

  it('a 304 to If-None-Match: application/scim+json, and the Content-Location a 200 would have', async () => {
    const id = await newUser(tenant);
    const response = await tenant.request('GET', `/Users/${id}`, undefined, { 'If-None-Match': 'W/"1"' });
    expect(response).toMatchObject({ status: 304, text: '' });
    expect(response.headers.get('content-type')).toBe(SCIM_JSON);
    expect(response.headers.get('content-location')).toBe(`${server.baseUrl}/Users/${id}`);
  });
});
