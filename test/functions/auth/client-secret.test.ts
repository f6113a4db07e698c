import { describe, expect, it } from 'vitest';
import { hashToken, isWellFormedToken } from '../../../functions/auth/bearer-token';
import {
  CLIENT_SECRET_PREFIX,
  clientSecretHint,
  generateClientSecret,
  isWellFormedClientSecret,
  newClientCredential,
} from '../../../functions/auth/client-secret';

describe('client secrets', () => {
  it('look like scimcs_ + 49 base62 characters, carry 256 random bits, and are only [A-Za-z0-9_]', () => {
    const secrets = Array.from({ length: 200 }, () => generateClientSecret());
    for (const secret of secrets) expect(secret).toMatch(/^scimcs_[0-9A-Za-z]{49}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
    // What RFC 6749 Appendix B's form-urlencoding leaves unchanged: a Basic header needs no escaping.
    for (const secret of secrets) expect(new URLSearchParams({ s: secret }).toString()).toBe(`s=${secret}`);
  });

  it('are told apart from bearer tokens, and a mistyped one is refused by its checksum', () => {
    const secret = generateClientSecret();
    expect(isWellFormedClientSecret(secret)).toBe(true);
    expect(isWellFormedToken(secret)).toBe(false);
    const last = secret.at(-1) === 'a' ? 'b' : 'a';
    expect(isWellFormedClientSecret(secret.slice(0, -1) + last)).toBe(false);
    expect(isWellFormedClientSecret(secret.slice(0, -1))).toBe(false);
    expect(isWellFormedClientSecret(`scim_${secret.slice(CLIENT_SECRET_PREFIX.length)}`)).toBe(false);
  });

  it('come with what the store keeps: their SHA-256 and a hint of prefix and last four', () => {
    const { secret, hash, hint } = newClientCredential();
    expect(isWellFormedClientSecret(secret)).toBe(true);
    expect(hash).toBe(hashToken(secret));
    expect(hint).toBe(`${secret.slice(0, 11)}…${secret.slice(-4)}`);
    expect(clientSecretHint(secret)).toBe(hint);
  });
});
