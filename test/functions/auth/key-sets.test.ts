import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyEndpointUnavailable, verifyAssertion } from '../../../functions/auth/federated-assertion';
import { KEY_SET_TUNING, resetKeySets } from '../../../functions/auth/key-sets';
import {
  DOWN_MODES,
  type EntraTrust,
  entraTrust,
  generateSigningKey,
  type KeyEndpointDouble,
  type KeyEndpointMode,
  type SigningKey,
  signAssertion,
  startKeyEndpointDouble,
} from '../../support/assertion-signer';

/**
 * Microsoft's key endpoint, as the trusts use it: cached by kid, refetched for an unknown kid at most
 * once per cooldown, its keys kept while it is down. Played by the key endpoint double of
 * test/support/assertion-signer.ts, which counts the requests it gets: refetches are bounded by counting.
 * The key sets' clock (Date) is a fake one the tests move; the fetch timeout is cut to 200 ms so that
 * a hanging endpoint does not hold the test for 3 s.
 */
const NOW = new Date('2026-12-02T10:00:00Z');
const { cooldownMillis, backoffMillis, refreshMillis } = KEY_SET_TUNING;
const advance = (millis: number) => vi.setSystemTime(Date.now() + millis);

const WHY_DOWN: Record<(typeof DOWN_MODES)[number], string> = {
  unavailable: 'status 503',
  resetting: 'unreachable',
  hanging: 'timeout',
  closed: 'unreachable',
  'not a key set': 'not a key set',
};

let endpoint: KeyEndpointDouble;
let trust: EntraTrust;
/** A key the endpoint never publishes: its kid is unknown. */
let stranger: SigningKey;
beforeAll(async () => {
  endpoint = await startKeyEndpointDouble();
  stranger = await generateSigningKey();
});
afterAll(() => endpoint.close());
beforeEach(() => {
  resetKeySets({ timeoutMillis: 200 });
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  trust = entraTrust(endpoint);
});
afterEach(async () => {
  vi.useRealTimers();
  await endpoint.setMode('up');
});

const verify = async (options: Parameters<typeof signAssertion>[2] = {}) =>
  verifyAssertion(await signAssertion(trust, endpoint, { now: NOW, ...options }), trust, NOW);
const unknownKid = () => verify({ key: stranger });

describe('the key set of a trust', () => {
  it('is fetched once: a known kid never needs the network again, even hours later', async () => {
    const before = endpoint.requests;
    expect((await verify()).ok).toBe(true);
    advance(cooldownMillis * 10);
    expect((await verify()).ok).toBe(true);
    expect(endpoint.requests - before).toBe(1);
  });

  it.each(DOWN_MODES.map((mode) => [mode, WHY_DOWN[mode]]))(
    'is kept while the endpoint is down (%s): a known kid is accepted, an unknown one is KeyEndpointUnavailable (%s)',
    async (mode, reason) => {
      expect((await verify()).ok).toBe(true);
      await endpoint.setMode(mode as KeyEndpointMode);
      // Past the cooldown and the hourly refresh: both would reach the endpoint now.
      advance(refreshMillis + 1);
      expect((await verify()).ok).toBe(true);
      await expect(unknownKid()).rejects.toBeInstanceOf(KeyEndpointUnavailable);
      expect((await verify()).ok).toBe(true);
      advance(backoffMillis + 1);
      await expect(unknownKid()).rejects.toMatchObject({ name: 'KeyEndpointUnavailable', reason });
    },
  );

  it.each(DOWN_MODES.map((mode) => [mode, WHY_DOWN[mode]]))(
    'is KeyEndpointUnavailable, never a refusal, when it cannot be had at a cold start (%s: %s)',
    async (mode, reason) => {
      await endpoint.setMode(mode as KeyEndpointMode);
      await expect(verify()).rejects.toMatchObject({ name: 'KeyEndpointUnavailable', reason });
    },
  );

  it('is refetched for an unknown kid once, then not again within the cooldown', async () => {
    expect((await verify()).ok).toBe(true);
    advance(cooldownMillis + 1);
    const before = endpoint.requests;
    for (let i = 0; i < 3; i++)
      expect(await unknownKid()).toEqual({ ok: false, reason: 'ERR_JWKS_NO_MATCHING_KEY' });
    expect(endpoint.requests - before).toBe(1);
    advance(cooldownMillis + 1);
    expect(await unknownKid()).toEqual({ ok: false, reason: 'ERR_JWKS_NO_MATCHING_KEY' });
    expect(endpoint.requests - before).toBe(2);
  });

  it('picks up a rotation: a new kid is accepted once the cooldown since the last fetch is over', async () => {
    expect((await verify()).ok).toBe(true);
    const old = endpoint.signingKey;
    await endpoint.rotate();
    // Within the cooldown the new kid is unknown, and refused without a request (jose's trade-off).
    expect(await verify()).toEqual({ ok: false, reason: 'ERR_JWKS_NO_MATCHING_KEY' });
    advance(cooldownMillis + 1);
    const before = endpoint.requests;
    expect((await verify()).ok).toBe(true);
    expect((await verify({ key: old })).ok).toBe(true);
    expect(endpoint.requests - before).toBe(1);
  });

  it('drops a retired key after the hourly background reload, which does not hold up the request', async () => {
    expect((await verify()).ok).toBe(true);
    const old = endpoint.signingKey;
    const before = endpoint.requests;
    await endpoint.rotate({ retireOld: true });
    advance(refreshMillis + 1);
    // Answered from the cache; the reload runs behind it.
    expect((await verify({ key: old })).ok).toBe(true);
    expect((await verify()).ok).toBe(true);
    expect(await verify({ key: old })).toEqual({ ok: false, reason: 'ERR_JWKS_NO_MATCHING_KEY' });
    expect(endpoint.requests - before).toBe(1);
  });

  it('after a failed fetch, makes no request for the backoff, then tries again', async () => {
    await endpoint.setMode('unavailable');
    const before = endpoint.requests;
    await expect(verify()).rejects.toMatchObject({ reason: 'status 503' });
    await expect(verify()).rejects.toMatchObject({ reason: 'backing off after a failure' });
    expect(endpoint.requests - before).toBe(1);
    advance(backoffMillis + 1);
    await endpoint.setMode('up');
    expect((await verify()).ok).toBe(true);
    expect(endpoint.requests - before).toBe(2);
  });
});
