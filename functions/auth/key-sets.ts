import { createRemoteJWKSet, customFetch, type FetchImplementation, type RemoteJWKSet } from 'jose';
import { KeyEndpointUnavailable } from './key-endpoint-unavailable';

/**
 * The key sets of the trusts (Microsoft's `…/discovery/v2.0/keys`), one jose remote key set per URL at
 * module scope, so that a warm Lambda keeps its keys across invocations. Microsoft: keys "can rotate at
 * any time without prior notice"; cache them by kid; "if no matching key is found, fetch the latest
 * keys"; when the endpoint is down, "use cached keys if a matching kid is found" (issue12-research.md
 * §2.4). jose alone drops to a blocking reload once its cache is older than cacheMaxAge and then fails
 * even a known kid (research §4.3), hence:
 * - `cacheMaxAge: Infinity`: a known kid never needs the network;
 * - an unknown kid refetches, at most once per `cooldownMillis` (jose's cooldownDuration: within it, the
 *   kid is refused as unknown without a request);
 * - a background, non-blocking reload once the keys are older than `refreshMillis`, to learn of retired
 *   keys; its failure keeps the old keys;
 * - our own fetch, which turns every way of not getting a key set (unreachable, timeout, not 200, not a
 *   key set) into KeyEndpointUnavailable (a 503, never a refusal), and after a failure makes no new
 *   request for `backoffMillis` (the caller gets KeyEndpointUnavailable at once), so that an outage costs
 *   neither Microsoft a request per token request nor us a timeout per token request.
 */
export interface KeySetTuning {
  readonly cooldownMillis: number;
  readonly timeoutMillis: number;
  readonly refreshMillis: number;
  readonly backoffMillis: number;
}

export const KEY_SET_TUNING: KeySetTuning = {
  cooldownMillis: 30_000,
  timeoutMillis: 3_000,
  refreshMillis: 60 * 60 * 1000,
  backoffMillis: 5_000,
};

/** A bound on the URLs kept (trusts of every tenant share Microsoft's, per Entra tenant): least recently used goes. */
const MAX_KEY_SETS = 100;
/** Microsoft's key set is a few KB; anything far larger is not one. */
const MAX_KEY_SET_CHARACTERS = 1_000_000;

interface KeySet {
  readonly resolve: RemoteJWKSet;
  /** When the keys were last fetched (or the set made), by Date.now(), as jose counts. */
  refreshedAt: number;
  /** When the last fetch failed, if the last fetch failed. */
  failedAt?: number;
}

const keySets = new Map<string, KeySet>();
let tuning = KEY_SET_TUNING;

/** The key resolver (for jose's jwtVerify) of a trust's key set URL. */
export function keySetOf(jwksUri: string): RemoteJWKSet {
  const found = keySets.get(jwksUri);
  if (found === undefined) return remember(jwksUri, newKeySet(jwksUri)).resolve;
  keySets.delete(jwksUri);
  keySets.set(jwksUri, found);
  if (found.resolve.jwks() !== undefined && Date.now() - found.refreshedAt >= tuning.refreshMillis) {
    found.refreshedAt = Date.now();
    // Not awaited: this verification uses the cached keys; a failure keeps them.
    found.resolve.reload().catch(() => undefined);
  }
  return found.resolve;
}

/** Tests only: forgets every key set, and makes the next ones with this tuning (default KEY_SET_TUNING). */
export function resetKeySets(next: Partial<KeySetTuning> = {}): void {
  keySets.clear();
  tuning = { ...KEY_SET_TUNING, ...next };
}

function remember(jwksUri: string, keySet: KeySet): KeySet {
  if (keySets.size >= MAX_KEY_SETS) {
    const oldest = keySets.keys().next().value;
    if (oldest !== undefined) keySets.delete(oldest);
  }
  keySets.set(jwksUri, keySet);
  return keySet;
}

function newKeySet(jwksUri: string): KeySet {
  const state: { refreshedAt: number; failedAt?: number } = { refreshedAt: Date.now() };
  const resolve = createRemoteJWKSet(new URL(jwksUri), {
    cacheMaxAge: Number.POSITIVE_INFINITY,
    cooldownDuration: tuning.cooldownMillis,
    timeoutDuration: tuning.timeoutMillis,
    [customFetch]: guardedFetch(jwksUri, state, tuning.backoffMillis),
  });
  return Object.assign(state, { resolve });
}

/** Fetches the key set unless the last attempt failed less than `backoffMillis` ago; records the outcome. */
function guardedFetch(
  jwksUri: string,
  state: { refreshedAt: number; failedAt?: number },
  backoffMillis: number,
): FetchImplementation {
  return async (url, options) => {
    if (state.failedAt !== undefined && Date.now() - state.failedAt < backoffMillis)
      throw new KeyEndpointUnavailable(jwksUri, 'backing off after a failure');
    try {
      const response = await fetchKeySet(jwksUri, url, options);
      state.refreshedAt = Date.now();
      state.failedAt = undefined;
      return response;
    } catch (error) {
      state.failedAt = Date.now();
      throw error;
    }
  };
}

/** fetch, with every way of not getting a JSON key set thrown as KeyEndpointUnavailable. */
async function fetchKeySet(
  jwksUri: string,
  url: string,
  options: Parameters<FetchImplementation>[1],
): Promise<Response> {
  const failure = (error: unknown) =>
    new KeyEndpointUnavailable(jwksUri, options.signal.aborted ? 'timeout' : 'unreachable', { cause: error });
  let response: Response;
  try {
    response = await fetch(url, options);
  } catch (error) {
    throw failure(error);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new KeyEndpointUnavailable(jwksUri, `status ${response.status}`);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw failure(error);
  }
  if (!isKeySetText(text)) throw new KeyEndpointUnavailable(jwksUri, 'not a key set');
  return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
}

/** A JSON object with a `keys` array of objects (RFC 7517 §5), which jose can make a key set of. */
function isKeySetText(text: string): boolean {
  if (text.length > MAX_KEY_SET_CHARACTERS) return false;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || !('keys' in parsed)) return false;
    const { keys } = parsed;
    return Array.isArray(keys) && keys.every((key) => typeof key === 'object' && key !== null);
  } catch {
    return false;
  }
}
