/**
 * The token endpoint's answers (RFC 6749 §5.1, §5.2): every refusal of the catalogue has the status, the
 * headers and the JSON body the RFC asks for, in the characters §5.2 allows; a success carries the token
 * with no-store; a failing dependency is 503 with Retry-After.
 */
import { describe, expect, it } from 'vitest';
import { TOKEN_REFUSALS } from '../../../functions/oauth/token-refusals';
import {
  issuedResponse,
  refusalResponse,
  unavailableResponse,
} from '../../../functions/oauth/token-response';

const NO_STORE = {
  'Content-Type': 'application/json;charset=UTF-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
};
/** §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E. */
const DESCRIPTION_CHARACTERS = /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/;

describe('the refusal catalogue', () => {
  it.each(Object.entries(TOKEN_REFUSALS))('%s is a §5.2 error response', (_name, refusal) => {
    const response = refusalResponse(refusal);
    expect(response.statusCode).toBe(refusal.status);
    expect(JSON.parse(response.body)).toEqual({
      error: refusal.error,
      error_description: refusal.description,
    });
    expect(refusal.description).toMatch(DESCRIPTION_CHARACTERS);
    const extra =
      refusal.status === 405
        ? { Allow: 'POST' }
        : refusal.status === 401
          ? { 'WWW-Authenticate': 'Basic realm="scim"' }
          : {};
    expect(response.headers).toEqual({ ...NO_STORE, ...extra });
  });

  it.each([
    ['invalid_client', 401],
    ['invalid_request', 400],
    ['unsupported_grant_type', 400],
    ['unauthorized_client', 400],
  ])('every %s is %i (405 only for a wrong method)', (error, status) => {
    const entries = Object.entries(TOKEN_REFUSALS).filter(
      ([name, r]) => r.error === error && name !== 'methodNotAllowed',
    );
    expect(entries.length).toBeGreaterThan(0);
    for (const [, refusal] of entries) expect(refusal.status).toBe(status);
  });
});

describe('the answers', () => {
  it('a token: §5.1 JSON, no refresh token, not cached', () => {
    const response = issuedResponse('scim_token', 3600);
    expect(response).toEqual({
      statusCode: 200,
      headers: NO_STORE,
      body: JSON.stringify({ access_token: 'scim_token', token_type: 'Bearer', expires_in: 3600 }),
    });
  });

  it('a dependency down: 503 temporarily_unavailable with Retry-After', () => {
    const response = unavailableResponse();
    expect(response.statusCode).toBe(503);
    expect(response.headers).toEqual({ ...NO_STORE, 'Retry-After': '5' });
    expect(JSON.parse(response.body)).toMatchObject({ error: 'temporarily_unavailable' });
  });
});
