import { createHash, randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { TokenInfo, TokenStore } from '../storage/token-store';

/**
 * Bearer tokens: `scim_` + 43 base62 characters (256 random bits) + a 6-character base62 CRC-32 of
 * everything before it. The prefix makes a leaked token recognisable to secret scanners; the checksum
 * lets the authorizer turn away a mistyped or truncated token without reading the database.
 */
export const TOKEN_PREFIX = 'scim_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_LENGTH = 43; // 43 × log2(62) ≈ 256.03 bits
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32
const TOKEN_PATTERN = new RegExp(`^${TOKEN_PREFIX}[0-9A-Za-z]{${SECRET_LENGTH + CHECKSUM_LENGTH}}$`);

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

export function generateToken(): string {
  let secret = '';
  // randomInt draws uniformly, so every character carries log2(62) bits.
  for (let i = 0; i < SECRET_LENGTH; i++) secret += ALPHABET[randomInt(62)];
  const body = TOKEN_PREFIX + secret;
  return body + checksum(body);
}

/** Shape and checksum only: says nothing about whether the token was ever issued. */
export function isWellFormedToken(token: string): boolean {
  if (!TOKEN_PATTERN.test(token)) return false;
  const body = token.slice(0, token.length - CHECKSUM_LENGTH);
  return checksum(body) === token.slice(-CHECKSUM_LENGTH);
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
  return `${token.slice(0, TOKEN_PREFIX.length + 4)}…${token.slice(-4)}`;
}

/**
 * A new token for a tenant, recorded in `tokens` by its hash and hint only: the plaintext is returned here,
 * once, to be shown to the vendor and never again. Undefined if the tenant does not exist.
 */
export async function issueBearerToken(
  tokens: Pick<TokenStore, 'issueToken'>,
  tenantId: string,
  label: string,
  expiresAt?: string,
): Promise<{ token: string; info: TokenInfo } | undefined> {
  const token = generateToken();
  const credential = { hash: hashToken(token), hint: tokenHint(token) };
  const info = await tokens.issueToken(tenantId, credential, label, expiresAt);
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
