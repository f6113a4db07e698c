/**
 * The one catalogue of the token endpoint's refusals: RFC 6749 §5.2 error responses, as data. A refusal is
 * a value the endpoint returns, never an exception (ScimError stays the one error type; anything thrown is a
 * dependency failing, answered 503). https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 *
 * Descriptions are written for the admin reading Entra's Test Connection message, and only in §5.2's
 * characters for `error_description` (%x20-21 / %x23-5B / %x5D-7E: no `"`, no `\`, ASCII only). They never
 * echo what the client sent.
 */
export type TokenErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type';

export interface TokenRefusal {
  readonly error: TokenErrorCode;
  readonly status: 400 | 401 | 405;
  readonly description: string;
}

const invalidRequest = (description: string) =>
  ({ error: 'invalid_request', status: 400, description }) as const satisfies TokenRefusal;
/** 401 with WWW-Authenticate, for every invalid_client (refusalHeaders). */
const invalidClient = (description: string) =>
  ({ error: 'invalid_client', status: 401, description }) as const satisfies TokenRefusal;

export const TOKEN_REFUSALS = {
  /** §3.2: "The client MUST use the HTTP POST method when making access token requests." */
  methodNotAllowed: {
    error: 'invalid_request',
    status: 405,
    description: 'The token endpoint accepts only POST',
  },
  /** §2.3.1: client credentials "MUST NOT be included in the request URI". */
  credentialsInQuery: invalidRequest('Client credentials must not be sent in the query string'),
  bodyTooLarge: invalidRequest('The request body is too large for a token request'),
  unsupportedContentType: invalidRequest(
    'The request body must be application/x-www-form-urlencoded (RFC 6749 section 4.4.2)',
  ),
  /** §3.2: "Request and response parameters MUST NOT be included more than once." */
  repeatedParameter: invalidRequest('A request parameter was sent more than once'),
  missingGrantType: invalidRequest('The grant_type parameter is missing'),
  unsupportedGrantType: {
    error: 'unsupported_grant_type',
    status: 400,
    description: 'Only the client_credentials grant is supported',
  },
  /** §2.3: "The client MUST NOT use more than one authentication method in each request." */
  multipleMethods: invalidRequest('The client used more than one authentication method'),
  clientIdMismatch: invalidRequest('The client_id parameter differs from the client of the Basic header'),
  missingClientId: invalidRequest('The client_id parameter is missing'),
  /** RFC 7523 §2.2: client_assertion_type and client_assertion go together. */
  incompleteAssertion: invalidRequest('client_assertion_type and client_assertion must be sent together'),
  multipleAuthorizationHeaders: invalidRequest('More than one Authorization header was sent'),
  noClientAuthentication: invalidClient('Client authentication is required'),
  malformedBasic: invalidClient('The Basic authorization header is malformed'),
  /** §5.2 invalid_client: "unsupported authentication method". */
  unsupportedAssertionType: invalidClient(
    'Only client_assertion_type urn:ietf:params:oauth:client-assertion-type:jwt-bearer is supported',
  ),
  /** Unknown client and wrong secret say the same, so that neither can be probed for. */
  badSecret: invalidClient('Client authentication failed: unknown client or wrong secret'),
  /** The caller holds the real secret: saying why it no longer works is safe, and tells the admin what to do. */
  expiredSecret: invalidClient('The client secret has expired: add a new secret to the client'),
  revokedSecret: invalidClient('The client secret has been revoked'),
  badAssertion: invalidClient('Client authentication failed: unknown client or invalid client assertion'),
  /** Deleted (with its tenant, or alone) between its authentication and the token's write. */
  clientGone: invalidClient('The client no longer exists'),
  /** §5.2 unauthorized_client: the client is genuine, but its tenant may not get tokens now. */
  tenantNotActive: {
    error: 'unauthorized_client',
    status: 400,
    description: 'The client belongs to a tenant that is not active',
  },
} as const satisfies Readonly<Record<string, TokenRefusal>>;

export type TokenRefusalName = keyof typeof TOKEN_REFUSALS;
