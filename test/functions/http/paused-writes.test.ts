import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWrite } from '../../../functions/http/paused-writes';
import { ERROR_SCHEMA } from '../../../functions/scim/error-catalogue';
import { createGroup, GROUP_SCHEMA } from '../../support/groups';
import { policyAdmin } from '../../support/policy-admin';
import { startScimServer, type TestServer } from '../../support/scim-server';
import { createUser, patchOp, userBody } from '../../support/users';

let server: TestServer;
let setPolicy: ReturnType<typeof policyAdmin>;
beforeAll(async () => {
  // The test server's gateway has no authorizer cache: a policy change is seen by the next request.
  server = await startScimServer();
  setPolicy = policyAdmin(server);
});
afterAll(() => server.close());

describe('which requests write', () => {
  it.each([
    ['POST', '/Users', true],
    ['PUT', '/Users/{id}', true],
    ['PATCH', '/Users/{id}', true],
    ['DELETE', '/Users/{id}', true],
    ['POST', '/Groups', true],
    ['PATCH', '/Groups/{id}', true],
    ['DELETE', '/Groups/{id}', true],
    ['POST', '/Users/.search', false],
    ['POST', '/Groups/.search', false],
    ['GET', '/Users', false],
    ['GET', '/Groups/{id}', false],
    // Discovery writes nothing: /Bulk answers 501 whatever the policy.
    ['POST', '/Bulk', false],
    ['GET', '/ServiceProviderConfig', false],
  ] as const)('%s %s: %s', (method, route, writes) => {
    expect(isWrite(method, route)).toBe(writes);
  });
});

describe('a paused tenant (tenants set --pause), through the local gateway and the real authorizer logic', () => {
  it('answers every write 503 with Retry-After and a SCIM error, writes nothing, and serves reads', async () => {
    const tenant = await server.newTenant();
    const other = await server.newTenant();
    const userId = await createUser(tenant, 'ada.lovelace@example.com');
    const groupId = await createGroup(tenant, 'Engineers', [userId]);
    const before = {
      user: (await tenant.request('GET', `/Users/${userId}`)).body,
      group: (await tenant.request('GET', `/Groups/${groupId}`)).body,
    };
    await setPolicy(tenant, { pause: true });

    const writes: [string, string, unknown][] = [
      ['POST', '/Users', userBody('grace.hopper@example.com')],
      ['POST', '/users', userBody('grace.hopper@example.com')],
      ['PUT', `/Users/${userId}`, userBody('ada.lovelace@example.com', { displayName: 'Changed' })],
      ['PATCH', `/Users/${userId}`, patchOp({ op: 'replace', path: 'active', value: false })],
      ['DELETE', `/Users/${userId}`, undefined],
      ['POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Other' }],
      ['PUT', `/Groups/${groupId}`, { schemas: [GROUP_SCHEMA], displayName: 'Renamed' }],
      ['PATCH', `/Groups/${groupId}`, patchOp({ op: 'remove', path: 'members' })],
      ['DELETE', `/Groups/${groupId}`, undefined],
      // Whatever the body: it is not even read.
      ['POST', '/Users', '{not json'],
    ];
    for (const [method, path, body] of writes) {
      const response = await tenant.request(method, path, body);
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 503 });
      expect(response.headers.get('retry-after')).toBe('300');
      expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
      expect(response.body).toEqual({
        schemas: [ERROR_SCHEMA],
        detail: 'Changes to this tenant are paused by the service provider; retry later',
        status: '503',
      });
    }

    const reads: [string, string, unknown][] = [
      ['GET', '/Users', undefined],
      ['GET', `/Users/${userId}`, undefined],
      ['POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] }],
      ['GET', '/Groups', undefined],
      ['GET', `/Groups/${groupId}`, undefined],
      ['POST', '/Groups/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] }],
      ['GET', '/ServiceProviderConfig', undefined],
    ];
    for (const [method, path, body] of reads) {
      expect({ method, path, status: (await tenant.request(method, path, body)).status }).toEqual({
        method,
        path,
        status: 200,
      });
    }
    // Nothing was written: the same user, the same group with its member, no new user or group.
    expect((await tenant.request('GET', `/Users/${userId}`)).body).toEqual(before.user);
    expect((await tenant.request('GET', `/Groups/${groupId}`)).body).toEqual(before.group);
    expect((await tenant.request('GET', '/Users')).body.totalResults).toBe(1);
    expect((await tenant.request('GET', '/Groups')).body.totalResults).toBe(1);
    // A wrong method is still a 405, and another tenant writes on.
    expect((await tenant.request('DELETE', '/Users')).status).toBe(405);
    expect((await other.request('POST', '/Users', userBody('grace.hopper@example.com'))).status).toBe(201);
  });

  it('writes again once resumed (tenants set --resume)', async () => {
    const tenant = await server.newTenant();
    const userId = await createUser(tenant, 'alan.turing@example.com');
    await setPolicy(tenant, { pause: true });
    expect((await tenant.request('DELETE', `/Users/${userId}`)).status).toBe(503);
    await setPolicy(tenant, { resume: true });
    const patched = await tenant.request(
      'PATCH',
      `/Users/${userId}`,
      patchOp({ op: 'replace', path: 'active', value: false }),
    );
    expect(patched.status).toBeLessThan(300);
    expect((await tenant.request('GET', `/Users/${userId}`)).body.active).toBe(false);
    expect((await tenant.request('POST', '/Users', userBody('joan.clarke@example.com'))).status).toBe(201);
    expect((await tenant.request('DELETE', `/Users/${userId}`)).status).toBe(204);
  });
});
