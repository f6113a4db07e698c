/**
 * The key set of a trust could not be had: its endpoint (Microsoft's
 * `https://login.microsoftonline.com/<tid>/discovery/v2.0/keys`) refused, failed, timed out or answered
 * something that is not a key set. A dependency failure, not a refusal: the token endpoint answers it
 * with 503 and Retry-After, never invalid_client, so that Entra retries instead of reporting bad
 * credentials. Microsoft: "Fail the request only if the JWT references a kid that is not in the cache
 * and the JWKS endpoint cannot be reached" (issue12-research.md §2.4, SCIMReferenceCode's WIF document).
 * The message names the host and what went wrong, nothing of the assertion.
 */
export class KeyEndpointUnavailable extends Error {
  override readonly name = 'KeyEndpointUnavailable';

  constructor(
    readonly jwksUri: string,
    /** What went wrong, loggable: 'unreachable', 'timeout', 'status 503', 'not a key set', 'backing off'. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`the key set at ${hostOf(jwksUri)} is unavailable: ${reason}`, options);
  }
}

function hostOf(uri: string): string {
  try {
    return new URL(uri).host;
  } catch {
    return 'an invalid URL';
  }
}
