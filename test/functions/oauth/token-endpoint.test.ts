/**
 * The token endpoint on DynamoDB Local, with the real stores: the design's status table row by row (the
 * status, the §5.2 `error`, the headers, and that a refusal writes nothing and reads little), and the
 * client credentials grant succeeding by each method, its access token then resolving in the real
 * authorize() to the client's tenant until exactly now + the client's lifetime.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../../functions/auth/authorize';
import { hashToken } from '../../../functions/auth/bearer-token';
import { newClientCredential } from '../../../functions/auth/client-secret';
import { JWT_BEARER_ASSERTION_TYPE } from '../../../functions/oauth/presented-credentials';
import { tokenEndpoint } from '../../../functions/oauth/token-endpoint';
import { MAX_FORM_BYTES } from '../../../functions/oauth/token-request';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { type FaultInjector, faultInjector } from '../../reliability/fault-injector';
import {
  entraTrust,
  type KeyEndpointDouble,
  signAssertion,
  startKeyEndpointDouble,
} from '../../support/assertion-signer';
import { dynamoEndpoint } from '../../support/scim-server';
import { basic, FORM, type TokenEventOptions } from './token-event';
import {
  newSecretClient,
  newTrustClient,
  post,
  type SecretClient,
  storesOf,
  tokensOf,
} from './token-fixtures';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const stores = storesOf(db);
const endpoint = tokenEndpoint(stores);
let injector: FaultInjector;
let keys: KeyEndpointDouble;

beforeAll(async () => {
  injector = await faultInjector(db);
  keys = await startKeyEndpointDouble();
});
afterAll(async () => {
  await injector.close();
  await keys.close();
});

const GRANT = ['grant_type', 'client_credentials'] as const;
const NO_STORE = {
  'content-type': 'application/json;charset=UTF-8',
  'cache-control': 'no-store',
  pragma: 'no-cache',
};
const WRITES = ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem'];

/** A tenant with a secret client and a trust of its own, and an assertion valid for that trust. */
interface Scene extends SecretClient {
  readonly trustClientId: string;
  readonly assertion: string;
}

async function scene(): Promise<Scene> {
  const secretClient = await newSecretClient(stores);
  const trust = entraTrust(keys);
  const { clientId: trustClientId } = await newTrustClient(stores, trust, {
    tenantId: secretClient.tenantId,
  });
  return { ...secretClient, trustClientId, assertion: await signAssertion(trust, keys) };
}

const form = (...pairs: (readonly [string, string])[]) => ({ form: [GRANT, ...pairs] });
const withAssertion = (clientId: string | undefined, assertion: string) =>
  form(
    ...(clientId === undefined ? [] : [['client_id', clientId] as const]),
    ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
    ['client_assertion', assertion],
  );
const withBasic = (id: string, secret: string, options: TokenEventOptions = form()) => ({
  ...options,
  headers: { 'Content-Type': FORM, Authorization: basic(id, secret) },
});
const aWellFormedSecret = () => newClientCredential().secret;
const anUnknownClientId = () => `cli_${'0'.repeat(24)}`;

interface Row {
  readonly request: string;
  readonly status: 400 | 401 | 405;
  readonly error: string;
  readonly send: (s: Scene) => TokenEventOptions;
  /** The most DynamoDB calls the refusal may cost (all reads: a refusal writes nothing). */
  readonly reads: number;
  readonly before?: (s: Scene) => Promise<unknown>;
}

