import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listRequestLog } from '../../../functions/admin/request-log-command';
import { getTenant } from '../../../functions/admin/tenant-commands';
import { REQUEST_LOG_BUDGET_MS } from '../../../functions/http/request-log';
import type { RequestLogEntry, RequestLogSink } from '../../../functions/scim/request-log-port';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { RequestLogStore } from '../../../functions/storage/request-log-store';
import { keys } from '../../../functions/storage/table-design';
import { captureOutput } from '../../support/captured-output';
import { dynamoEndpoint, startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';
import { createUser, patchOp, userBody } from '../../support/users';

/**
 * Issue 14: the tenant's request log. A line per write and per failure, written by the real handlers behind
 * the local gateway into the data table on DynamoDB Local; never a value, a body or a credential; and never
 * a reason for the request to fail or wait beyond its budget.
 */
const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const store = new RequestLogStore(db, TEST_TABLES.data);
let server: TestServer;
let tenant: TestTenant;

beforeAll(async () => {
  server = await startScimServer(undefined, { requestLog: store });
  tenant = await server.newTenant();
});
afterAll(() => server.close());

const START = new Date(Date.now() - 60_000);
/** The tenant's lines, newest first. */
const lines = async (t: TestTenant = tenant) =>
  (await store.list(t.tenantId, START, { newestFirst: true })).lines;
const newest = async (t: TestTenant = tenant) => (await lines(t))[0] as RequestLogEntry;
const ADA = 'ada.lovelace@contoso.example';

describe('the request log', () => {
  it('has a line for a write: what, when, who, the attributes’ names, and no value', async () => {
    const created = await tenant.request('POST', '/Users', userBody(ADA, { title: 'Countess' }));
    expect(created.status).toBe(201);
    const line = await newest();
    expect(line).toMatchObject({
      method: 'POST',
      path: '/scim/v2/Users',
      status: 201,
      dialect: 'other',
      requestId: expect.any(String),
      credentialId: expect.any(String),
      attributes: expect.arrayContaining([
        'userName',
        'title',
        'emails',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
      ]),
    });
    expect(line.hint).toBeUndefined();
    expect(line.latencyMs).toBeGreaterThanOrEqual(0);
    for (const value of [ADA, 'Countess', 'Engineering', tenant.token])
      expect(JSON.stringify(line)).not.toContain(value);
  });

  it('explains a duplicate userName: 409 uniqueness with its hint, the detail without the value', async () => {
    const duplicate = await tenant.request('POST', '/Users', userBody(ADA.toUpperCase()));
    expect(duplicate.status).toBe(409);
    const line = await newest();
    expect(line).toMatchObject({
      status: 409,
      scimType: 'uniqueness',
      hint: expect.stringContaining('matching attribute'),
    });
    expect(JSON.stringify(line)).not.toContain(ADA.toUpperCase());
  });

  it('names a PATCH’s paths without their filters’ values', async () => {
    const id = await createUser(tenant, 'grace@contoso.example');
    const bad = await tenant.request(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'replace', path: 'emails[value eq "nobody@contoso.example"].type', value: 'home' }),
    );
    expect(bad.status).toBe(400);
    const line = await newest();
    expect(line).toMatchObject({
      method: 'PATCH',
      path: `/scim/v2/Users/${id}`,
      status: 400,
      scimType: 'noTarget',
      attributes: ['emails.type'],
    });
    expect(JSON.stringify(line)).not.toContain('nobody@');
  });

  it('leaves out successful reads, and keeps failed ones', async () => {
    const before = (await lines()).length;
    expect((await tenant.request('GET', '/Users')).status).toBe(200);
    expect((await lines()).length).toBe(before);
    expect(
      (await tenant.request('GET', `/Users/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).status,
    ).toBe(404);
    expect(await newest()).toMatchObject({
      method: 'GET',
      status: 404,
      hint: expect.stringContaining('does not exist'),
    });
  });

  it.each<{ dialect: string; query: string; headers: Record<string, string>; op: string }>([
    { dialect: 'okta', query: '', headers: { 'User-Agent': 'Okta SCIM Client 1.0.0' }, op: 'replace' },
    { dialect: 'entra-aadoptscim062020', query: '?aadOptscim062020', headers: {}, op: 'replace' },
    { dialect: 'entra-on-demand', query: '?aadOptscim062020', headers: {}, op: 'Replace' },
    { dialect: 'entra-legacy', query: '', headers: {}, op: 'Replace' },
    { dialect: 'other', query: '', headers: {}, op: 'replace' },
  ])('recognises $dialect from the request', async ({ dialect, query, headers, op }) => {
    const id = await createUser(tenant, `${dialect}@contoso.example`);
    const patched = await tenant.request(
      'PATCH',
      `/Users/${id}${query}`,
      patchOp({ op, path: 'title', value: 'x' }),
      headers,
    );
    expect(patched.status).toBeLessThan(300);
    expect(await newest()).toMatchObject({ dialect, attributes: ['title'] });
  });

  it('keeps each tenant’s lines apart', async () => {
    const other = await server.newTenant();
    await createUser(other, 'stranger@fabrikam.example');
    expect((await lines(other)).map((l) => l.status)).toEqual([201]);
  });

  it('expires a line after 30 days (DynamoDB TTL)', async () => {
    const line = await newest();
    const item = await db.send(
      new GetCommand({
        TableName: TEST_TABLES.data,
        Key: keys.requestLog(tenant.tenantId, line.time, line.requestId),
      }),
    );
    expect(item.Item?.expiresAt).toBe(Math.ceil((Date.parse(line.time) + 30 * 86_400_000) / 1000));
  });
});

describe('the admin command that `scim-admin logs` sends (listRequestLog)', () => {
  const ask = (tenantId: string, after?: string) =>
    listRequestLog({ tokens: server.tokens, requestLog: store } as never, {
      action: 'listRequestLog',
      tenantId,
      since: START.toISOString(),
      ...(after === undefined ? {} : { after }),
    });

  it('answers the tenant’s lines oldest first, as the store keeps them', async () => {
    const answer = await ask(tenant.tenantId);
    expect(answer.ok).toBe(true);
    const page = (answer as { result: { lines: RequestLogEntry[]; next?: string } }).result;
    expect(page.lines.map((l) => l.time)).toEqual([...page.lines.map((l) => l.time)].sort());
    expect(page.lines).toEqual([...(await lines())].reverse());
    expect(page.next).toBeUndefined();
  });

  it('gives tenants show the last request, the last day’s writes and failures, and the last error with its hint', async () => {
    const shown = await getTenant({ tokens: server.tokens, requestLog: store } as never, {
      action: 'getTenant',
      tenantId: tenant.tenantId,
    });
    const all = await lines();
    const failures = all.filter((l) => l.status >= 400);
    expect(shown).toMatchObject({
      ok: true,
      result: {
        tenantId: tenant.tenantId,
        lastRequestAt: all[0]?.time,
        writesAndFailuresLast24h: String(all.length),
        failuresLast24h: String(failures.length),
        lastError: expect.stringMatching(new RegExp(`^${failures[0]?.time} ${failures[0]?.status} `)),
        lastErrorHint: failures[0]?.hint,
      },
    });
  });

  it('answers TenantNotFound for a tenant that does not exist', async () => {
    expect(await ask('no-such-tenant')).toMatchObject({ ok: false, error: { code: 'TenantNotFound' } });
  });
});

describe('a request log that fails or hangs', () => {
  it.each([
    { what: 'throws', write: () => Promise.reject(new Error('log table down')), settle: 0 },
    { what: 'never answers', write: () => new Promise<void>(() => {}), settle: 0 },
    // Past the budget, then a failure: handled all the same (vitest fails a run with an unhandled rejection,
    // and the test waits until after it).
    {
      what: 'fails after the budget',
      write: () =>
        new Promise<void>((_, reject) =>
          setTimeout(() => reject(new Error('late')), 2 * REQUEST_LOG_BUDGET_MS),
        ),
      settle: 4 * REQUEST_LOG_BUDGET_MS,
    },
  ])('when it $what, the request is answered as if it were not there', async ({ write, settle }) => {
    const sink: RequestLogSink = { write: vi.fn(write) };
    const broken = await startScimServer(undefined, { requestLog: sink });
    const output = captureOutput();
    try {
      const t = await broken.newTenant();
      const created = await t.request('POST', '/Users', userBody('hedy@contoso.example'));
      expect(created.status, created.text).toBe(201);
      expect((await t.request('GET', `/Users/${created.body.id}`)).status).toBe(200);
      expect(sink.write).toHaveBeenCalledTimes(1);
      await new Promise((done) => setTimeout(done, settle));
      expect(output.json().map((line) => line.message)).toContain('request log not written');
    } finally {
      output.restore();
      await broken.close();
    }
  });
});
