import { describe, expect, it } from 'vitest';
import { basicCredentialsOf } from '../../../functions/auth/basic-credentials';

const basic = (userPass: string, scheme = 'Basic') => `${scheme} ${Buffer.from(userPass).toString('base64')}`;

describe('basicCredentialsOf (RFC 7617, with RFC 6749 §2.3.1 form-urlencoded halves)', () => {
  it.each([
    ['an Entra or Okta header', basic('cli_0123:scimcs_abc'), { clientId: 'cli_0123', secret: 'scimcs_abc' }],
    ['a lowercase scheme', basic('cli_1:s', 'basic'), { clientId: 'cli_1', secret: 's' }],
    [
      'an uppercase scheme, spaces around',
      `  ${basic('cli_1:s', 'BASIC')}  `,
      { clientId: 'cli_1', secret: 's' },
    ],
    [
      'a colon in the secret (split at the first)',
      basic('cli_1:a:b:c'),
      { clientId: 'cli_1', secret: 'a:b:c' },
    ],
    ['%-encoded halves', basic('cli%5F1:p%3Aw%25d'), { clientId: 'cli_1', secret: 'p:w%d' }],
    ['"+" as a space (form-urlencoding)', basic('my+client:a+b'), { clientId: 'my client', secret: 'a b' }],
    ['%2B as a plus', basic('c:a%2Bb'), { clientId: 'c', secret: 'a+b' }],
    ['UTF-8, %-encoded', basic('c:%C3%A9t%C3%A9'), { clientId: 'c', secret: 'été' }],
  ])('reads %s', (_name, header, expected) => {
    expect(basicCredentialsOf(header)).toEqual(expected);
  });

  it.each([
    ['no colon', basic('cli_1')],
    ['an empty client id', basic(':secret')],
    ['an empty secret', basic('cli_1:')],
    ['no credentials', 'Basic'],
    ['no credentials, a space', 'Basic '],
    ['two words', 'Basic abcd efgh'],
    ['bad base64 characters', 'Basic a$b=c'],
    ['base64 without its padding', `Basic ${Buffer.from('cli_1:ab').toString('base64').replace(/=+$/, '')}`],
    ['base64url instead of base64', `Basic ${Buffer.from('c:??>>').toString('base64url')}`],
    ['non-canonical base64 (unused bits set)', 'Basic YTpiYx=='],
    ['bytes that are not UTF-8', `Basic ${Buffer.from([0x63, 0x3a, 0xff]).toString('base64')}`],
    ['a broken %-escape', basic('cli_1:%zz')],
  ])('calls %s malformed', (_name, header) => {
    expect(basicCredentialsOf(header)).toBe('malformed');
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a bearer token', 'Bearer scim_abc'],
    ['another scheme', 'Digest username="x"'],
    ['a scheme that starts like Basic', `Basicx ${Buffer.from('a:b').toString('base64')}`],
  ])('is undefined for %s (not Basic)', (_name, header) => {
    expect(basicCredentialsOf(header)).toBeUndefined();
  });
});
