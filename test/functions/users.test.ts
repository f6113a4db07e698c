import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimServer, type TestServer, type TestTenant } from '../support/scim-server';

let server: TestServer;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
});
afterAll(() => server.close());

describe('POST /Users', () => {
  it('creates a user and answers 201 with Location, ETag and the resource', async () => {
    const created = await tenant.request('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ada@contoso.example',
      name: { givenName: 'Ada', familyName: 'Lovelace' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(created.headers.get('location')).toBe(`${server.baseUrl}/Users/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.body).toMatchObject({ userName: 'ada@contoso.example', meta: { resourceType: 'User' } });
  });
});
