import { credentialHint, generateCredential, hashToken, isWellFormedCredential } from './bearer-token';

/**
 * Client secrets of the OAuth 2.0 token endpoint (issue 12): the bearer token's scheme (256 random bits in
 * base62 and a CRC-32 checksum) under their own prefix, so that a leaked secret is told apart from a
 * token by secret scanners and by the authorizer, which refuses a mistyped one without a lookup. Only
 * `[A-Za-z0-9_]`: the form-urlencoding RFC 6749 §2.3.1 applies to a Basic header's halves leaves it as it
 * is (https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1). Stored as SHA-256 (hashToken), shown once.
 */
export const CLIENT_SECRET_PREFIX = 'scimcs_';

/**
 * The client store's client ids (`cli_` + 24 lowercase hex): anything else cannot be a client, so it is refused
 * without a read, and a value of another shape (a secret pasted in the wrong field) is never logged as an id.
 */
export const CLIENT_ID_PATTERN = /^cli_[0-9a-f]{24}$/;

export function generateClientSecret(): string {
  return generateCredential(CLIENT_SECRET_PREFIX);
}

/** Shape and checksum only: says nothing about whether the secret was ever issued. */
export function isWellFormedClientSecret(secret: string): boolean {
  return isWellFormedCredential(secret, CLIENT_SECRET_PREFIX);
}

/** What may be shown of a secret after its creation: `scimcs_` and four, then the last four characters. */
export function clientSecretHint(secret: string): string {
  return credentialHint(secret, CLIENT_SECRET_PREFIX);
}

/** A new secret with what the store keeps of it (its hash and hint): the secret itself is shown once. */
export function newClientCredential(): { secret: string; hash: string; hint: string } {
  const secret = generateClientSecret();
  return { secret, hash: hashToken(secret), hint: clientSecretHint(secret) };
}
