import * as apigw from 'aws-cdk-lib/aws-apigateway';

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

interface ScimGatewayResponse {
  readonly type: apigw.ResponseType;
  readonly status: number;
  readonly detail: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * What API Gateway answers by itself, before or instead of a function: every one as an RFC 7644 §3.12
 * Error with `application/scim+json`, so that Entra and Okta always get a SCIM body. Authorizer failures
 * are 503 with Retry-After, never 401: Entra quarantines a job on credential errors at once.
 */
export const SCIM_GATEWAY_RESPONSES: readonly ScimGatewayResponse[] = [
  {
    type: apigw.ResponseType.UNAUTHORIZED,
    status: 401,
    detail: 'The bearer token is missing, invalid or revoked',
    headers: { 'WWW-Authenticate': 'Bearer realm="SCIM"' },
  },
  {
    type: apigw.ResponseType.ACCESS_DENIED,
    status: 403,
    detail: 'The bearer token does not grant access to this resource',
  },
  {
    type: apigw.ResponseType.INVALID_API_KEY,
    status: 403,
    detail: "The tenant has no throttling plan; ask the vendor to check the tenant's tier",
  },
  { type: apigw.ResponseType.WAF_FILTERED, status: 403, detail: 'The request was blocked' },
  // API Gateway answers an unknown route with MISSING_AUTHENTICATION_TOKEN (403): it is a 404.
  {
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: 404,
    detail: 'No resource at this path; the Tenant URL ends in /scim/v2',
  },
  { type: apigw.ResponseType.RESOURCE_NOT_FOUND, status: 404, detail: 'No resource at this path' },
  { type: apigw.ResponseType.REQUEST_TOO_LARGE, status: 413, detail: 'The request body is too large' },
  {
    type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: 415,
    detail: 'Content-Type must be application/scim+json or application/json',
  },
  {
    type: apigw.ResponseType.THROTTLED,
    status: 429,
    detail: 'Too many requests for this tenant; retry after the indicated delay',
    headers: { 'Retry-After': '1' },
  },
  {
    type: apigw.ResponseType.QUOTA_EXCEEDED,
    status: 429,
    detail: "The tenant's request quota is used up",
    headers: { 'Retry-After': '3600' },
  },
  {
    type: apigw.ResponseType.AUTHORIZER_FAILURE,
    status: 503,
    detail: 'Authorization is temporarily unavailable, retry later',
    headers: { 'Retry-After': '5' },
  },
  {
    type: apigw.ResponseType.AUTHORIZER_CONFIGURATION_ERROR,
    status: 503,
    detail: 'Authorization is temporarily unavailable, retry later',
    headers: { 'Retry-After': '5' },
  },
  {
    type: apigw.ResponseType.INTEGRATION_FAILURE,
    status: 503,
    detail: 'The service is temporarily unavailable, retry later',
    headers: { 'Retry-After': '5' },
  },
  {
    type: apigw.ResponseType.INTEGRATION_TIMEOUT,
    status: 504,
    detail: 'The request took too long, retry later',
    headers: { 'Retry-After': '5' },
  },
  { type: apigw.ResponseType.DEFAULT_4XX, status: 400, detail: 'The request was not understood' },
  { type: apigw.ResponseType.DEFAULT_5XX, status: 500, detail: 'Internal server error' },
];

/** Quotes a header value for API Gateway, which reads response header values as mapping expressions. */
const literal = (value: string) => `'${value.replace(/'/g, "\\'")}'`;

export function addScimGatewayResponses(api: apigw.RestApi): void {
  for (const response of SCIM_GATEWAY_RESPONSES) {
    const body = JSON.stringify({
      schemas: [ERROR_SCHEMA],
      detail: response.detail,
      status: String(response.status),
    });
    api.addGatewayResponse(`Scim${response.type.responseType}`, {
      type: response.type,
      statusCode: String(response.status),
      responseHeaders: {
        'Content-Type': literal('application/scim+json'),
        'Cache-Control': literal('no-store'),
        ...Object.fromEntries(
          Object.entries(response.headers ?? {}).map(([name, value]) => [name, literal(value)]),
        ),
      },
      templates: { 'application/json': body, 'application/scim+json': body },
    });
  }
}
