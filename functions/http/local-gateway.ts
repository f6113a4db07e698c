import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Authorization } from '../auth/authorize';
import { ScimError } from '../scim/scim-error';
import { errorResponse } from './error-response';
import { logger } from './logger';
import { type FunctionName, matchRoute, SCIM_BASE_PATH } from './route-table';
import { toProxyResult } from './scim-response';

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface LocalGatewayOptions {
  readonly handlers: Readonly<Record<FunctionName, ProxyHandler>>;
  /** The authorizer's logic; throwing means the authorizer failed. */
  readonly authorize: (authorizationHeader: string | undefined) => Promise<Authorization>;
  /**
   * How long an answer of the authorizer is reused for the same Authorization header, as API Gateway
   * caches it (default 300 s, the stack's default). 0 asks the authorizer every time.
   */
  readonly authorizerCacheTtlSeconds?: number;
}

/** API Gateway's own payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** API Gateway's integration timeout. */
const TIMEOUT_MILLIS = 29_000;

/**
 * An HTTP listener that does what API Gateway does in AWS, and no more: match the route, run the
 * authorizer, turn the request into a proxy event for the route's function and the result back into a
 * response. Gateway-level failures answer with the same SCIM error bodies the deployed gateway sends.
 */
export function localGateway(options: LocalGatewayOptions): RequestListener {
  const authorize = cachedAuthorizer(options.authorize, options.authorizerCacheTtlSeconds ?? 300);
  return (request, response) => {
    handle(request, { ...options, authorize }).then(
      ({ result, tenant }) => {
        write(request, response, result);
        logAccess(request, result.statusCode, tenant);
      },
      (error: unknown) => {
        const result = toProxyResult(errorResponse(error));
        write(request, response, result);
        logAccess(request, result.statusCode, undefined);
      },
    );
  };
}

/**
 * API Gateway's authorizer cache: an answer (allowed or refused) is reused for the same identity source
 * until the TTL runs out; a failure is never cached. So a revoked token keeps working until then, locally
 * as deployed.
 */
function cachedAuthorizer(
  authorize: LocalGatewayOptions['authorize'],
  ttlSeconds: number,
): LocalGatewayOptions['authorize'] {
  if (ttlSeconds <= 0) return authorize;
  const cache = new Map<string, { expires: number; answer: Authorization }>();
  return async (header) => {
    const key = header ?? '';
    const now = Date.now();
    const cached = cache.get(key);
    if (cached !== undefined && cached.expires > now) return cached.answer;
    const answer = await authorize(header);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { expires: now + ttlSeconds * 1000, answer });
    return answer;
  };
}

/**
 * The request's path, percent-decoded. A `#` in a request-target is no fragment (RFC 9112 §3.2: clients
 * never send one), so it stays part of the path and can only make an id that names nothing. A malformed
 * percent-encoding names no resource either: 404, not the 500 of a URIError.
 */
function pathOf(url: URL): string {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    throw ScimError.notFound(`No resource at ${url.pathname}`);
  }
}

async function handle(
  request: IncomingMessage,
  options: LocalGatewayOptions,
): Promise<{ result: APIGatewayProxyResult; tenant: string }> {
  const url = new URL((request.url ?? '/').replaceAll('#', '%23'), 'http://localhost');
  const path = pathOf(url);
  const below = path.startsWith(`${SCIM_BASE_PATH}/`) ? path.slice(SCIM_BASE_PATH.length) : undefined;
  const matched = below === undefined ? undefined : matchRoute(below);
  if (matched === undefined) throw ScimError.notFound(`No resource at ${path}`);

  const body = await readBody(request);
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    headers[name] = values.join(', ');
    multiValueHeaders[name] = values;
  }
  headers['x-forwarded-proto'] ??= 'http';

  let authorization: Authorization;
  try {
    authorization = await options.authorize(headers.authorization);
  } catch {
    // As the gateway's AUTHORIZER_FAILURE response: an outage, never a 401.
    throw ScimError.unavailable('Authorization is temporarily unavailable, retry later');
  }
  if (!authorization.allowed) {
    throw new ScimError(401, 'The bearer token is missing, invalid or revoked', undefined, {
      'WWW-Authenticate': 'Bearer realm="SCIM"',
    });
  }

  const queryStringParameters: Record<string, string> = {};
  const multiValueQueryStringParameters: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    queryStringParameters[name] = value;
    multiValueQueryStringParameters[name] = [...(multiValueQueryStringParameters[name] ?? []), value];
  }
  const resource = `${SCIM_BASE_PATH}${matched.route.path}`;
  const event = {
    resource,
    path,
    httpMethod: request.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters: url.searchParams.size === 0 ? null : queryStringParameters,
    multiValueQueryStringParameters: url.searchParams.size === 0 ? null : multiValueQueryStringParameters,
    pathParameters: Object.keys(matched.pathParameters).length === 0 ? null : matched.pathParameters,
    stageVariables: null,
    body: body.length === 0 ? null : body.toString('base64'),
    isBase64Encoded: body.length > 0,
    requestContext: {
      resourcePath: resource,
      path,
      httpMethod: request.method ?? 'GET',
      stage: 'local',
      requestId: randomUUID(),
      domainName: headers.host ?? 'localhost',
      authorizer: {
        tenantId: authorization.tenantId,
        ...(authorization.apiKey === undefined ? {} : { apiKey: authorization.apiKey }),
      },
    },
  } as unknown as APIGatewayProxyEvent;
  const started = Date.now();
  const context = {
    functionName: `scim-${matched.route.function}`,
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => TIMEOUT_MILLIS - (Date.now() - started),
    callbackWaitsForEmptyEventLoop: false,
  } as unknown as Context;
  const result = await options.handlers[matched.route.function](event, context);
  return { result, tenant: authorization.tenantId };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) throw new ScimError(413, 'The request body is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** One access-log line per request, as API Gateway writes them: no header, no query, no body. */
function logAccess(request: IncomingMessage, status: number, tenant: string | undefined): void {
  logger.info('request', { method: request.method, route: routeOf(request), status, tenant });
}

function routeOf(request: IncomingMessage): string {
  try {
    const path = new URL((request.url ?? '/').replaceAll('#', '%23'), 'http://localhost').pathname;
    const below = path.startsWith(`${SCIM_BASE_PATH}/`) ? path.slice(SCIM_BASE_PATH.length) : undefined;
    const matched = below === undefined ? undefined : matchRoute(decodeURIComponent(below));
    return matched === undefined ? 'unknown' : `${SCIM_BASE_PATH}${matched.route.path}`;
  } catch {
    return 'unknown';
  }
}

function write(request: IncomingMessage, response: ServerResponse, result: APIGatewayProxyResult): void {
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body);
  response.writeHead(result.statusCode, {
    ...(result.headers as Record<string, string>),
    'Content-Length': String(body.length),
    // Answered before the body was read (413 above the payload limit): the rest of the body is still on
    // the connection, so it cannot carry another request. Closing it is what API Gateway does too.
    ...(request.complete ? {} : { Connection: 'close' }),
  });
  response.end(body);
}
