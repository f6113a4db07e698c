import { createHash, randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { TokenInfo, TokenStore } from '../storage/token-store';

/**
 * Bearer tokens: `scim_` + 43 base62 characters (256 random bits) + a 6-character base62 CRC-32 of
 * everything before it. The prefix makes a leaked token recognisable to secret scanners; the checksum
 * lets the authorizer turn away a mistyped or truncated token without reading the database. Client
 * secrets (client-secret.ts) are the same scheme under another prefix, hence the `…Credential` functions
 * taking the prefix; the `…Token` ones are them with `scim_`.
 */
export const TOKEN_PREFIX = 'scim_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_LENGTH = 43; // 43 × log2(62) ≈ 256.03 bits
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32
const BODY_PATTERN = `[0-9A-Za-z]{${SECRET_LENGTH + CHECKSUM_LENGTH}}`;

function base62(value: number, length: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < length; i++) {
    text = (ALPHABET[rest % 62] as string) + text;
    rest = Math.floor(rest / 62);
  }
  return text;
}

function checksum(body: string): string {
  return base62(crc32(body), CHECKSUM_LENGTH);
}

/** `prefix` + 256 random bits in base62 + the checksum. */
export function generateCredential(prefix: string): string {
  let secret = '';
  // randomInt draws uniformly, so every character carries log2(62) bits.
  for (let i = 0; i < SECRET_LENGTH; i++) secret += ALPHABET[randomInt(62)];
  const body = prefix + secret;
  return body + checksum(body);
}

/** Shape (this prefix) and checksum only: says nothing about whether the credential was ever issued. */
export function isWellFormedCredential(credential: string, prefix: string): boolean {
  if (!credential.startsWith(prefix)) return false;
  if (!new RegExp(`^${BODY_PATTERN}$`).test(credential.slice(prefix.length))) return false;
  const body = credential.slice(0, credential.length - CHECKSUM_LENGTH);
  return checksum(body) === credential.slice(-CHECKSUM_LENGTH);
}

/** What may be shown of a credential after its creation: the prefix and four, then the last four characters. */
export function credentialHint(credential: string, prefix: string): string {
  return `${credential.slice(0, prefix.length + 4)}…${credential.slice(-4)}`;
}

export function generateToken(): string {
  return generateCredential(TOKEN_PREFIX);
}

export function isWellFormedToken(token: string): boolean {
  return isWellFormedCredential(token, TOKEN_PREFIX);
}

/**
 * Tokens are stored and looked up by SHA-256: the plaintext is never stored, and lookup by hash takes the
 * same time wherever two tokens first differ.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What may be shown of a token after its creation: the prefix and the last four characters. */
export function tokenHint(token: string): string {
  return credentialHint(token, TOKEN_PREFIX);
}

/** The client (and its secret, if it used one) an access token of the token endpoint was issued to. */
export interface TokenOrigin {
  readonly clientId: string;
  readonly secretId?: string;
}

/**
 * A new token for a tenant, recorded in `tokens` by its hash and hint only: the plaintext is returned here,
 * once, to be shown to the vendor (or sent to the client, for an access token) and never again. Undefined
 * if the tenant does not exist. `origin`: an access token's client, which revoking its secret or deleting
 * it revokes with it.
 */
export async function issueBearerToken(
  tokens: Pick<TokenStore, 'issueToken'>,
  tenantId: string,
  label: string,
  expiresAt?: string,
  origin?: TokenOrigin,
): Promise<{ token: string; info: TokenInfo } | undefined> {
  const token = generateToken();
  const credential = { hash: hashToken(token), hint: tokenHint(token) };
  const info = await tokens.issueToken(tenantId, credential, label, expiresAt, origin);
  return info === undefined ? undefined : { token, info };
}

/**
 * The token of an `Authorization: Bearer <token>` header (scheme matched case-insensitively, RFC 6750
 * §2.1). A doubled scheme (`Bearer Bearer scim_…`) is read too: Okta adds `Bearer ` to what its admin
 * typed, and admins often type it themselves.
 */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^\s*bearer\s+(?:bearer\s+)?(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
