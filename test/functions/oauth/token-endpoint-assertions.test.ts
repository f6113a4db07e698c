/**
 * Workload identity federation through the token endpoint, against a loopback stand-in of Microsoft's key
 * endpoint (test/support/assertion-signer.ts): every forged or unacceptable assertion is 401
 * invalid_client and issues nothing; the tenant is the trust's, so tenant B's valid assertion sent with
 * tenant A's client_id is refused; Microsoft's key endpoint down is 503 with Retry-After for a kid not
 * cached, never invalid_client, while a cached kid keeps working.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../../functions/auth/authorize';
import { resetKeySets } from '../../../functions/auth/key-sets';
import { JWT_BEARER_ASSERTION_TYPE } from '../../../functions/oauth/presented-credentials';
import { tokenEndpoint } from '../../../functions/oauth/token-endpoint';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import {
  DOWN_MODES,
  type EntraTrust,
  entraTrust,
  FORGERIES,
  forgeAssertion,
  type KeyEndpointDouble,
  signAssertion,
  startKeyEndpointDouble,
} from '../../support/assertion-signer';
import { dynamoEndpoint } from '../../support/scim-server';
import { newTrustClient, post, storesOf, tokensOf } from './token-fixtures';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const stores = storesOf(db);
const endpoint = tokenEndpoint(stores);
let keys: KeyEndpointDouble;

beforeAll(async () => {
  // No cooldown between refetches and a short timeout, so that each case's unknown kid reaches the
  // stand-in and a hanging endpoint gives up quickly (the production tuning is functions/auth/key-sets.ts').
  resetKeySets({ cooldownMillis: 0, timeoutMillis: 300, backoffMillis: 0 });
  keys = await startKeyEndpointDouble();
});
afterAll(async () => {
  resetKeySets();
  await keys.close();
});

const assertionRequest = (clientId: string, assertion: string) => ({
  form: [
    ['grant_type', 'client_credentials'],
    ['client_id', clientId],
    ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
    ['client_assertion', assertion],
  ] as const,
});

async function trustOf(on: KeyEndpointDouble = keys) {
  const trust = entraTrust(on);
  return { trust, ...(await newTrustClient(stores, trust)) };
}

describe('an assertion that is not acceptable is 401 invalid_client, and issues nothing', () => {
  it.each(FORGERIES)('%s', async (forgery) => {
    const { trust, tenantId, clientId } = await trustOf();
    const answer = await post(
      endpoint,
      assertionRequest(clientId, await forgeAssertion(forgery, trust, keys)),
    );
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
    expect(answer.headers['www-authenticate']).toBe('Basic realm="scim"');
    expect(await tokensOf(db, tenantId)).toEqual([]);
  });

  it.each([
    {
      case: 'exp far past (1 day)',
      claims: (at: number) => ({ iat: at - 90_000, nbf: at - 90_000, exp: at - 86_400 }),
    },
    {
      case: 'iat over a day old',
      claims: (at: number) => ({ iat: at - 90_000, nbf: at - 90_000, exp: at + 3600 }),
    },
    { case: 'a tid that is not a string', claims: () => ({ tid: 42 }) },
  ])('$case', async ({ claims }) => {
    const { trust, tenantId, clientId } = await trustOf();
    const assertion = await signAssertion(trust, keys, { claims: claims(Math.floor(Date.now() / 1000)) });
    const answer = await post(endpoint, assertionRequest(clientId, assertion));
    expect([answer.status, answer.body.error]).toEqual([401, 'invalid_client']);
    expect(await tokensOf(db, tenantId)).toEqual([]);
  });

  it('an assertion over 16 KiB, and garbage', async () => {
    const { tenantId, clientId } = await trustOf();
    for (const assertion of ['x'.repeat(17 * 1024), 'not.a.jwt', 'a']) {
      const answer = await post(endpoint, assertionRequest(clientId, assertion));
      expect([answer.status, answer.body.error]).toEqual([401, 'invalid_client']);
    }
    expect(await tokensOf(db, tenantId)).toEqual([]);
  });
});

describe('the tenant comes from the trust that client_id names, never from the assertion', () => {
  it("tenant B's valid assertion with tenant A's client_id is refused; with B's it is B's token", async () => {
    const a = await trustOf();
    const b = await trustOf();
    const bAssertion = await signAssertion(b.trust, keys);
    const crossed = await post(endpoint, assertionRequest(a.clientId, bAssertion));
    expect([crossed.status, crossed.body.error]).toEqual([401, 'invalid_client']);
    expect(await tokensOf(db, a.tenantId)).toEqual([]);
    expect(await tokensOf(db, b.tenantId)).toEqual([]);

    const own = await post(endpoint, assertionRequest(b.clientId, bAssertion));
    expect(own.status).toBe(200);
    expect(await authorize(`Bearer ${own.body.access_token}`, stores)).toMatchObject({
      tenantId: b.tenantId,
    });
  });

  it('two trusts of one Entra tenant (same issuer and subject) in two of our tenants get their own tenant', async () => {
    const first = await trustOf();
    const sameEntra: EntraTrust = { ...first.trust };
    const second = await newTrustClient(stores, sameEntra);
    const assertion = await signAssertion(first.trust, keys);
    for (const { clientId, tenantId } of [first, second]) {
      const answer = await post(endpoint, assertionRequest(clientId, assertion));
      expect(answer.status).toBe(200);
      expect(await authorize(`Bearer ${answer.body.access_token}`, stores)).toMatchObject({ tenantId });
    }
  });
});

describe("Microsoft's key endpoint down", () => {
  let down: KeyEndpointDouble;
  beforeAll(async () => {
    down = await startKeyEndpointDouble();
  });
  afterEach(() => down.setMode('up'));
  afterAll(() => down.close());

  it.each(DOWN_MODES)(
    '%s, for a kid not cached: 503 temporarily_unavailable with Retry-After',
    async (mode) => {
      const { trust, tenantId, clientId } = await trustOf(down);
      await down.rotate();
      const assertion = await signAssertion(trust, down);
      await down.setMode(mode);
      const answer = await post(endpoint, assertionRequest(clientId, assertion));
      expect(answer.status, 'never 401').toBe(503);
      expect(answer.body.error).toBe('temporarily_unavailable');
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(await tokensOf(db, tenantId)).toEqual([]);
    },
  );

  it.each(DOWN_MODES)('%s, for a kid already cached: the token is issued', async (mode) => {
    const { trust, clientId } = await trustOf(down);
    const before = await post(endpoint, assertionRequest(clientId, await signAssertion(trust, down)));
    expect(before.status).toBe(200);
    await down.setMode(mode);
    const during = await post(endpoint, assertionRequest(clientId, await signAssertion(trust, down)));
    expect(during.status).toBe(200);
  });
});
