import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loggedAuthorizer } from '../../../bin/local/logged-authorizer';
import type { Authorization } from '../../../functions/auth/authorize';
import { issueBearerToken } from '../../../functions/auth/bearer-token';
import { newClientCredential } from '../../../functions/auth/client-secret';
import type { RequestLogEntry, RequestLogSink } from '../../../functions/scim/request-log-port';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { RequestLogStore } from '../../../functions/storage/request-log-store';
import { captureOutput } from '../../support/captured-output';
import { dynamoEndpoint, scimRequest, startScimServer, type TestServer } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

/**
 * Issue 14: the request log's lines of the authorizer and the token endpoint. A refused credential that
 * names its tenant (revoked, expired, a wrong secret of a known client, a tenant not active) is a 401 line
 * in that tenant's log with a hint; a token request of a known client is a line, issued or refused. Never
 * the token, the secret or the Authorization header. Through the local gateway with the real authorizer
 * logic and token endpoint on DynamoDB Local.
 */
const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const store = new RequestLogStore(db, TEST_TABLES.data);
let server: TestServer;

beforeAll(async () => {
  server = await startScimServer(undefined, { requestLog: store });
});
afterAll(() => server.close());

const START = new Date(Date.now() - 60_000);
const linesOf = async (tenantId: string) => (await store.list(tenantId, START, { newestFirst: true })).lines;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const get = (authorization: string) =>
  scimRequest(`${server.baseUrl}/Users`, 'GET', { Authorization: authorization });

/** A client_secret client of the tenant and its secret, through the real store. */
async function clientOf(tenantId: string) {
  const client = await server.clients.createClient(tenantId, {
    label: 'okta',
    method: 'client_secret',
    accessTokenLifetime: 3600,
  });
  const clientId = client?.clientId as string;
  const { secret, hash, hint } = newClientCredential();
  await server.clients.addSecret(
    tenantId,
    clientId,
    { hash, hint },
    new Date(Date.now() + 86_400_000).toISOString(),
  );
  return { clientId, secret };
}

/** Each way a known credential is refused, made real in the store, and what its line must say. */
const REFUSALS: {
  reason: string;
  hint: RegExp;
  refuse: (
    tenantId: string,
    token: string,
  ) => Promise<{ authorization: string; credentialId: string; secret: string }>;
}[] = [
  {
    reason: 'revoked',
    hint: /revoked.*tokens create/,
    refuse: async (tenantId, token) => {
      const [info] = await server.tokens.listTokens(tenantId);
      await server.tokens.revokeToken(tenantId, info?.tokenId as string);
      return { authorization: `Bearer ${token}`, credentialId: info?.tokenId as string, secret: token };
    },
  },
  {
    reason: 'expired',
    hint: /expired/,
    refuse: async (tenantId) => {
      const issued = await issueBearerToken(
        server.tokens,
        tenantId,
        'old',
        new Date(Date.now() - 1000).toISOString(),
      );
      return {
        authorization: `Bearer ${issued?.token}`,
        credentialId: issued?.info.tokenId as string,
        secret: issued?.token as string,
      };
    },
  },
  {
    reason: 'inactive_tenant',
    hint: /not active/,
    refuse: async (tenantId, token) => {
      const [info] = await server.tokens.listTokens(tenantId);
      await server.tokens.updateTenant(tenantId, { status: 'disabled' });
      return { authorization: `Bearer ${token}`, credentialId: info?.tokenId as string, secret: token };
    },
  },
  {
    reason: 'wrong_secret',
    hint: /Basic Auth/,
    refuse: async (tenantId) => {
      const { clientId } = await clientOf(tenantId);
      const wrong = newClientCredential().secret;
      return { authorization: basic(clientId, wrong), credentialId: clientId, secret: wrong };
    },
  },
];

