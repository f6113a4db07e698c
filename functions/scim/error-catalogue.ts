/**
 * Every fixed SCIM error this service answers, wherever it is answered: by the handlers, by API Gateway
 * itself (gateway responses), by the WAF web ACL, and by the local gateway that stands in for API Gateway
 * on a developer's machine. One table, so that a client gets the same text and headers from each of them.
 * Errors whose detail names the request (a filter, an attribute, a path) are built where they arise.
 */
import type { ScimType } from './scim-error';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * The API Gateway gateway response types the stack answers with a SCIM error
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html).
 */
export type GatewayResponseType =
  | 'UNAUTHORIZED'
  | 'ACCESS_DENIED'
  | 'INVALID_API_KEY'
  | 'WAF_FILTERED'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'RESOURCE_NOT_FOUND'
  | 'REQUEST_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'THROTTLED'
  | 'QUOTA_EXCEEDED'
  | 'AUTHORIZER_FAILURE'
  | 'AUTHORIZER_CONFIGURATION_ERROR'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX';

/** The parts of an RFC 7644 §3.12 Error response. */
export interface ScimErrorBody {
  readonly status: number;
  readonly scimType?: ScimType | undefined;
  readonly detail: string;
}

export interface ErrorEntry extends ScimErrorBody {
  /** Seconds a client waits before it retries: the Retry-After header (RFC 9110 §10.2.3). */
  readonly retryAfterSeconds?: number;
  /** Further response headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The gateway responses that answer with this entry, in the order the stack declares them. */
  readonly gatewayResponses?: readonly GatewayResponseType[];
  /** The WAF web ACL's rate-based rule blocks with this entry. */
  readonly wafRateLimit?: true;
}

/**
 * The entries, in the order the stack declares its gateway responses. Authorizer failures are 503 with
 * Retry-After, never 401: Entra quarantines a job on credential errors at once.
 */
export const ERROR_CATALOGUE = {
  unauthorized: {
    status: 401,
    detail: 'The bearer token is missing, invalid or revoked',
    headers: { 'WWW-Authenticate': 'Bearer realm="SCIM"' },
    gatewayResponses: ['UNAUTHORIZED'],
  },
  accessDenied: {
    status: 403,
    detail: 'The bearer token does not grant access to this resource',
    gatewayResponses: ['ACCESS_DENIED'],
  },
  noThrottlingPlan: {
    status: 403,
    detail: "The tenant has no throttling plan; ask the vendor to check the tenant's tier",
    gatewayResponses: ['INVALID_API_KEY'],
  },
  wafFiltered: { status: 403, detail: 'The request was blocked', gatewayResponses: ['WAF_FILTERED'] },
  // API Gateway answers an unknown route with MISSING_AUTHENTICATION_TOKEN (403): it is a 404.
  notBelowBase: {
    status: 404,
    detail: 'No resource at this path; the Tenant URL ends in /scim/v2',
    gatewayResponses: ['MISSING_AUTHENTICATION_TOKEN'],
  },
  noResourceAtPath: {
    status: 404,
    detail: 'No resource at this path',
    gatewayResponses: ['RESOURCE_NOT_FOUND'],
  },
  resourceNotFound: { status: 404, detail: 'Resource not found' },
  preconditionFailed: {
    status: 412,
    detail: 'The resource was modified since the version named in If-Match',
  },
  requestTooLarge: {
    status: 413,
    detail: 'The request body is too large',
    gatewayResponses: ['REQUEST_TOO_LARGE'],
  },
  unsupportedMediaType: {
    status: 415,
    detail: 'Content-Type must be application/scim+json or application/json',
    gatewayResponses: ['UNSUPPORTED_MEDIA_TYPE'],
  },
  invalidJson: { status: 400, scimType: 'invalidSyntax', detail: 'The request body is not valid JSON' },
  tenantThrottled: {
    status: 429,
    detail: 'Too many requests for this tenant; retry after the indicated delay',
    retryAfterSeconds: 1,
    gatewayResponses: ['THROTTLED'],
  },
  quotaExceeded: {
    status: 429,
    detail: "The tenant's request quota is used up",
    retryAfterSeconds: 3600,
    gatewayResponses: ['QUOTA_EXCEEDED'],
  },
  tokenRateLimited: {
    status: 429,
    detail: 'Too many requests for this token; retry later',
    retryAfterSeconds: 60,
    wafRateLimit: true,
  },
  authorizerUnavailable: {
    status: 503,
    detail: 'Authorization is temporarily unavailable, retry later',
    retryAfterSeconds: 5,
    gatewayResponses: ['AUTHORIZER_FAILURE', 'AUTHORIZER_CONFIGURATION_ERROR'],
  },
  /**
   * A function that fails or whose invocation Lambda refuses: API Gateway's INTEGRATION_FAILURE
   * (https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html).
   */
  integrationFailure: {
    status: 503,
    detail: 'The service is temporarily unavailable, retry later',
    retryAfterSeconds: 5,
    gatewayResponses: ['INTEGRATION_FAILURE'],
  },
  integrationTimeout: {
    status: 504,
    detail: 'The request took too long, retry later',
    retryAfterSeconds: 5,
    gatewayResponses: ['INTEGRATION_TIMEOUT'],
  },
  /**
   * The vendor paused the tenant's writes (`scim-admin tenants set --pause`); reads still work. A 503, the
   * status of a server "currently unable to handle the request due to ... scheduled maintenance", which
   * says when to retry with Retry-After (RFC 9110 §15.6.4): a client retries it later, where a 4xx would
   * be the request's own fault and never retried. 300 s is the authorizer cache TTL, within which a
   * resume takes effect: a retry sooner could still find the pause.
   */
  tenantPaused: {
    status: 503,
    detail: 'Changes to this tenant are paused by the service provider; retry later',
    retryAfterSeconds: 300,
  },
  /** A dependency of a handler is unavailable; a retry will likely succeed. */
  unavailable: { status: 503, detail: 'Service temporarily unavailable, retry later', retryAfterSeconds: 1 },
  notUnderstood: { status: 400, detail: 'The request was not understood', gatewayResponses: ['DEFAULT_4XX'] },
  internalError: { status: 500, detail: 'Internal server error', gatewayResponses: ['DEFAULT_5XX'] },
} as const satisfies Record<string, ErrorEntry>;

/** The §3.12 Error JSON. `status` is a string, as the RFC's examples and schema define it. */
export function renderScimError(error: ScimErrorBody): Record<string, unknown> {
  return {
    schemas: [ERROR_SCHEMA],
    ...(error.scimType === undefined ? {} : { scimType: error.scimType }),
    detail: error.detail,
    status: String(error.status),
  };
}

/** The response headers of an entry: its own, and Retry-After where it applies. */
export function errorHeaders(entry: ErrorEntry): Record<string, string> {
  return {
    ...entry.headers,
    ...(entry.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(entry.retryAfterSeconds) }),
  };
}