const STATUS_TABLE: readonly Row[] = [
  {
    request: 'GET /oauth2/token',
    status: 405,
    error: 'invalid_request',
    reads: 0,
    send: () => ({ method: 'GET' }),
  },
  {
    request: 'Content-Type JSON',
    status: 400,
    error: 'invalid_request',
    reads: 0,
    send: (s) => ({
      headers: { 'Content-Type': 'application/json' },
      form: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: s.clientId,
        client_secret: s.secret,
      }),
    }),
  },
  {
    request: 'grant_type missing',
    status: 400,
    error: 'invalid_request',
    reads: 0,
    send: (s) => ({
      form: [
        ['client_id', s.clientId],
        ['client_secret', s.secret],
      ],
    }),
  },
  {
    request: 'grant_type=password',
    status: 400,
    error: 'unsupported_grant_type',
    reads: 0,
    send: (s) => withBasic(s.clientId, s.secret, { form: [['grant_type', 'password']] }),
  },
  {
    request: 'parameter repeated',
    status: 400,
    error: 'invalid_request',
    reads: 0,
    send: (s) => form(['client_id', s.clientId], ['client_secret', s.secret], ['client_secret', s.secret]),
  },
  {
    request: 'Basic + body secret',
    status: 400,
    error: 'invalid_request',
    reads: 0,
    send: (s) => withBasic(s.clientId, s.secret, form(['client_secret', s.secret])),
  },
  {
    request: 'secret + assertion in the body',
    status: 400,
    error: 'invalid_request',
    reads: 0,
    send: (s) => ({
      form: [...withAssertion(s.trustClientId, s.assertion).form, ['client_secret', s.secret]],
    }),
  },
  {
    request: `a body over ${MAX_FORM_BYTES / 1024} KiB`,
    status: 400,
    error: 'invalid_request',
    reads: 0,
    send: (s) => withBasic(s.clientId, s.secret, form(['scope', 'x'.repeat(MAX_FORM_BYTES)])),
  },
  {
    request: 'the secret in the query string',
    status: 400,
    error: 'invalid_request',
    reads: 0,
    send: (s) => ({ ...form(['client_id', s.clientId]), query: { client_secret: s.secret } }),
  },
  { request: 'no client authentication', status: 401, error: 'invalid_client', reads: 0, send: () => form() },
  {
    request: 'a client_id alone',
    status: 401,
    error: 'invalid_client',
    reads: 0,
    send: (s) => form(['client_id', s.clientId]),
  },
  {
    request: 'unknown client (Basic)',
    status: 401,
    error: 'invalid_client',
    reads: 2,
    send: () => withBasic(anUnknownClientId(), aWellFormedSecret()),
  },
  {
    request: 'wrong secret (Basic)',
    status: 401,
    error: 'invalid_client',
    reads: 2,
    send: (s) => withBasic(s.clientId, aWellFormedSecret()),
  },
  {
    request: 'wrong secret (form fields)',
    status: 401,
    error: 'invalid_client',
    reads: 2,
    send: (s) => form(['client_id', s.clientId], ['client_secret', aWellFormedSecret()]),
  },
  {
    request: 'a malformed secret (no lookup)',
    status: 401,
    error: 'invalid_client',
    reads: 0,
    send: (s) => withBasic(s.clientId, 'hunter2'),
  },
  {
    request: 'a malformed Basic header',
    status: 401,
    error: 'invalid_client',
    reads: 0,
    send: () => ({ ...form(), headers: { 'Content-Type': FORM, Authorization: 'Basic not*base64' } }),
  },
  {
    request: 'revoked secret',
    status: 401,
    error: 'invalid_client',
    reads: 2,
    send: (s) => withBasic(s.clientId, s.revokedSecret),
  },
  {
    request: 'expired secret',
    status: 401,
    error: 'invalid_client',
    reads: 2,
    send: (s) => form(['client_id', s.clientId], ['client_secret', s.expiredSecret]),
  },
  {
    request: "another client's secret",
    status: 401,
    error: 'invalid_client',
    reads: 2,
    send: (s) => withBasic(s.trustClientId, s.secret),
  },
  {
    request: 'assertion without client_id',
    status: 400,
    error: 'invalid_request',
    reads: 0,
    send: (s) => withAssertion(undefined, s.assertion),
  },
  {
    request: 'assertion of an unknown client',
    status: 401,
    error: 'invalid_client',
    reads: 1,
    send: (s) => withAssertion(anUnknownClientId(), s.assertion),
  },
  {
    request: 'secret for a federation client',
    status: 401,
    error: 'invalid_client',
    reads: 2,
    send: (s) => withBasic(s.trustClientId, aWellFormedSecret()),
  },
  {
    request: 'assertion for a secret client',
    status: 401,
    error: 'invalid_client',
    reads: 1,
    send: (s) => withAssertion(s.clientId, s.assertion),
  },
  {
    request: 'valid client (secret) of a disabled tenant',
    status: 400,
    error: 'unauthorized_client',
    reads: 3,
    before: (s) => stores.tokens.updateTenant(s.tenantId, { status: 'disabled' }),
    send: (s) => withBasic(s.clientId, s.secret),
  },
  {
    request: 'valid client (assertion) of a disabled tenant',
    status: 400,
    error: 'unauthorized_client',
    reads: 2,
    before: (s) => stores.tokens.updateTenant(s.tenantId, { status: 'disabled' }),
    send: (s) => withAssertion(s.trustClientId, s.assertion),
  },
];

describe('the status table: each refusal, with its headers, writing nothing', () => {
  it.each(STATUS_TABLE)('$request → $status $error', async (row) => {
    const s = await scene();
    await row.before?.(s);
    injector.resetCalls();
    const answer = await post(endpoint, row.send(s));
    const calls = injector.calls;

    expect(answer.status).toBe(row.status);
    expect(answer.body).toEqual({ error: row.error, error_description: expect.any(String) });
    const extra =
      row.status === 405
        ? { allow: 'POST' }
        : row.status === 401
          ? { 'www-authenticate': 'Basic realm="scim"' }
          : {};
    expect(answer.headers).toEqual({ ...NO_STORE, ...extra });
    expect(calls.filter((c) => WRITES.includes(c.command))).toEqual([]);
    expect(calls.length, 'DynamoDB calls of the refusal').toBeLessThanOrEqual(row.reads);
    expect(await tokensOf(db, s.tenantId)).toEqual([]);
  });
});

