import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAssertion } from '../../../functions/auth/federated-assertion';
import { resetKeySets } from '../../../functions/auth/key-sets';
import {
  type EntraTrust,
  entraTrust,
  FORGERIES,
  type Forgery,
  forgeAssertion,
  type KeyEndpointDouble,
  signAssertion,
  startKeyEndpointDouble,
} from '../../support/assertion-signer';

/**
 * Entra workload identity federation: which assertions a trust accepts. Microsoft's key endpoint is
 * played by the key endpoint double of test/support/assertion-signer.ts on 127.0.0.1. Time is a fixed
 * `now` handed to verifyAssertion (whole seconds, as JWT dates are).
 */
const NOW = new Date('2026-12-02T10:00:00Z');
const at = Math.floor(NOW.getTime() / 1000);

let endpoint: KeyEndpointDouble;
let trust: EntraTrust;
beforeAll(async () => {
  endpoint = await startKeyEndpointDouble();
});
afterAll(() => endpoint.close());
beforeEach(() => {
  resetKeySets();
  trust = entraTrust(endpoint);
});

describe('verifyAssertion', () => {
  it("accepts Entra's assertion, until its exp", async () => {
    const assertion = await signAssertion(trust, endpoint, { now: NOW });
    expect(await verifyAssertion(assertion, trust, NOW)).toEqual({
      ok: true,
      expiresAt: new Date((at + 3900) * 1000),
    });
  });

  const REFUSALS: Record<Forgery, string> = {
    'alg none': 'ERR_JOSE_ALG_NOT_ALLOWED',
    'HS256 keyed with the public key': 'ERR_JOSE_ALG_NOT_ALLOWED',
    'unknown kid': 'ERR_JWKS_NO_MATCHING_KEY',
    'known kid, another key': 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    expired: 'ERR_JWT_EXPIRED:exp',
    'nbf in the future': 'ERR_JWT_CLAIM_VALIDATION_FAILED:nbf',
    'iat in the future': 'ERR_JWT_CLAIM_VALIDATION_FAILED:iat',
    'wrong aud': 'ERR_JWT_CLAIM_VALIDATION_FAILED:aud',
    'aud with /.default': 'ERR_JWT_CLAIM_VALIDATION_FAILED:aud',
    'wrong iss': 'ERR_JWT_CLAIM_VALIDATION_FAILED:iss',
    'v1 issuer': 'ERR_JWT_CLAIM_VALIDATION_FAILED:iss',
    'wrong tid': 'tid_mismatch',
    'wrong sub': 'ERR_JWT_CLAIM_VALIDATION_FAILED:sub',
    'no tid': 'ERR_JWT_CLAIM_VALIDATION_FAILED:tid',
    'no exp': 'ERR_JWT_CLAIM_VALIDATION_FAILED:exp',
    "another tenant's assertion": 'ERR_JWT_CLAIM_VALIDATION_FAILED:iss',
  };

  it.each(FORGERIES.map((forgery) => [forgery, REFUSALS[forgery]]))(
    'refuses %s, with the reason %s',
    async (forgery, reason) => {
      const assertion = await forgeAssertion(forgery, trust, endpoint, NOW);
      expect(await verifyAssertion(assertion, trust, NOW)).toEqual({ ok: false, reason });
    },
  );

  it.each([
    ['not a JWT', 'not.a.jwt', 'ERR_JWS_INVALID'],
    ['two parts', 'eyJhbGciOiJSUzI1NiJ9.e30', 'ERR_JWS_INVALID'],
    ['larger than 16 KiB', `${'a'.repeat(16 * 1024)}.b.c`, 'too_large'],
  ])('refuses %s', async (_name, assertion, reason) => {
    expect(await verifyAssertion(assertion, trust, NOW)).toEqual({ ok: false, reason });
  });

  it.each([
    ['the bare app id (real v2 tokens)', (id: string) => id, (id: string) => id, true],
    ['api://<app id> (Microsoft’s doc)', (id: string) => id, (id: string) => `api://${id}`, true],
    ['either, configured as api://<app id>', (id: string) => `api://${id}`, (id: string) => id, true],
    ['api://… configured, api://… sent', (id: string) => `api://${id}`, (id: string) => `api://${id}`, true],
    ['another scheme', (id: string) => id, (id: string) => `urn:${id}`, false],
  ])('takes the audience as %s', async (_name, configured, sent, accepted) => {
    const appId = crypto.randomUUID();
    const configuredTrust = { ...trust, audience: configured(appId) };
    const assertion = await signAssertion(configuredTrust, endpoint, {
      now: NOW,
      claims: { aud: sent(appId) },
    });
    expect((await verifyAssertion(assertion, configuredTrust, NOW)).ok).toBe(accepted);
  });

  it.each([
    ['exp 119 s ago', { exp: at - 119 }, true],
    ['exp 121 s ago', { exp: at - 121 }, false],
    ['nbf in 119 s', { nbf: at + 119 }, true],
    ['nbf in 121 s', { nbf: at + 121 }, false],
    ['iat in 119 s', { iat: at + 119 }, true],
    ['iat in 121 s', { iat: at + 121 }, false],
    ['iat 23 h ago (a reused assertion, its exp still ahead)', { iat: at - 23 * 3600, exp: at + 60 }, true],
    ['iat 25 h ago', { iat: at - 25 * 3600, exp: at + 60 }, false],
  ])('allows 120 s of clock skew: %s is accepted: %s', async (_name, claims, accepted) => {
    const assertion = await signAssertion(trust, endpoint, { now: NOW, claims });
    expect((await verifyAssertion(assertion, trust, NOW)).ok).toBe(accepted);
  });

  it("never takes the tenant from the assertion: another trust's valid assertion is refused", async () => {
    const other = entraTrust(endpoint);
    const assertion = await signAssertion(other, endpoint, { now: NOW });
    expect((await verifyAssertion(assertion, other, NOW)).ok).toBe(true);
    expect((await verifyAssertion(assertion, trust, NOW)).ok).toBe(false);
  });
});

describe('the key set', () => {
  afterEach(() => endpoint.setMode('up'));

  it('is fetched once and kept: known kids never need the network again', async () => {
    const before = endpoint.requests;
    for (let i = 0; i < 3; i++) {
      const assertion = await signAssertion(trust, endpoint, { now: NOW });
      expect((await verifyAssertion(assertion, trust, NOW)).ok).toBe(true);
    }
    expect(endpoint.requests - before).toBe(1);
  });
});
