/**
 * Which client authentication method a token request used (RFC 6749 §2.3, §2.3.1; RFC 7523 §2.2): exactly
 * one of the Basic header, form client_id + client_secret, or a JWT assertion with client_id naming the
 * trust. More than one is invalid_request, none is invalid_client.
 */
import { describe, expect, it } from 'vitest';
import {
  JWT_BEARER_ASSERTION_TYPE,
  presentedCredentials,
} from '../../../functions/oauth/presented-credentials';
import type { TokenRequest } from '../../../functions/oauth/token-request';
import { basic } from './token-event';

const ID = 'cli_0123456789abcdef01234567';
const SECRET = 'scimcs_secret';
const ASSERTION = 'eyJhbGciOiJSUzI1NiJ9.e30.sig';
const assertion = { clientId: ID, assertionType: JWT_BEARER_ASSERTION_TYPE, assertion: ASSERTION };

describe('the client authentication method presented', () => {
  it.each<{ case: string; request: TokenRequest; credentials: unknown }>([
    {
      case: 'Basic header',
      request: { authorization: basic(ID, SECRET) },
      credentials: { method: 'client_secret_basic', clientId: ID, secret: SECRET },
    },
    {
      case: 'Basic header with the same client_id in the body',
      request: { authorization: basic(ID, SECRET), clientId: ID },
      credentials: { method: 'client_secret_basic', clientId: ID, secret: SECRET },
    },
    {
      case: 'Basic with form-urlencoded halves (§2.3.1)',
      request: { authorization: basic('a b', 'c:d+e') },
      credentials: { method: 'client_secret_basic', clientId: 'a b', secret: 'c:d+e' },
    },
    {
      case: 'form fields',
      request: { clientId: ID, clientSecret: SECRET },
      credentials: { method: 'client_secret_post', clientId: ID, secret: SECRET },
    },
    {
      case: 'a Bearer header beside form fields (not an authentication method here)',
      request: { authorization: 'Bearer scim_x', clientId: ID, clientSecret: SECRET },
      credentials: { method: 'client_secret_post', clientId: ID, secret: SECRET },
    },
    {
      case: 'an assertion with its client_id',
      request: assertion,
      credentials: { method: 'client_assertion', clientId: ID, assertion: ASSERTION },
    },
  ])('$case', ({ request, credentials }) => {
    expect(presentedCredentials(request)).toEqual({ ok: true, credentials });
  });

  it.each<{ case: string; request: TokenRequest; refusal: string; method?: string }>([
    { case: 'nothing', request: {}, refusal: 'noClientAuthentication' },
    { case: 'a client_id alone', request: { clientId: ID }, refusal: 'noClientAuthentication' },
    {
      case: 'a Bearer header alone',
      request: { authorization: 'Bearer x' },
      refusal: 'noClientAuthentication',
    },
    {
      case: 'Basic and a body secret',
      request: { authorization: basic(ID, SECRET), clientSecret: SECRET },
      refusal: 'multipleMethods',
    },
    {
      case: 'Basic and an assertion',
      request: { authorization: basic(ID, SECRET), ...assertion },
      refusal: 'multipleMethods',
    },
    {
      case: 'a body secret and an assertion',
      request: { ...assertion, clientSecret: SECRET },
      refusal: 'multipleMethods',
    },
    {
      case: 'Basic and a body client_id of another client',
      request: { authorization: basic(ID, SECRET), clientId: 'cli_ffffffffffffffffffffffff' },
      refusal: 'clientIdMismatch',
      method: 'client_secret_basic',
    },
    {
      case: 'a Basic header that is not base64',
      request: { authorization: 'Basic !!!' },
      refusal: 'malformedBasic',
      method: 'client_secret_basic',
    },
    {
      case: 'a Basic header without a colon',
      request: { authorization: `Basic ${Buffer.from(ID).toString('base64')}` },
      refusal: 'malformedBasic',
      method: 'client_secret_basic',
    },
    {
      case: 'a body secret without client_id',
      request: { clientSecret: SECRET },
      refusal: 'missingClientId',
      method: 'client_secret_post',
    },
    {
      case: 'an assertion without client_id',
      request: { assertionType: JWT_BEARER_ASSERTION_TYPE, assertion: ASSERTION },
      refusal: 'missingClientId',
      method: 'client_assertion',
    },
    {
      case: 'an assertion without its type',
      request: { clientId: ID, assertion: ASSERTION },
      refusal: 'incompleteAssertion',
      method: 'client_assertion',
    },
    {
      case: 'an assertion type without the assertion',
      request: { clientId: ID, assertionType: JWT_BEARER_ASSERTION_TYPE },
      refusal: 'incompleteAssertion',
      method: 'client_assertion',
    },
    {
      case: 'a SAML assertion type',
      request: { ...assertion, assertionType: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer' },
      refusal: 'unsupportedAssertionType',
      method: 'client_assertion',
    },
  ])('refuses $case: $refusal', ({ request, refusal, method }) => {
    expect(presentedCredentials(request)).toEqual({
      ok: false,
      refusal,
      ...(method === undefined ? {} : { method }),
    });
  });
});