describe('a token is issued', () => {
  it.each<{ method: string; send: (s: Scene) => TokenEventOptions; secretUsed: boolean }>([
    { method: 'by Basic (Entra default)', send: (s) => withBasic(s.clientId, s.secret), secretUsed: true },
    {
      method: 'by Basic with the client_id also in the body',
      send: (s) => withBasic(s.clientId, s.secret, form(['client_id', s.clientId])),
      secretUsed: true,
    },
    {
      method: 'by form fields',
      send: (s) => form(['client_id', s.clientId], ['client_secret', s.secret]),
      secretUsed: true,
    },
    { method: 'by assertion', send: (s) => withAssertion(s.trustClientId, s.assertion), secretUsed: false },
    {
      method: 'with scope and resource (ignored)',
      send: (s) =>
        withBasic(s.clientId, s.secret, form(['scope', 'scim'], ['resource', 'https://scim.example'])),
      secretUsed: true,
    },
    {
      method: 'with a charset parameter',
      send: (s) => ({
        ...form(['client_id', s.clientId], ['client_secret', s.secret]),
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      }),
      secretUsed: true,
    },
    {
      method: 'from a base64 body',
      send: (s) => ({ ...form(['client_id', s.clientId], ['client_secret', s.secret]), base64: true }),
      secretUsed: true,
    },
    {
      method: 'by assertion, base64, with scope',
      send: (s) => ({
        form: [...withAssertion(s.trustClientId, s.assertion).form, ['scope', 'scim']],
        base64: true,
      }),
      secretUsed: false,
    },
  ])('$method: a Bearer token of the tenant, not cached', async ({ send, secretUsed }) => {
    const s = await scene();
    const answer = await post(endpoint, send(s));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.headers).toEqual(NO_STORE);
    expect(answer.body).toEqual({
      access_token: expect.stringMatching(/^scim_/),
      token_type: 'Bearer',
      expires_in: 3600,
    });
    const authorization = await authorize(`Bearer ${answer.body.access_token}`, stores);
    expect(authorization).toMatchObject({ allowed: true, tenantId: s.tenantId });
    const [stored] = await tokensOf(db, s.tenantId);
    expect(stored?.clientId).toBe(secretUsed ? s.clientId : s.trustClientId);
    expect(stored?.secretId).toBe(secretUsed ? s.secretId : undefined);
  });

  it.each([3600, 7200, 21600])(
    'expires_in is the client’s lifetime (%i s), and the token works until exactly then',
    async (lifetime) => {
      const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      const clocked = storesOf(db, () => issuedAt);
      const s = await newSecretClient(clocked, { accessTokenLifetime: lifetime });
      const answer = await post(
        tokenEndpoint(clocked, () => issuedAt),
        withBasic(s.clientId, s.secret),
      );
      expect(answer.body.expires_in).toBe(lifetime);
      const header = `Bearer ${answer.body.access_token}`;
      const at = (ms: number) => storesOf(db, () => new Date(issuedAt.getTime() + ms));
      expect(await authorize(header, at(lifetime * 1000 - 1000))).toMatchObject({
        allowed: true,
        tenantId: s.tenantId,
      });
      expect(await authorize(header, at(lifetime * 1000))).toMatchObject({ allowed: false });
      const [stored] = await tokensOf(db, s.tenantId);
      const expiresAt = new Date(issuedAt.getTime() + lifetime * 1000);
      expect(stored).toMatchObject({
        expiresAt: expiresAt.toISOString(),
        ttl: expiresAt.getTime() / 1000 + 86_400,
        tokenId: expect.stringMatching(/^tok_/),
      });
    },
  );

  it('records when the secret was last used, and a second token does not replace the first', async () => {
    const s = await scene();
    const first = await post(endpoint, withBasic(s.clientId, s.secret));
    const second = await post(endpoint, withBasic(s.clientId, s.secret));
    expect([first.status, second.status]).toEqual([200, 200]);
    for (const answer of [first, second])
      expect(await authorize(`Bearer ${answer.body.access_token}`, stores)).toMatchObject({ allowed: true });
    const secrets = await stores.clients.listSecrets(s.tenantId, s.clientId);
    expect(secrets?.find((x) => x.secretId === s.secretId)?.lastUsedAt).toEqual(expect.any(String));
    expect(await tokensOf(db, s.tenantId)).toHaveLength(2);
  });

  it('is stored by hash only: the table never holds the token', async () => {
    const s = await scene();
    const answer = await post(endpoint, withBasic(s.clientId, s.secret));
    const [stored] = await tokensOf(db, s.tenantId);
    expect(stored?.pk).toBe(`TOKEN#${hashToken(answer.body.access_token)}`);
    expect(JSON.stringify(stored)).not.toContain(answer.body.access_token);
  });
});
