import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newClientCredential } from '../../../functions/auth/client-secret';
import { NOT_JSON, REDACTED } from '../../../functions/http/redacted-body';
import type { RequestLogEntry } from '../../../functions/scim/request-log-port';
import { DEFAULT_TENANT_POLICY } from '../../../functions/scim/tenant-policy';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { BODY_RETENTION_HOURS, RequestLogStore } from '../../../functions/storage/request-log-store';
import { keys } from '../../../functions/storage/table-design';
import { policyAdmin } from '../../support/policy-admin';
import {
  dynamoEndpoint,
  type ScimResult,
  scimRequest,
  startScimServer,
  type TestServer,
  type TestTenant,
} from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';
import { createUser, ENTERPRISE, patchOp, userBody } from '../../support/users';

/**
 * Issue 14: the per-tenant setting that keeps redacted bodies (`tenants set --log-bodies`), through the
 * real handlers, authorizer and token endpoint behind the local gateway, on DynamoDB Local. Each line is
 * read back as the table holds it, and searched for every secret the request carried.
 */
const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const store = new RequestLogStore(db, TEST_TABLES.data);
let server: TestServer;
let setPolicy: ReturnType<typeof policyAdmin>;

beforeAll(async () => {
  server = await startScimServer(undefined, { requestLog: store });
  setPolicy = policyAdmin(server);
});
afterAll(() => server.close());

const START = new Date(Date.now() - 60_000);
const HOUR_MS = 3_600_000;
/** A value no line may ever hold, distinct per use so that a hit names its request. */
const secret = (what: string) => `${what}-${randomBytes(8).toString('hex')}`;

/** The tenant's newest line, as the table holds it (TTL attribute and all). */
async function newestItem(tenant: TestTenant): Promise<Record<string, unknown>> {
  const [line] = (await store.list(tenant.tenantId, START, { newestFirst: true })).lines;
  if (line === undefined) throw new Error('no line');
  const { Item } = await db.send(
    new GetCommand({
      TableName: TEST_TABLES.data,
      Key: keys.requestLog(tenant.tenantId, line.time, line.requestId),
      ConsistentRead: true,
    }),
  );
  return Item as Record<string, unknown>;
}

/** A request a support engineer may need the body of, the secrets it carries, and what the body keeps. */
interface Case {
  readonly what: string;
  readonly send: (tenant: TestTenant, secrets: readonly string[]) => Promise<ScimResult>;
  /** What the kept body shows (undefined: none); its secrets replaced by REDACTED. */
  readonly kept: ((secrets: readonly string[]) => unknown) | undefined;
}

const CASES: readonly Case[] = [
  {
    what: 'a POST with a password, and one nested in an extension',
    send: (t, [password, nested]) =>
      t.request(
        'POST',
        '/Users',
        userBody('ada@contoso.example', {
          password,
          [ENTERPRISE]: { department: 'R&D', password: nested },
        }),
      ),
    kept: () =>
      expect.objectContaining({
        userName: 'ada@contoso.example',
        password: REDACTED,
        [ENTERPRISE]: { department: 'R&D', password: REDACTED },
      }),
  },
  {
    what: 'a PATCH whose path is password, and a path-less one whose value has one',
    send: async (t, [password, other]) => {
      const id = await createUser(t, 'grace@contoso.example');
      return t.request(
        'PATCH',
        `/Users/${id}`,
        patchOp(
          { op: 'replace', path: 'password', value: password },
          { op: 'Replace', value: { password: other, title: 'Admiral' } },
        ),
      );
    },
    kept: () => ({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'replace', path: 'password', value: REDACTED },
        { op: 'Replace', value: { password: REDACTED, title: 'Admiral' } },
      ],
    }),
  },
  {
    what: 'a failure: a body that is not JSON',
    send: (t, [password]) =>
      t.request('POST', '/Users', `{"userName":"x","password":"${password}"`, {
        'Content-Type': 'application/scim+json',
      }),
    kept: () => NOT_JSON,
  },
  {
    what: 'a failed read: its filter (the query string) and the Authorization header never kept',
    send: (t, [value]) => t.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${value}`)}`),
    kept: undefined,
  },
];

/** Runs a case in a new tenant set up by `prepare`; its line, and the secrets it sent. */
async function run(prepare: (tenant: TestTenant) => Promise<void>, { send }: Case) {
  const tenant = await server.newTenant();
  await prepare(tenant);
  const secrets = [secret('pw'), secret('nested')];
  const answer = await send(tenant, secrets);
  expect(answer.status, answer.text).toBeGreaterThanOrEqual(200);
  const item = await newestItem(tenant);
  for (const value of [...secrets, tenant.token]) expect(JSON.stringify(item)).not.toContain(value);
  return { item, secrets };
}

