import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, GROUP_SCHEMA } from '../../support/groups';
import { startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { createUser, patchOp, userBody } from '../../support/users';

/**
 * A resource's URL is its id and nothing else (issue 13): whatever follows the id, an encoded slash
 * included, names no resource. API Gateway matches the path as sent and decodes `{id}` afterwards, so
 * `%2F` is part of the id, not a separator; the local gateway does the same.
 */
let server: TestServer;
let tenant: TestTenant;
let userId: string;
let groupId: string;

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
  userId = await createUser(tenant, 'suffix@contoso.example');
  groupId = await createGroup(tenant, 'Suffixes');
});
afterAll(() => server.close());

const SUFFIXES = ['%2F', '%2f', '%2F..', '%2Fx', 'x', '%20', '%00', '.json', ';v=1', '%3B', '%23'];
const REQUESTS: [string, 'Users' | 'Groups', unknown][] = [
  ['GET', 'Users', undefined],
  ['PUT', 'Users', userBody('renamed@contoso.example')],
  ['PATCH', 'Users', patchOp({ op: 'replace', path: 'displayName', value: 'Renamed' })],
  ['DELETE', 'Users', undefined],
  ['GET', 'Groups', undefined],
  ['PUT', 'Groups', { schemas: [GROUP_SCHEMA], displayName: 'Renamed' }],
  ['DELETE', 'Groups', undefined],
];
const CASES = REQUESTS.flatMap(([method, type, body]) =>
  SUFFIXES.map((suffix) => [method, type, suffix, body] as const),
);

describe('a resource id followed by anything', () => {
  it.each(CASES)('%s /%s/{id}%s: 404, a SCIM error', async (method, type, suffix, body) => {
    const id = type === 'Users' ? userId : groupId;
    const response = await tenant.request(method, `/${type}/${id}${suffix}`, body);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(response.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
    });
  });

  it('left both resources as they were', async () => {
    const user = await tenant.request('GET', `/Users/${userId}`);
    expect(user.body).toMatchObject({ userName: 'suffix@contoso.example', meta: { version: 'W/"1"' } });
    const group = await tenant.request('GET', `/Groups/${groupId}?excludedAttributes=members`);
    expect(group.body).toMatchObject({ displayName: 'Suffixes', meta: { version: 'W/"1"' } });
  });
});
