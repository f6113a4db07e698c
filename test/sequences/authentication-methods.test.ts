import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCommands } from '../../functions/admin/admin-commands';
import {
  entraTrust,
  type KeyEndpointDouble,
  signAssertion,
  startKeyEndpointDouble,
} from '../support/assertion-signer';
import { type ScimResult, scimRequest, startScimServer, type TestServer } from '../support/scim-server';
import { patchOp, userBody } from '../support/users';

/**
 * A tenant can be provisioned through each authentication method: the credentials made with the admin
 * commands `scim-admin` runs, then used as Entra (or Okta) uses them against the local endpoint (the real
 * token endpoint and authorizer, authorizer cache TTL 0) on DynamoDB Local. The federation trust names the
 * loopback key endpoint double as its issuer and key set.
 */
let server: TestServer;
let keys: KeyEndpointDouble;
type Admin = ReturnType<typeof adminCommands>;
let admin: Admin;

const adminAt = (now?: () => Date): Admin =>
  adminCommands({
    tokens: server.tokens,
    clients: server.clients,
    usagePlans: {},
    defaultTier: 'standard',
    ...(now === undefined ? {} : { now }),
  });

beforeAll(async () => {
  server = await startScimServer();
  keys = await startKeyEndpointDouble();
  admin = adminAt();
});
afterAll(async () => {
  await server.close();
  await keys.close();
});

// biome-ignore lint/suspicious/noExplicitAny: admin results are inspected freely, as the CLI prints them
async function ok(request: Record<string, unknown>, by: Admin = admin): Promise<any> {
  const response = await by(request);
  if (!response.ok) throw new Error(`${request.action}: ${JSON.stringify(response)}`);
  return response.result;
}

async function newTenant(): Promise<string> {
  const tenantId = `am-${randomBytes(5).toString('hex')}`;
  await ok({ action: 'createTenant', tenantId });
  return tenantId;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const bearer = (token: string) => `Bearer ${token}`;

/** A client credentials token request, form-encoded as Entra sends it. */
function tokenRequest(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...fields }).toString();
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  return scimRequest(server.tokenUrl, 'POST', { ...form, ...headers }, body);
}

const tokenBySecretBasic = (clientId: string, secret: string) =>
  tokenRequest({}, { Authorization: basic(clientId, secret) });

/** The access token of a successful token response (RFC 6749 §5.1). */
function accessToken(response: ScimResult): string {
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.body).toMatchObject({
    access_token: expect.any(String),
    token_type: 'Bearer',
    expires_in: expect.any(Number),
  });
  return response.body.access_token as string;
}

function scim(authorization: string, method: string, path: string, body?: unknown) {
  const json: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/scim+json' };
  return scimRequest(`${server.baseUrl}${path}`, method, { Authorization: authorization, ...json }, body);
}

const filter = (expression: string) => `filter=${encodeURIComponent(expression)}`;

/** Entra's Test Connection: a user and a group looked up by a name nobody has. */
async function testConnection(authorization: string): Promise<void> {
  const nobody = `nobody-${randomBytes(6).toString('hex')}@example.com`;
  const users = await scim(authorization, 'GET', `/Users?${filter(`userName eq "${nobody}"`)}`);
  expect(users).toMatchObject({ status: 200, body: { totalResults: 0 } });
  const groups = await scim(
    authorization,
    'GET',
    `/Groups?excludedAttributes=members&${filter('displayName eq "no such group"')}`,
  );
  expect(groups).toMatchObject({ status: 200, body: { totalResults: 0 } });
}

/** Test Connection, then a user created, changed (PATCH as Entra sends it: 204) and read back. */
async function provision(authorization: string, userName: string): Promise<string> {
  await testConnection(authorization);
  const created = await scim(authorization, 'POST', '/Users', userBody(userName));
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const change = patchOp({ op: 'replace', path: 'displayName', value: 'Changed Name' });
  const patched = await scim(authorization, 'PATCH', `/Users/${id}`, change);
  expect(patched.status).toBe(204);
  const read = await scim(authorization, 'GET', `/Users/${id}`);
  expect(read).toMatchObject({ status: 200, body: { id, userName, displayName: 'Changed Name' } });
  return id;
}

/** A client with a secret (`clients create`): its id, secret and secret id. */
async function newClient(tenantId: string, by: Admin = admin, years?: number) {
  const created = await ok(
    { action: 'createClient', tenantId, label: 'Entra', ...(years === undefined ? {} : { years }) },
    by,
  );
  return {
    clientId: created.clientId as string,
    secret: created.clientSecret as string,
    secretId: created.secret.secretId as string,
  };
}

/** An access token by workload identity federation: `trusts create`, then an RS256 assertion. */
async function federatedToken(tenantId: string): Promise<string> {
  const trust = entraTrust(keys);
  const { clientId } = await ok({ action: 'createTrust', tenantId, ...trust });
  const response = await tokenRequest({
    client_id: clientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await signAssertion(trust, keys),
  });
  return accessToken(response);
}

