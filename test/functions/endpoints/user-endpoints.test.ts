import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { createUser, ENTERPRISE, patchOp, USER_SCHEMA, userBody } from '../../support/users';

let server: TestServer;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
});
afterAll(() => server.close());

describe('POST /Users', () => {
  it('creates a user: 201 with Location, ETag, meta and the canonical resource', async () => {
    const created = await tenant.request('POST', '/Users', userBody('ada.lovelace@contoso.example'));
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(created.headers.get('location')).toBe(`${server.baseUrl}/Users/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.body).toMatchObject({
      schemas: [USER_SCHEMA, ENTERPRISE],
      userName: 'ada.lovelace@contoso.example',
      active: true,
      [ENTERPRISE]: { department: 'Engineering' },
      meta: {
        resourceType: 'User',
        version: 'W/"1"',
        location: `${server.baseUrl}/Users/${created.body.id}`,
      },
    });
    expect(created.body.meta.created).toBe(created.body.meta.lastModified);
  });

  it('ignores read-only attributes and never stores or returns password', async () => {
    const created = await tenant.request(
      'POST',
      '/Users',
      userBody('grace.hopper@contoso.example', {
        id: 'chosen-by-client',
        meta: { created: '2001-01-01T00:00:00Z' },
        groups: [{ value: 'x' }],
        password: 'Secr3t!',
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body.id).not.toBe('chosen-by-client');
    expect(created.body.meta.created).not.toBe('2001-01-01T00:00:00Z');
    expect(created.text).not.toContain('Secr3t!');
    const fetched = await tenant.request('GET', `/Users/${created.body.id}?attributes=password,userName`);
    expect(fetched.body.password).toBeUndefined();
  });

  it('keeps userName unique per tenant, case-insensitively: 409 uniqueness', async () => {
    await createUser(tenant, 'Unique.Name@contoso.example');
    const duplicate = await tenant.request('POST', '/Users', userBody('UNIQUE.NAME@CONTOSO.EXAMPLE'));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      scimType: 'uniqueness',
      detail: expect.any(String),
      status: '409',
    });
  });

  it('lets another tenant use the same userName', async () => {
    const other = await server.newTenant();
    await createUser(tenant, 'shared.name@contoso.example');
    expect((await other.request('POST', '/Users', userBody('shared.name@contoso.example'))).status).toBe(201);
  });

  it('rejects a body without userName, or of another resource type, with 400', async () => {
    const { userName: _, ...noUserName } = userBody('x@contoso.example');
    const missing = await tenant.request('POST', '/Users', noUserName);
    expect(missing.status).toBe(400);
    expect(missing.body.scimType).toBe('invalidValue');
    const group = await tenant.request('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'x',
      userName: 'y',
    });
    expect(group.status).toBe(400);
  });
});

describe('GET /Users/{id}', () => {
  it('returns the user with its ETag, and 304 for a matching If-None-Match', async () => {
    const id = await createUser(tenant, 'alan.turing@contoso.example');
    const fetched = await tenant.request('GET', `/Users/${id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('etag')).toBe(fetched.body.meta.version);
    const cached = await tenant.request('GET', `/Users/${id}`, undefined, { 'If-None-Match': 'W/"1"' });
    expect(cached.status).toBe(304);
  });

  it('answers 404 with a SCIM error for an unknown or malformed id', async () => {
    for (const id of ['2819c223-7f76-453a-919d-413861904646', '010101001010101011001010101011', 'a#b']) {
      const response = await tenant.request('GET', `/Users/${encodeURIComponent(id)}`);
      expect(response.status).toBe(404);
      expect(response.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
      expect(response.body.detail).toEqual(expect.any(String));
    }
  });

  it('applies attributes and excludedAttributes (RFC 7644 §3.9)', async () => {
    const id = await createUser(tenant, 'barbara.liskov@contoso.example');
    const only = await tenant.request('GET', `/Users/${id}?attributes=userName,name.givenName`);
    expect(only.body).toEqual({
      schemas: [USER_SCHEMA, ENTERPRISE],
      id,
      userName: 'barbara.liskov@contoso.example',
      name: { givenName: 'barbara' },
    });
    const without = await tenant.request(
      'GET',
      `/Users/${id}?excludedAttributes=emails,${ENTERPRISE}:department`,
    );
    expect(without.body.emails).toBeUndefined();
    expect(without.body[ENTERPRISE]).toEqual({ employeeNumber: '1001' });
    expect(without.body.userName).toBe('barbara.liskov@contoso.example');
  });
});

describe('PUT /Users/{id}', () => {
  it('replaces the user (attributes left out are removed) and bumps the version', async () => {
    const id = await createUser(tenant, 'donald.knuth@contoso.example');
    const replaced = await tenant.request('PUT', `/Users/${id}`, {
      schemas: [USER_SCHEMA],
      userName: 'donald.knuth@contoso.example',
      active: false,
      name: { givenName: 'Don' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get('etag')).toBe('W/"2"');
    expect(replaced.body).toMatchObject({ active: false, name: { givenName: 'Don' } });
    expect(replaced.body.emails).toBeUndefined();
    expect(replaced.body[ENTERPRISE]).toBeUndefined();
  });

  it('answers 412 when If-Match names another version, and leaves the user alone', async () => {
    const id = await createUser(tenant, 'edsger.dijkstra@contoso.example');
    const stale = await tenant.request(
      'PUT',
      `/Users/${id}`,
      userBody('edsger.dijkstra@contoso.example', { active: false }),
      {
        'If-Match': 'W/"7"',
      },
    );
    expect(stale.status).toBe(412);
    expect((await tenant.request('GET', `/Users/${id}`)).body.active).toBe(true);
    const current = await tenant.request(
      'PUT',
      `/Users/${id}`,
      userBody('edsger.dijkstra@contoso.example', { active: false }),
      {
        'If-Match': 'W/"1"',
      },
    );
    expect(current.status).toBe(200);
  });

  it('renames userName, freeing the old name and refusing a taken one', async () => {
    const id = await createUser(tenant, 'old.name@contoso.example');
    await createUser(tenant, 'taken.name@contoso.example');
    const taken = await tenant.request('PUT', `/Users/${id}`, userBody('TAKEN.name@contoso.example'));
    expect(taken.status).toBe(409);
    const renamed = await tenant.request('PUT', `/Users/${id}`, userBody('new.name@contoso.example'));
    expect(renamed.status).toBe(200);
    expect(await createUser(tenant, 'old.name@contoso.example')).toEqual(expect.any(String));
  });
});

describe('PATCH /Users/{id}', () => {
  it('answers 204 with the new ETag, or 200 with the resource when attributes are asked for', async () => {
    const id = await createUser(tenant, 'john.backus@contoso.example');
    const patched = await tenant.request(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'replace', path: 'title', value: 'Dr' }),
    );
    expect(patched.status).toBe(204);
    expect(patched.headers.get('etag')).toBe('W/"2"');
    const withBody = await tenant.request(
      'PATCH',
      `/Users/${id}?attributes=title`,
      patchOp({ op: 'replace', path: 'title', value: 'Prof' }),
    );
    expect(withBody.status).toBe(200);
    expect(withBody.body).toMatchObject({ id, title: 'Prof' });
  });

  it('changes nothing, not even the version, when the operations change nothing', async () => {
    const id = await createUser(tenant, 'ken.thompson@contoso.example');
    const same = await tenant.request(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'replace', path: 'active', value: true }),
    );
    expect(same.status).toBe(204);
    expect(same.headers.get('etag')).toBe('W/"1"');
  });

  it('is all or nothing: a failing operation leaves every earlier one unapplied', async () => {
    const id = await createUser(tenant, 'dennis.ritchie@contoso.example');
    const failed = await tenant.request(
      'PATCH',
      `/Users/${id}`,
      patchOp(
        { op: 'replace', path: 'title', value: 'Changed' },
        { op: 'replace', path: 'emails[type eq "home"].value', value: 'x' },
      ),
    );
    expect(failed.status).toBe(400);
    expect(failed.body.scimType).toBe('noTarget');
    const user = (await tenant.request('GET', `/Users/${id}`)).body;
    expect(user.title).toBeUndefined();
    expect(user.meta.version).toBe('W/"1"');
  });

  it('keeps a deactivated user readable by id and by filter', async () => {
    const id = await createUser(tenant, 'margaret.hamilton@contoso.example');
    await tenant.request('PATCH', `/Users/${id}`, patchOp({ op: 'replace', value: { active: false } }));
    expect((await tenant.request('GET', `/Users/${id}`)).body.active).toBe(false);
    const found = await tenant.request(
      'GET',
      '/Users?filter=userName+eq+%22margaret.hamilton%40contoso.example%22',
    );
    expect(found.body.Resources).toEqual([expect.objectContaining({ id, active: false })]);
  });

  it('loses neither of two concurrent PATCHes of different attributes', async () => {
    const id = await createUser(tenant, 'frances.allen@contoso.example');
    const results = await Promise.all([
      tenant.request('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'title', value: 'Fellow' })),
      tenant.request('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'nickName', value: 'Fran' })),
      tenant.request('PATCH', `/Users/${id}`, patchOp({ op: 'replace', path: 'locale', value: 'en-US' })),
    ]);
    expect(results.map((r) => r.status)).toEqual([204, 204, 204]);
    const user = (await tenant.request('GET', `/Users/${id}`)).body;
    expect(user).toMatchObject({
      title: 'Fellow',
      nickName: 'Fran',
      locale: 'en-US',
      meta: { version: 'W/"4"' },
    });
  });
});

describe('DELETE /Users/{id}', () => {
  it('hard-deletes: 204, then 404, and the userName is free again', async () => {
    const id = await createUser(tenant, 'niklaus.wirth@contoso.example');
    expect((await tenant.request('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await tenant.request('GET', `/Users/${id}`)).status).toBe(404);
    expect((await tenant.request('DELETE', `/Users/${id}`)).status).toBe(404);
    const found = await tenant.request(
      'GET',
      '/Users?filter=userName+eq+%22niklaus.wirth%40contoso.example%22',
    );
    expect(found.body.totalResults).toBe(0);
    expect(await createUser(tenant, 'niklaus.wirth@contoso.example')).not.toBe(id);
  });

  it('honours If-Match', async () => {
    const id = await createUser(tenant, 'tony.hoare@contoso.example');
    expect((await tenant.request('DELETE', `/Users/${id}`, undefined, { 'If-Match': 'W/"2"' })).status).toBe(
      412,
    );
    expect((await tenant.request('DELETE', `/Users/${id}`, undefined, { 'If-Match': 'W/"1"' })).status).toBe(
      204,
    );
  });
});
