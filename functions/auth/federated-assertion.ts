import { errors, jwtVerify } from 'jose';
import type { Trust } from '../storage/client-store';
import { KeyEndpointUnavailable } from './key-endpoint-unavailable';
import { keySetOf } from './key-sets';

export { KeyEndpointUnavailable } from './key-endpoint-unavailable';

export type AssertionCheck =
  | { readonly ok: true; readonly expiresAt: Date }
  | {
      readonly ok: false;
      /** Loggable, never a claim's value: a jose error code (with the claim at fault), 'tid_mismatch' or 'too_large'. */
      readonly reason: string;
    };

/** Entra's assertions are about 1.5 KB; a far larger one is refused before it is parsed. */
const MAX_ASSERTION_CHARACTERS = 16 * 1024;
/** Clock skew allowed on exp, nbf and iat (research §2.2: 60–300 s). */
const CLOCK_TOLERANCE_SECONDS = 120;
/**
 * How old an assertion may be: Entra reuses a cached assertion (its exp − iat is 65 min, up to 90 min),
 * so "iat within 5 minutes" would break it. Setting it makes jose require iat and refuse a future one.
 */
const MAX_ASSERTION_AGE = '1 day';

/**
 * Verifies an Entra workload identity federation assertion (RFC 7523 §2.2 client authentication, with
 * Entra's claims: https://github.com/AzureAD/SCIMReferenceCode/blob/master/Workload-Identity-Federation-for-SCIM-Provisioning.md)
 * against a trust:
 * - RS256 only, whatever the header says: no `none`, no HMAC keyed with the public key (RFC 8725 §3.1);
 * - the key by kid from the trust's key set (key-sets.ts);
 * - iss exactly the trust's (so a v1 token, `https://sts.windows.net/<tid>/`, is refused), sub the
 *   configured object id, aud the app id bare or as `api://<app id>` (real v2 tokens carry the bare id,
 *   Microsoft's doc shows `api://`: research §2.1), exp, nbf and iat within 120 s of skew;
 * - tid the trust's Entra tenant (Microsoft: "Cross-tenant data leaks are a critical risk").
 * No one-time-use check: Entra has no jti and reuses assertions. The tenant is the trust's, never the
 * assertion's. Throws KeyEndpointUnavailable when the key set cannot be had (a 503, never a refusal).
 */
export async function verifyAssertion(assertion: string, trust: Trust, now?: Date): Promise<AssertionCheck> {
  if (assertion.length > MAX_ASSERTION_CHARACTERS) return { ok: false, reason: 'too_large' };
  const appId = trust.audience.replace(/^api:\/\//, '');
  try {
    const { payload } = await jwtVerify(assertion, keySetOf(trust.jwksUri), {
      algorithms: ['RS256'],
      issuer: trust.issuer,
      audience: [appId, `api://${appId}`],
      subject: trust.subject,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_ASSERTION_AGE,
      requiredClaims: ['exp', 'iat', 'tid'],
      ...(now === undefined ? {} : { currentDate: now }),
    });
    if (payload.tid !== trust.entraTenant) return { ok: false, reason: 'tid_mismatch' };
    return { ok: true, expiresAt: new Date((payload.exp as number) * 1000) };
  } catch (error) {
    if (error instanceof KeyEndpointUnavailable) throw error;
    if (error instanceof errors.JWKSTimeout)
      throw new KeyEndpointUnavailable(trust.jwksUri, 'timeout', { cause: error });
    if (error instanceof errors.JOSEError) return { ok: false, reason: reasonOf(error) };
    throw error;
  }
}

/** The error's code, and for a claim check the claim's name (not its value): what an operator needs. */
function reasonOf(error: errors.JOSEError): string {
  if (error instanceof errors.JWTClaimValidationFailed || error instanceof errors.JWTExpired)
    return `${error.code}:${error.claim}`;
  return error.code;
}
