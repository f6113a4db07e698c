import { describe, expect, it } from 'vitest';
import {
  bearerTokenOf,
  generateToken,
  hashToken,
  isWellFormedToken,
  tokenHint,
} from '../../../functions/auth/bearer-token';

describe('bearer tokens', () => {
  it('look like scim_ + 49 base62 characters and carry at least 256 random bits', () => {
    const tokens = Array.from({ length: 200 }, generateToken);
    for (const token of tokens) expect(token).toMatch(/^scim_[0-9A-Za-z]{49}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(43 * Math.log2(62)).toBeGreaterThanOrEqual(256);
  });

  it('are recognised by their checksum, so a mistyped token is refused without a lookup', () => {
    const token = generateToken();
    expect(isWellFormedToken(token)).toBe(true);
    const last = token.at(-1) === 'a' ? 'b' : 'a';
    expect(isWellFormedToken(token.slice(0, -1) + last)).toBe(false);
    const middle = token.at(20) === 'a' ? 'b' : 'a';
    expect(isWellFormedToken(token.slice(0, 20) + middle + token.slice(21))).toBe(false);
    expect(isWellFormedToken(token.slice(0, -1))).toBe(false);
    expect(isWellFormedToken(`${token}x`)).toBe(false);
    expect(isWellFormedToken('Bearer abc')).toBe(false);
  });

  it('are stored as SHA-256 and shown afterwards only by prefix and last four', () => {
    const token = generateToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token.slice(5, 15));
    expect(tokenHint(token)).toBe(`${token.slice(0, 9)}…${token.slice(-4)}`);
  });

  it.each([
    ['Bearer scim_abc', 'scim_abc'],
    ['bearer scim_abc', 'scim_abc'],
    ['  BEARER   scim_abc  ', 'scim_abc'],
    ['Bearer Bearer scim_abc', 'scim_abc'],
    ['Basic dXNlcjpwYXNz', undefined],
    ['Bearer', undefined],
    ['scim_abc', undefined],
    [undefined, undefined],
  ])('read %j from the Authorization header as %j', (header, token) => {
    expect(bearerTokenOf(header)).toBe(token);
  });
});
