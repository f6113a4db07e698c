import type { APIGatewayProxyResult } from 'aws-lambda';
import type { TokenRefusal } from './token-refusals';

/**
 * RFC 6749 §5.1: "The authorization server MUST include the HTTP Cache-Control response header field with
 * a value of no-store in any response containing tokens, credentials, or other sensitive information, as
 * well as the Pragma response header field with a value of no-cache." Sent on refusals too, so that no
 * proxy keeps any answer of the token endpoint. https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export const TOKEN_RESPONSE_HEADERS = {
  'Content-Type': 'application/json;charset=UTF-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
} as const;

/**
 * RFC 6749 §5.2: for a client that authenticated with the Authorization header, a 401 "MUST" carry a
 * WWW-Authenticate "matching the authentication scheme used by the client"; HTTP requires the header on
 * every 401 (RFC 9110 §15.5.2), so every invalid_client carries it. https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2
 */
export const WWW_AUTHENTICATE = 'Basic realm="scim"';

/** Seconds a client should wait after a 503 before asking again (RFC 9110 §10.2.3). */
export const RETRY_AFTER_SECONDS = 5;

/** The §5.1 success: a bearer access token and its lifetime in seconds; no refresh token (§4.4.3). */
export function issuedResponse(accessToken: string, expiresIn: number): APIGatewayProxyResult {
  return {
    statusCode: 200,
    headers: { ...TOKEN_RESPONSE_HEADERS },
    body: JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn }),
  };
}

/** A §5.2 error response: 405 with Allow, 401 with WWW-Authenticate, or 400. */
export function refusalResponse(refusal: TokenRefusal): APIGatewayProxyResult {
  const extra: Record<string, string> =
    refusal.status === 405
      ? { Allow: 'POST' }
      : refusal.status === 401
        ? { 'WWW-Authenticate': WWW_AUTHENTICATE }
        : {};
  return {
    statusCode: refusal.status,
    headers: { ...TOKEN_RESPONSE_HEADERS, ...extra },
    body: JSON.stringify({ error: refusal.error, error_description: refusal.description }),
  };
}

/**
 * A dependency failed (the tokens table, the issuer's key endpoint): 503 with Retry-After, never
 * invalid_client, which Entra reads as wrong credentials and quarantines the job for. RFC 6749 defines
 * `temporarily_unavailable` for the authorization endpoint only (§4.1.2.1); it is the code clients know.
 */
export function unavailableResponse(): APIGatewayProxyResult {
  return {
    statusCode: 503,
    headers: { ...TOKEN_RESPONSE_HEADERS, 'Retry-After': String(RETRY_AFTER_SECONDS) },
    body: JSON.stringify({
      error: 'temporarily_unavailable',
      error_description: 'The service is temporarily unavailable, retry later',
    }),
  };
}
