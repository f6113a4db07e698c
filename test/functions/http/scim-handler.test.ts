import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimRequest, startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { userBody } from '../../support/users';

let server: TestServer;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
});
afterAll(() => server.close());

const raw = (
  method: string,
  path: string,
  body?: string | Uint8Array,
  headers: Record<string, string> = {},
) =>
  scimRequest(
    `${server.baseUrl}${path}`,
    method,
    { Authorization: `Bearer ${tenant.token}`, ...headers },
    body,
  );

const isScimError = (status: number, scimType?: string) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
  ...(scimType === undefined ? {} : { scimType }),
  detail: expect.any(String),
  status: String(status),
});

describe('request bodies', () => {
  it.each([
    'application/scim+json',
    'application/json',
    'application/scim+json; charset=utf-8',
    'application/json;charset=UTF-8',
  ])('accepts Content-Type %s and answers application/scim+json', async (contentType) => {
    const userName = `ct-${contentType.replace(/\W+/g, '-')}@contoso.example`;
    const response = await raw('POST', '/Users', JSON.stringify(userBody(userName)), {
      'Content-Type': contentType,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
  });

  it.each([
    ['malformed JSON', '{"userName": "x",', 'application/scim+json', 400, 'invalidSyntax'],
    ['truncated JSON', '{"userName": "trunc', 'application/json', 400, 'invalidSyntax'],
    ['an empty body', '', 'application/scim+json', 400, 'invalidSyntax'],
    ['a JSON array', '[1,2]', 'application/scim+json', 400, 'invalidSyntax'],
    ['a JSON string', '"user"', 'application/scim+json', 400, 'invalidSyntax'],
    ['a form body', 'userName=x', 'application/x-www-form-urlencoded', 415, undefined],
  ])('answers %s with a SCIM error', async (_name, body, contentType, status, scimType) => {
    const response = await raw('POST', '/Users', body, { 'Content-Type': contentType });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(response.body).toEqual(isScimError(status, scimType));
  });

  it('answers invalid UTF-8 with 400 invalidSyntax', async () => {
    const bytes = new Uint8Array([...Buffer.from('{"userName":"'), 0xc3, 0x28, ...Buffer.from('"}')]);
    const response = await raw('POST', '/Users', bytes, { 'Content-Type': 'application/scim+json' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(isScimError(400, 'invalidSyntax'));
  });

  it('answers a body over the limit with 413 and writes nothing', async () => {
    const huge = JSON.stringify(userBody('huge@contoso.example', { title: 'x'.repeat(1_200_000) }));
    const response = await raw('POST', '/Users', huge, { 'Content-Type': 'application/scim+json' });
    expect(response.status).toBe(413);
    expect(response.body).toEqual(isScimError(413));
    const found = await tenant.request('GET', '/Users?filter=userName+eq+%22huge%40contoso.example%22');
    expect(found.body.totalResults).toBe(0);
  });
});

describe('routes', () => {
  it('answers an unknown route with a SCIM 404', async () => {
    for (const path of ['/Nothing', '/Users/a/b', '/.search/x']) {
      const response = await raw('GET', path);
      expect(response.status).toBe(404);
      expect(response.body).toEqual(isScimError(404));
    }
  });

  it('answers a wrong method with a SCIM 405 and Allow', async () => {
    const response = await raw('DELETE', '/Users');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(response.body).toEqual(isScimError(405));
    expect((await raw('PUT', '/Users', '{}', { 'Content-Type': 'application/json' })).status).toBe(405);
  });

  it('answers /Me and /Bulk with 501', async () => {
    expect((await raw('GET', '/Me')).status).toBe(501);
    const bulk = await raw('POST', '/Bulk', '{}', { 'Content-Type': 'application/scim+json' });
    expect(bulk.status).toBe(501);
    expect(bulk.body).toEqual(isScimError(501));
  });

  it('matches resource paths case-insensitively and ignores a trailing slash', async () => {
    expect((await raw('GET', '/users')).status).toBe(200);
    expect((await raw('GET', '/Users/')).status).toBe(200);
    expect((await raw('GET', '/serviceproviderconfig')).status).toBe(200);
  });
});