describe('the authorizer’s refusals in the tenant’s request log', () => {
  it.each(REFUSALS)(
    'a $reason credential: a 401 line with its reason and hint, never the credential',
    async ({ reason, hint, refuse }) => {
      const tenant = await server.newTenant();
      const { authorization, credentialId, secret } = await refuse(tenant.tenantId, tenant.token);
      const refused = await scimRequest(`${server.baseUrl}/Users?aadOptscim062020`, 'GET', {
        Authorization: authorization,
      });
      expect(refused.status).toBe(401);
      const [line] = await linesOf(tenant.tenantId);
      expect(line).toMatchObject({
        method: 'GET',
        path: '/scim/v2/Users',
        status: 401,
        reason,
        credentialId,
        dialect: 'entra-aadoptscim062020',
        requestId: expect.any(String),
        hint: expect.stringMatching(hint),
      });
      for (const value of [secret, authorization]) expect(JSON.stringify(line)).not.toContain(value);
    },
  );

  it('writes no line for a token that names no tenant (unknown), and none for a tenant it is not', async () => {
    const tenant = await server.newTenant();
    const unknown = await get(`Bearer scim_${'A'.repeat(43)}`);
    expect(unknown.status).toBe(401);
    expect(await linesOf(tenant.tenantId)).toEqual([]);
  });
});

describe('the token endpoint’s lines', () => {
  const tokenRequest = (authorization: string) =>
    scimRequest(
      server.tokenUrl,
      'POST',
      { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: authorization },
      'grant_type=client_credentials',
    );

  it('a token issued: a 200 line naming the client, never the secret or the access token', async () => {
    const tenant = await server.newTenant();
    const { clientId, secret } = await clientOf(tenant.tenantId);
    const issued = await tokenRequest(basic(clientId, secret));
    expect(issued.status).toBe(200);
    const [line] = await linesOf(tenant.tenantId);
    expect(line).toMatchObject({
      method: 'POST',
      path: '/oauth2/token',
      status: 200,
      credentialId: clientId,
    });
    expect(line?.hint).toBeUndefined();
    for (const value of [secret, issued.body.access_token]) expect(JSON.stringify(line)).not.toContain(value);
  });

  it('a wrong secret of a known client: a 401 invalid_client line with the reason and a hint', async () => {
    const tenant = await server.newTenant();
    const { clientId } = await clientOf(tenant.tenantId);
    const wrong = newClientCredential().secret;
    expect((await tokenRequest(basic(clientId, wrong))).status).toBe(401);
    const [line] = await linesOf(tenant.tenantId);
    expect(line).toMatchObject({
      path: '/oauth2/token',
      status: 401,
      detail: 'invalid_client',
      reason: 'wrong_secret',
      credentialId: clientId,
      hint: expect.stringContaining('secret'),
    });
    expect(JSON.stringify(line)).not.toContain(wrong);
  });
});

describe('a request log that fails or hangs, behind the authorizer', () => {
  const REFUSED: Authorization = { allowed: false, reason: 'revoked', tenantId: 't', credentialId: 'tok_1' };
  const REQUEST = {
    method: 'GET',
    path: '/scim/v2/Users',
    headers: {},
    query: {},
    requestId: 'r',
    startedAt: 0,
  };

  it.each([
    { what: 'throws', write: () => Promise.reject(new Error('log table down')) },
    { what: 'never answers', write: () => new Promise<void>(() => {}) },
  ])(
    'when it $what, the refusal is answered as it is (a 401, never an authorizer failure)',
    async ({ write }) => {
      const sink: RequestLogSink = { write: vi.fn(write) };
      const output = captureOutput();
      try {
        const authorize = loggedAuthorizer(async () => REFUSED, sink);
        expect(await authorize('Bearer x', REQUEST)).toEqual(REFUSED);
        expect(sink.write).toHaveBeenCalledTimes(1);
        const written = (sink.write as ReturnType<typeof vi.fn>).mock.calls[0]?.[1] as RequestLogEntry;
        expect(written).toMatchObject({ status: 401, reason: 'revoked' });
        expect(output.json().map((line) => line.message)).toContain('request log not written');
      } finally {
        output.restore();
      }
    },
  );
});