/** Each method: the Authorization header the identity provider sends on SCIM calls for a tenant. */
const METHODS: [string, (tenantId: string) => Promise<string>][] = [
  ['Secret Token', async (tenantId) => bearer((await ok({ action: 'createToken', tenantId })).token)],
  [
    'client credentials, secret by HTTP Basic (client_secret_basic)',
    async (tenantId) => {
      const { clientId, secret } = await newClient(tenantId);
      return bearer(accessToken(await tokenBySecretBasic(clientId, secret)));
    },
  ],
  [
    'client credentials, secret in form fields (client_secret_post)',
    async (tenantId) => {
      const { clientId, secret } = await newClient(tenantId);
      return bearer(accessToken(await tokenRequest({ client_id: clientId, client_secret: secret })));
    },
  ],
  [
    'workload identity federation (RS256 assertion)',
    async (tenantId) => bearer(await federatedToken(tenantId)),
  ],
  [
    'HTTP Basic on SCIM calls (Okta Basic Auth)',
    async (tenantId) => {
      const { clientId, secret } = await newClient(tenantId);
      return basic(clientId, secret);
    },
  ],
];

describe('a tenant is provisioned through each authentication method', () => {
  it.each(METHODS)(
    '%s: Test Connection, a user created, changed and read back, in that tenant alone',
    async (_method, credentialFor) => {
      const tenantId = await newTenant();
      const userName = `ada.lovelace@${tenantId}.example`;
      const id = await provision(await credentialFor(tenantId), userName);

      const other = await credentialFor(await newTenant());
      expect((await scim(other, 'GET', `/Users/${id}`)).status).toBe(404);
      const found = await scim(other, 'GET', `/Users?${filter(`userName eq "${userName}"`)}`);
      expect(found).toMatchObject({ status: 200, body: { totalResults: 0 } });
    },
  );
});

/** What each credential gets: a token from the token endpoint, and the status of a SCIM call. */
const tokenStatus = async (clientId: string, secret: string) =>
  (await tokenBySecretBasic(clientId, secret)).status;
const scimStatus = async (authorization: string) =>
  (await scim(authorization, 'GET', '/Users?count=1')).status;

describe('a client secret is rotated without downtime (authorizer cache TTL 0)', () => {
  let tenantId: string;
  let clientId: string;
  let secretA: { secret: string; secretId: string };
  let secretB: string;
  let tokenFromA: string;
  let tokenFromB: string;

  beforeAll(async () => {
    tenantId = await newTenant();
    const created = await newClient(tenantId);
    clientId = created.clientId;
    secretA = created;
    secretB = (await ok({ action: 'addClientSecret', tenantId, clientId })).clientSecret;
    tokenFromA = accessToken(await tokenBySecretBasic(clientId, secretA.secret));
    tokenFromB = accessToken(await tokenBySecretBasic(clientId, secretB));
  });

  it.each([
    ['secret A', () => secretA.secret],
    ['secret B', () => secretB],
  ])('with two secrets, %s gets tokens and provisions by Basic on SCIM calls', async (name, secretOf) => {
    const secret = secretOf();
    const user = (how: string) => `${name.replace(' ', '-')}.${how}@${tenantId}.example`;
    await provision(bearer(accessToken(await tokenBySecretBasic(clientId, secret))), user('token'));
    await provision(basic(clientId, secret), user('basic'));
  });

  describe('once secret A is revoked (`clients secrets revoke`)', () => {
    beforeAll(async () => {
      await ok({ action: 'revokeClientSecret', tenantId, clientId, secretId: secretA.secretId });
    });

    it('secret A gets no token on the very next request: 401 invalid_client', async () => {
      const refused = await tokenBySecretBasic(clientId, secretA.secret);
      expect(refused).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    });

    it.each([
      ['secret A by Basic on a SCIM call', () => basic(clientId, secretA.secret), 401],
      [
        'an access token issued from secret A before the revocation (revoked with it)',
        () => bearer(tokenFromA),
        401,
      ],
      ['secret B by Basic on a SCIM call', () => basic(clientId, secretB), 200],
      ['an access token issued from secret B', () => bearer(tokenFromB), 200],
    ])('%s answers %i', async (_credential, authorizationOf, status) => {
      expect(await scimStatus(authorizationOf())).toBe(status);
    });

    it('secret B keeps getting tokens, which provision', async () => {
      expect(await tokenStatus(clientId, secretB)).toBe(200);
      const token = accessToken(await tokenBySecretBasic(clientId, secretB));
      await provision(bearer(token), `after.rotation@${tenantId}.example`);
    });
  });
});

describe('an expired secret', () => {
  it('made two years ago for one year: no token (401 invalid_client), and Basic on a SCIM call is 401', async () => {
    const tenantId = await newTenant();
    const twoYearsAgo = new Date(Date.now() - 2 * 365 * 24 * 3600 * 1000);
    const { clientId, secret } = await newClient(
      tenantId,
      adminAt(() => twoYearsAgo),
      1,
    );
    const refused = await tokenBySecretBasic(clientId, secret);
    expect(refused).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const posted = await tokenRequest({ client_id: clientId, client_secret: secret });
    expect(posted).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await scimStatus(basic(clientId, secret))).toBe(401);
  });
});
