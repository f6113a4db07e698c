import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Authorization } from '../../functions/auth/authorize';
import { authorizerContext } from '../../functions/auth/authorizer-context';
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

interface EventParts {
  readonly method: string;
  readonly headers: RequestHeaders;
  readonly body: Buffer;
  /** The caller's address: API Gateway's `requestContext.identity.sourceIp`. */
  readonly sourceIp?: string | undefined;
  /** API Gateway's request id, if the authorizer already saw it (a new one otherwise). */
  readonly requestId?: string;
}

/** A SCIM route's event carries the authorizer's answer; the token endpoint has no authorizer. */
export type ProxyEventParts = EventParts &
  (
    | {
        readonly target: Extract<RequestTarget, { kind: 'scim' }>;
        readonly authorization: Extract<Authorization, { allowed: true }>;
      }
    | { readonly target: Extract<RequestTarget, { kind: 'token' }>; readonly authorization?: undefined }
  );

/** The authorizer's context, or none for a method without an authorizer (the token endpoint). */
function authorizerOf(authorization: ProxyEventParts['authorization']) {
  if (authorization === undefined) return {};
  return {
    authorizer: stringified({
      ...authorizerContext(authorization),
      ...(authorization.apiKey === undefined ? {} : { apiKey: authorization.apiKey }),
    }),
  };
}

/**
 * The body as API Gateway hands it over. SCIM routes: base64-encoded whatever its media type, which the
 * handlers decode (functions/http/scim-handler.ts). The token endpoint: as text, `isBase64Encoded: false`, which is
 * what a REST API without binary media types does with an `application/x-www-form-urlencoded` body
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings.html).
 */
function bodyOf(target: RequestTarget, body: Buffer) {
  if (body.length === 0) return { body: null, isBase64Encoded: false };
  if (target.kind === 'token') return { body: body.toString('utf8'), isBase64Encoded: false };
  return { body: body.toString('base64'), isBase64Encoded: true };
}

/**
 * The REST API proxy event API Gateway would send the route's function
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html),
 * with the authorizer's context on the SCIM routes.
 */
export function proxyEvent(parts: ProxyEventParts): APIGatewayProxyEvent {
  const { method, target, headers, body } = parts;
  const { path, resource } = target;
  const pathParameters = target.kind === 'scim' ? target.match.pathParameters : {};
  return {
    resource,
    path,
    httpMethod: method,
    ...headers,
    ...queryParameters(target.url),
    pathParameters: Object.keys(pathParameters).length === 0 ? null : pathParameters,
    stageVariables: null,
    ...bodyOf(target, body),
    requestContext: {
      resourcePath: resource,
      path,
      httpMethod: method,
      stage: 'local',
      requestId: parts.requestId ?? randomUUID(),
      domainName: headers.headers.host ?? 'localhost',
      identity: { sourceIp: parts.sourceIp ?? '127.0.0.1', userAgent: headers.headers['user-agent'] ?? null },
      ...authorizerOf(parts.authorization),
    },
  } as unknown as APIGatewayProxyEvent;
}