describe('by default, no line keeps a body', () => {
  it.each(CASES)('$what', async (c) => {
    const { item } = await run(async () => {}, c);
    expect(item).not.toHaveProperty('body');
  });
});

describe('tenants set --log-bodies: a line keeps the redacted body, for a day', () => {
  const on = (tenant: TestTenant) =>
    setPolicy(tenant, { logBodiesUntil: new Date(Date.now() + HOUR_MS).toISOString() });

  it.each(CASES)('$what', async (c) => {
    const { item, secrets } = await run(on, c);
    if (c.kept === undefined) expect(item).not.toHaveProperty('body');
    else {
      const body = item.body as string;
      expect(body === NOT_JSON ? body : JSON.parse(body)).toEqual(c.kept(secrets));
    }
    // A line with a body lives BODY_RETENTION_HOURS; one without, the log's 30 days.
    const hours = c.kept === undefined ? 30 * 24 : BODY_RETENTION_HOURS;
    expect(item.expiresAt).toBe(Math.ceil((Date.parse(item.time as string) + hours * HOUR_MS) / 1000));
  });

  it('keeps none once logBodiesUntil has passed: the setting ends by itself', async () => {
    const ended = { ...DEFAULT_TENANT_POLICY, logBodiesUntil: new Date(Date.now() - 1000).toISOString() };
    const { item } = await run(async (tenant) => {
      // As the policy reads once its instant is past; `tenants set` takes only instants to come.
      expect(await server.tokens.setTenantPolicy(tenant.tenantId, ended, undefined, TEST_TABLES.data)).toBe(
        true,
      );
    }, CASES[0] as Case);
    expect(item).not.toHaveProperty('body');
    expect(item.expiresAt).toBe(Math.ceil((Date.parse(item.time as string) + 30 * 24 * HOUR_MS) / 1000));
  });

  it('keeps none once turned off', async () => {
    const { item } = await run(async (tenant) => {
      await on(tenant);
      await setPolicy(tenant, { logBodiesUntil: 'off' });
    }, CASES[0] as Case);
    expect(item).not.toHaveProperty('body');
  });
});

describe('the authorizer’s and the token endpoint’s lines never keep a body, setting or not', () => {
  const on = (tenant: TestTenant) =>
    setPolicy(tenant, { logBodiesUntil: new Date(Date.now() + HOUR_MS).toISOString() });

  it('a token request with the secret in its body (client_secret_post): no body, no secret', async () => {
    const tenant = await server.newTenant();
    await on(tenant);
    const client = await server.clients.createClient(tenant.tenantId, {
      label: 'okta',
      method: 'client_secret',
      accessTokenLifetime: 3600,
    });
    const clientId = client?.clientId as string;
    const { secret: clientSecret, hash, hint } = newClientCredential();
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    await server.clients.addSecret(tenant.tenantId, clientId, { hash, hint }, expires);
    for (const sent of [clientSecret, newClientCredential().secret]) {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: sent,
      });
      const answer = await scimRequest(
        server.tokenUrl,
        'POST',
        { 'Content-Type': 'application/x-www-form-urlencoded' },
        form.toString(),
      );
      const item = await newestItem(tenant);
      expect(item).toMatchObject({ path: '/oauth2/token', status: answer.status, credentialId: clientId });
      expect(item).not.toHaveProperty('body');
      for (const value of [sent, answer.body?.access_token ?? sent])
        expect(JSON.stringify(item)).not.toContain(value);
    }
  });

  it('a write with a revoked token, refused by the authorizer: no body, no token', async () => {
    const tenant = await server.newTenant();
    await on(tenant);
    const [info] = await server.tokens.listTokens(tenant.tenantId);
    await server.tokens.revokeToken(tenant.tenantId, info?.tokenId as string);
    const password = secret('pw');
    const refused = await tenant.request('POST', '/Users', userBody('x@contoso.example', { password }));
    expect(refused.status).toBe(401);
    const item = (await newestItem(tenant)) as unknown as RequestLogEntry;
    expect(item).toMatchObject({ status: 401, reason: 'revoked' });
    expect(item).not.toHaveProperty('body');
    for (const value of [password, tenant.token]) expect(JSON.stringify(item)).not.toContain(value);
  });
});
