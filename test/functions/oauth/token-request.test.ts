/**
 * How the token endpoint reads a request (RFC 6749 §3.2, §4.4.2, §2.3.1), before any credential is looked
 * at: POST only, form-encoded only, no parameter twice, empty values as absent, unknown parameters
 * ignored, the grant type checked first, credentials never in the query string.
 */
import { describe, expect, it } from 'vitest';
import { MAX_FORM_BYTES, parseTokenRequest } from '../../../functions/oauth/token-request';
import { FORM, type TokenEventOptions, tokenEvent } from './token-event';

const GRANT = ['grant_type', 'client_credentials'] as const;

describe('a token request is refused before any lookup when', () => {
  it.each<{ case: string; request: TokenEventOptions; refusal: string }>([
    { case: 'the method is GET', request: { method: 'GET', form: [GRANT] }, refusal: 'methodNotAllowed' },
    { case: 'the method is PUT', request: { method: 'PUT', form: [GRANT] }, refusal: 'methodNotAllowed' },
    {
      case: 'the body is JSON',
      request: {
        headers: { 'Content-Type': 'application/json' },
        form: '{"grant_type":"client_credentials"}',
      },
      refusal: 'unsupportedContentType',
    },
    {
      case: 'there is no Content-Type',
      request: { headers: {}, form: [GRANT] },
      refusal: 'unsupportedContentType',
    },
    {
      case: 'the Content-Type is multipart',
      request: { headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, form: [GRANT] },
      refusal: 'unsupportedContentType',
    },
    {
      case: 'two Content-Type headers are sent',
      request: { headers: { 'Content-Type': [FORM, FORM] }, form: [GRANT] },
      refusal: 'unsupportedContentType',
    },
    { case: 'grant_type is missing', request: { form: [['scope', 'scim']] }, refusal: 'missingGrantType' },
    {
      case: 'grant_type is empty (§3.2: as omitted)',
      request: { form: [['grant_type', '']] },
      refusal: 'missingGrantType',
    },
    { case: 'the body is empty', request: { form: '' }, refusal: 'missingGrantType' },
    {
      case: 'grant_type is password',
      request: { form: [['grant_type', 'password']] },
      refusal: 'unsupportedGrantType',
    },
    {
      case: 'grant_type differs in case',
      request: { form: [['grant_type', 'Client_Credentials']] },
      refusal: 'unsupportedGrantType',
    },
    {
      case: 'grant_type is repeated',
      request: { form: [GRANT, GRANT] },
      refusal: 'repeatedParameter',
    },
    {
      case: 'client_id is repeated',
      request: { form: [GRANT, ['client_id', 'a'], ['client_id', 'b']] },
      refusal: 'repeatedParameter',
    },
    {
      case: 'the client secret is in the query string (§2.3.1)',
      request: { form: [GRANT], query: { client_secret: 'scimcs_x' } },
      refusal: 'credentialsInQuery',
    },
    {
      case: 'the assertion is in the query string',
      request: { form: [GRANT], query: { client_assertion: 'eyJ' } },
      refusal: 'credentialsInQuery',
    },
    {
      case: 'two Authorization headers are sent',
      request: {
        headers: { 'Content-Type': FORM, Authorization: ['Basic YTpi', 'Basic YzpK'] },
        form: [GRANT],
      },
      refusal: 'multipleAuthorizationHeaders',
    },
    {
      case: `the body is over ${MAX_FORM_BYTES} bytes`,
      request: { form: [GRANT, ['scope', 'x'.repeat(MAX_FORM_BYTES)]] },
      refusal: 'bodyTooLarge',
    },
    {
      case: `the base64 body is over ${MAX_FORM_BYTES} bytes`,
      request: { form: [GRANT, ['scope', 'x'.repeat(MAX_FORM_BYTES)]], base64: true },
      refusal: 'bodyTooLarge',
    },
  ])('$case: $refusal', ({ request, refusal }) => {
    expect(parseTokenRequest(tokenEvent(request))).toEqual({ ok: false, refusal });
  });

  it('a wrong method is refused before the body is looked at', () => {
    expect(parseTokenRequest(tokenEvent({ method: 'DELETE', headers: {}, form: 'junk' }))).toEqual({
      ok: false,
      refusal: 'methodNotAllowed',
    });
  });
});

describe('a token request is read', () => {
  const credentials = [
    ['client_id', 'cli_0123456789abcdef01234567'],
    ['client_secret', 'scimcs_secret'],
  ] as const;
  const expected = { clientId: 'cli_0123456789abcdef01234567', clientSecret: 'scimcs_secret' };

  it.each<{ case: string; request: TokenEventOptions }>([
    { case: 'a plain form', request: { form: [GRANT, ...credentials] } },
    { case: 'a base64 body (isBase64Encoded)', request: { form: [GRANT, ...credentials], base64: true } },
    {
      case: 'Content-Type with a charset parameter',
      request: {
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        form: [GRANT, ...credentials],
      },
    },
    {
      case: 'Content-Type in capitals',
      request: {
        headers: { 'CONTENT-TYPE': 'Application/X-WWW-Form-URLEncoded' },
        form: [GRANT, ...credentials],
      },
    },
    {
      case: 'unknown parameters (scope, resource: §3.2 ignores them)',
      request: { form: [GRANT, ...credentials, ['scope', 'scim'], ['resource', 'https://example.com']] },
    },
    {
      case: 'an empty parameter beside its real value (§3.2: empty is omitted)',
      request: { form: [GRANT, ['client_assertion', ''], ['grant_type', ''], ...credentials] },
    },
    {
      case: 'other parameters in the query string',
      request: { form: [GRANT, ...credentials], query: { tenant: 'x' } },
    },
    { case: 'POST in lower case', request: { method: 'post', form: [GRANT, ...credentials] } },
  ])('$case', ({ request }) => {
    expect(parseTokenRequest(tokenEvent(request))).toEqual({ ok: true, request: expected });
  });

  it('form-decodes values (+ is a space, %XX a byte) and keeps the Authorization header as sent', () => {
    const event = tokenEvent({
      headers: { 'Content-Type': FORM, authorization: 'Basic abc' },
      form: 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams&client_assertion=a+b',
    });
    expect(parseTokenRequest(event)).toEqual({
      ok: true,
      request: { authorization: 'Basic abc', assertionType: 'urn:ietf:params', assertion: 'a b' },
    });
  });

  it(`accepts a body of exactly ${MAX_FORM_BYTES} bytes`, () => {
    const prefix = 'grant_type=client_credentials&scope=';
    const form = prefix + 'x'.repeat(MAX_FORM_BYTES - prefix.length);
    expect(parseTokenRequest(tokenEvent({ form })).ok).toBe(true);
    expect(parseTokenRequest(tokenEvent({ form, base64: true })).ok).toBe(true);
  });
});
