import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCommands } from '../../functions/admin/admin-commands';
import {
  type EntraTrust,
  entraTrust,
  type KeyEndpointDouble,
  signAssertion,
  startKeyEndpointDouble,
} from '../support/assertion-signer';
import { type ScimResult, scimRequest, startScimServer, type TestServer } from '../support/scim-server';
import { patchOp, userBody } from '../support/users';

/**
 * Issue 12, done when: a tenant is provisioned locally through each authentication method, each made as the
 * vendor makes it (the admin commands `scim-admin` runs) and used as the identity provider uses it, against
 * the local endpoint (the real token endpoint and authorizer, no authorizer cache) on DynamoDB Local. The
 * trust names the test's own key endpoint on loopback (`--issuer`, `--jwks-uri`), which signs with RS256
 * keys it generates.
 */
let server: TestServer;
let keys: KeyEndpointDouble;
let admin: ReturnType<typeof adminCommands>;

beforeAll(async () => {
  server = await startScimServer();
  keys = await startKeyEndpointDouble();
  admin = adminCommands({
    tokens: server.tokens,
    clients: server.clients,
    usagePlans: {},
    defaultTier: 'standard',
  });
});
afterAll(async () => {
  await server.close();
  await keys.close();
});

// biome-ignore lint/suspicious/noExplicitAny: admin results are inspected freely, as the CLI prints them
async function ok(request: Record<string, unknown>): Promise<any> {
  const response = await admin(request as Parameters<typeof admin>[0]);
  if (!response.ok) throw new Error(`${request.action}: ${JSON.stringify(response)}`);
  return response.result;
}

async function newTenant(): Promise<string> {
  const tenantId = `m-${randomBytes(5).toString('hex')}`;
  await ok({ action: 'createTenant', tenantId });
  return tenantId;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** A token request as Entra sends it: form-encoded, with the scope Entra adds. */
function tokenRequest(
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<ScimResult> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    scope: 'api://scim/.default',
    ...fields,
  });
  return scimRequest(server.tokenUrl, 'POST', { ...FORM, ...headers }, body.toString());
}

/** The access token of a successful token response, checked against RFC 6749 §5.1. */
function accessToken(response: ScimResult): string {
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
  return response.body.access_token as string;
}

async function newClient(
  tenantId: string,
): Promise<{ clientId: string; clientSecret: string; secret: { secretId: string } }> {
  return ok({ action: 'createClient', tenantId, label: 'Entra' });
}

/** `trusts create` with the test's key endpoint standing in for Microsoft's. */
async function newTrust(tenantId: string): Promise<{ clientId: string; trust: EntraTrust }> {
  const trust = entraTrust(keys);
  const created = await ok({ action: 'createTrust', tenantId, ...trust });
  return { clientId: created.clientId, trust };
}

/** Each method: what the vendor makes for a tenant, and the Authorization header the provider then sends. */
const METHODS: [string, (tenantId: string) => Promise<string>][] = [
  ['a Secret Token', async (tenantId) => `Bearer ${(await ok({ action: 'createToken', tenantId })).token}`],
  [
    'client credentials, the secret by HTTP Basic (client_secret_basic, what Entra sends)',
    async (tenantId) => {
      const { clientId, clientSecret } = await newClient(tenantId);
      return `Bearer ${accessToken(await tokenRequest({}, { Authorization: basic(clientId, clientSecret) }))}`;
    },
  ],
  [
    'client credentials, the secret in form fields (client_secret_post)',
    async (tenantId) => {
      const { clientId, clientSecret } = await newClient(tenantId);
      return `Bearer ${accessToken(await tokenRequest({ client_id: clientId, client_secret: clientSecret }))}`;
    },
  ],
  [
    'workload identity federation, an RS256 assertion signed by the trust’s key endpoint',
    async (tenantId) => {
      const { clientId, trust } = await newTrust(tenantId);
      const assertion = await signAssertion(trust, keys);
      const fields = {
        client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      };
      return `Bearer ${accessToken(await tokenRequest(fields))}`;
    },
  ],
  [
    'HTTP Basic on every SCIM call (Okta’s Basic Auth)',
    async (tenantId) => {
      const { clientId, clientSecret } = await newClient(tenantId);
      return basic(clientId, clientSecret);
    },
  ],
];

/** What Entra does with the credentials: Test Connection, then a user created and changed. */
async function provision(authorization: string, userName: string): Promise<string> {
  const call = (method: string, path: string, body?: unknown) =>
    scimRequest(
      `${server.baseUrl}${path}`,
      method,
      {
        Authorization: authorization,
        ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
      },
      body,
    );
  const probeUsers = await call(
    'GET',
    `/Users?filter=${encodeURIComponent(`userName eq "${randomBytes(8).toString('hex')}"`)}`,
  );
  expect(probeUsers).toMatchObject({ status: 200, body: { totalResults: 0, Resources: [] } });
  const probeGroups = await call(
    'GET',
    `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "x"')}`,
  );
  expect(probeGroups).toMatchObject({ status: 200, body: { totalResults: 0 } });
  const created = await call('POST', '/Users', userBody(userName));
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const patched = await call(
    'PATCH',
    `/Users/${id}`,
    patchOp({ op: 'replace', path: 'displayName', value: 'Renamed' }),
  );
  expect(patched.status).toBe(204);
  expect((await call('GET', `/Users/${id}`)).body).toMatchObject({ userName, displayName: 'Renamed' });
  return id;
}

describe('a tenant provisioned through each authentication method', () => {
  it.each(METHODS)(
    '%s: Test Connection, a user created and changed, in that tenant only',
    async (_name, credentialOf) => {
      const tenantId = await newTenant();
      const id = await provision(await credentialOf(tenantId), `ada@${tenantId}.example`);
      const other = await server.newTenant();
      expect((await other.request('GET', `/Users/${id}`)).status).toBe(404);
      expect((await other.request('GET', '/Users')).body.totalResults).toBe(0);
    },
  );
});

describe('rotating a client secret without downtime (authorizer cache TTL 0)', () => {
  it('the new secret works beside the old one, the old one and its access tokens stop the moment it is revoked, the new one never stops', async () => {
    const tenantId = await newTenant();
    const { clientId, clientSecret: old, secret } = await newClient(tenantId);
    const added = await ok({ action: 'addClientSecret', tenantId, clientId });
    const fresh = added.clientSecret as string;
    const oldToken = accessToken(await tokenRequest({}, { Authorization: basic(clientId, old) }));
    for (const secret of [old, fresh]) {
      accessToken(await tokenRequest({}, { Authorization: basic(clientId, secret) }));
      await provision(basic(clientId, secret), `${secret.slice(-6)}@${tenantId}.example`);
    }
    await ok({ action: 'revokeClientSecret', tenantId, clientId, secretId: secret.secretId });

    const refused = await tokenRequest({}, { Authorization: basic(clientId, old) });
    expect(refused).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic /);
    const usersWith = (authorization: string) =>
      scimRequest(`${server.baseUrl}/Users?count=1`, 'GET', { Authorization: authorization });
    expect((await usersWith(basic(clientId, old))).status).toBe(401);
    expect((await usersWith(basic(clientId, fresh))).status).toBe(200);
    accessToken(await tokenRequest({}, { Authorization: basic(clientId, fresh) }));
    // An access token got with the old secret goes with it (`clients secrets revoke` says so).
    expect((await usersWith(`Bearer ${oldToken}`)).status).toBe(401);
  });
});
