import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Authorization } from '../../functions/auth/authorize';
import { authorizerContext } from '../../functions/auth/authorizer-context';
import { SCIM_BASE_PATH } from '../../functions/http/route-table';
import type { RequestTarget } from './request-target';

export interface RequestHeaders {
  /** Each header once, its values joined by `, ` (RFC 9110 §5.3). */
  readonly headers: Record<string, string>;
  readonly multiValueHeaders: Record<string, string[]>;
}

/** The request's headers as API Gateway hands them to a proxy integration. */
export function requestHeaders(request: IncomingMessage): RequestHeaders {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values.join(', ');
    multiValueHeaders[name] = values;
  }
  headers['x-forwarded-proto'] ??= 'http';
  return { headers, multiValueHeaders };
}

/** The query string in both of the proxy event's forms; null for each when there is none. */
function queryParameters(url: URL) {
  if (url.searchParams.size === 0) {
    return { queryStringParameters: null, multiValueQueryStringParameters: null };
  }
  const queryStringParameters: Record<string, string> = {};
  const multiValueQueryStringParameters: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    queryStringParameters[name] = value;
    multiValueQueryStringParameters[name] = [...(multiValueQueryStringParameters[name] ?? []), value];
  }
  return { queryStringParameters, multiValueQueryStringParameters };
}

/**
 * The authorizer's context as a REST API hands it to the function: every value a string (`1` as `"1"`,
 * `true` as `"true"`, as in the example of
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html),
 * so that the functions read locally what they read deployed.
 */
function stringified(context: Readonly<Record<string, string | number | boolean>>): Record<string, string> {
  return Object.fromEntries(Object.entries(context).map(([key, value]) => [key, String(value)]));
}

export interface ProxyEventParts {
  readonly method: string;
  readonly target: RequestTarget;
  readonly headers: RequestHeaders;
  readonly body: Buffer;
  readonly authorization: Extract<Authorization, { allowed: true }>;
}

/**
 * The REST API proxy event API Gateway would send the route's function
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html),
 * with the authorizer's context. The body is handed over base64-encoded, whatever its media type.
 */
export function proxyEvent({
  method,
  target,
  headers,
  body,
  authorization,
}: ProxyEventParts): APIGatewayProxyEvent {
  const { path, match } = target;
  const resource = `${SCIM_BASE_PATH}${match.route.path}`;
  return {
    resource,
    path,
    httpMethod: method,
    ...headers,
    ...queryParameters(target.url),
    pathParameters: Object.keys(match.pathParameters).length === 0 ? null : match.pathParameters,
    stageVariables: null,
    body: body.length === 0 ? null : body.toString('base64'),
    isBase64Encoded: body.length > 0,
    requestContext: {
      resourcePath: resource,
      path,
      httpMethod: method,
      stage: 'local',
      requestId: randomUUID(),
      domainName: headers.headers.host ?? 'localhost',
      authorizer: stringified({
        ...authorizerContext(authorization),
        ...(authorization.apiKey === undefined ? {} : { apiKey: authorization.apiKey }),
      }),
    },
  } as unknown as APIGatewayProxyEvent;
}
