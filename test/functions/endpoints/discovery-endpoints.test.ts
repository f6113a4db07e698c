import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';

let server: TestServer;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
});
afterAll(() => server.close());

describe('discovery (RFC 7644 §4)', () => {
  it('tells the truth in /ServiceProviderConfig', async () => {
    const { status, body } = await tenant.request('GET', '/ServiceProviderConfig');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      pagination: { cursor: true, index: true, defaultPageSize: 100, maxPageSize: 1000 },
      authenticationSchemes: [
        expect.objectContaining({ type: 'oauthbearertoken', primary: true }),
        expect.objectContaining({ type: 'httpbasic', specUri: 'https://www.rfc-editor.org/info/rfc7617' }),
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${server.baseUrl}/ServiceProviderConfig` },
    });
  });

  it('lists the User and Group resource types, User first', async () => {
    const { body } = await tenant.request('GET', '/ResourceTypes');
    expect(body.totalResults).toBe(2);
    expect(body.Resources.map((r: { endpoint: string }) => r.endpoint)).toEqual(['/Users', '/Groups']);
    expect(body.Resources[0].schemaExtensions).toEqual([
      { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false },
    ]);
    const user = await tenant.request('GET', '/ResourceTypes/User');
    expect(user.body.meta).toEqual({
      resourceType: 'ResourceType',
      location: `${server.baseUrl}/ResourceTypes/User`,
    });
    expect((await tenant.request('GET', '/ResourceTypes/Device')).status).toBe(404);
  });

  it('describes the schemas with the characteristics the server applies', async () => {
    const { body } = await tenant.request('GET', '/Schemas');
    expect(body.Resources.map((s: { id: string }) => s.id)).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
    ]);
    const user = (await tenant.request('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).body;
    const attribute = (name: string) => user.attributes.find((a: { name: string }) => a.name === name);
    expect(user.description).toBe('User Account');
    expect(attribute('userName')).toMatchObject({ required: true, caseExact: false, uniqueness: 'server' });
    expect(attribute('password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(attribute('groups')).toMatchObject({ mutability: 'readOnly', returned: 'request' });
    expect((await tenant.request('GET', '/Schemas/urn:unknown')).status).toBe(404);
  });

  it('refuses filters on discovery endpoints with 403 (RFC 7644 §4)', async () => {
    expect((await tenant.request('GET', '/Schemas?filter=id+pr')).status).toBe(403);
  });
});
