import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Authorization } from '../../functions/auth/authorize';
import { errorResponse } from '../../functions/http/error-response';
import { LAMBDA_PAYLOAD_LIMITS } from '../../functions/http/lambda-payload';
import { describeError, logger } from '../../functions/http/logger';
import { type FunctionName, matchRoute, SCIM_BASE_PATH } from '../../functions/http/route-table';
import { SCIM_CONTENT_TYPE, toProxyResult } from '../../functions/http/scim-response';
import { ScimError } from '../../functions/scim/scim-error';

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
  /** How long the gateway waits for a function's answer (default API Gateway's 29 s). */
  readonly integrationTimeoutMillis?: number;
  /**
   * The functions' own timeout (default 28 s, the stack's): each invocation's context counts down from it,
   * and a function still running at it has failed, as Lambda stops it then.
   */
  readonly functionTimeoutMillis?: number;
}

/**
 * REST API quotas (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html):
 * payload size 10 MB (above it, API Gateway answers its REQUEST_TOO_LARGE gateway response, 413); integration
 * timeout 50 ms to 29 s, 29 s by default (then INTEGRATION_TIMEOUT, 504).
 */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const INTEGRATION_TIMEOUT_MILLIS = 29_000;
/** The stack's function timeout (lib/scim-api.ts). */
const FUNCTION_TIMEOUT_MILLIS = 28_000;

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * What the deployed gateway answers by itself for these gateway response types (lib/scim-gateway-responses.ts;
 * test/bin/local/local-gateway-limits.test.ts checks that both say the same).
 *
 * A function that fails (it throws, Lambda stops it at its timeout, or its response is over Lambda's 6 MB,
 * Function.ResponseSizeTooLarge) or whose invocation Lambda refuses (an event over 6 MB) is an integration
 * failure: API Gateway answers 502 (500 for a refused invocation) with {"message": "Internal server error"}
 * by default (https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html), and its
 * INTEGRATION_FAILURE gateway response when one is configured, as the stack does: a response over the limit
 * came back with the API's INTEGRATION_FAILURE response in https://github.com/DataBiosphere/azul/issues/7470,
 * a refused invocation (throttled) in https://repost.aws/questions/QUL-z6rJbmR4meafB7MzYXxw. Neither can be
 * checked without an AWS account.
 */
export const LOCAL_GATEWAY_RESPONSES = {
  REQUEST_TOO_LARGE: { status: 413, detail: 'The request body is too large' },
  INTEGRATION_FAILURE: {
    status: 503,
    detail: 'The service is temporarily unavailable, retry later',
    headers: { 'Retry-After': '5' },
  },
  INTEGRATION_TIMEOUT: {
    status: 504,
    detail: 'The request took too long, retry later',
    headers: { 'Retry-After': '5' },
  },
} as const satisfies Record<string, { status: number; detail: string; headers?: Record<string, string> }>;

type GatewayResponseType = keyof typeof LOCAL_GATEWAY_RESPONSES;

/** The gateway answers by itself: thrown by the steps of a request, answered as the gateway response. */
class GatewayResponse extends Error {
  constructor(readonly type: GatewayResponseType) {
    super(type);
  }

  toResult(): APIGatewayProxyResult {
    const response: { status: number; detail: string; headers?: Record<string, string> } =
      LOCAL_GATEWAY_RESPONSES[this.type];
    return {
      statusCode: response.status,
      headers: { 'Content-Type': SCIM_CONTENT_TYPE, 'Cache-Control': 'no-store', ...response.headers },
      body: JSON.stringify({
        schemas: [ERROR_SCHEMA],
        detail: response.detail,
        status: String(response.status),
      }),
    };
  }
}

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
        const result =
          error instanceof GatewayResponse ? error.toResult() : toProxyResult(errorResponse(error));
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
  // API Gateway passes a text body as it is (the API declares no binary media types): that is what Lambda
  // measures against its request limit, not the base64 this adapter hands the function.
  const invocation = {
    ...event,
    body: body.length === 0 ? null : body.toString('utf8'),
    isBase64Encoded: false,
  };
  if (Buffer.byteLength(JSON.stringify(invocation)) > LAMBDA_PAYLOAD_LIMITS.requestBytes) {
    throw new GatewayResponse('INTEGRATION_FAILURE');
  }
  const result = await invoke(options, matched.route.function, event);
  return { result, tenant: authorization.tenantId };
}

/**
 * Runs the route's function as Lambda behind API Gateway would: with a context whose remaining time counts
 * down from the function's timeout, failed if it throws, is still running at that timeout, or answers
 * more than Lambda's response limit; and given up at the integration timeout.
 */
async function invoke(
  options: LocalGatewayOptions,
  name: FunctionName,
  event: APIGatewayProxyEvent,
): Promise<APIGatewayProxyResult> {
  const functionTimeout = options.functionTimeoutMillis ?? FUNCTION_TIMEOUT_MILLIS;
  const integrationTimeout = options.integrationTimeoutMillis ?? INTEGRATION_TIMEOUT_MILLIS;
  const started = Date.now();
  const context = {
    functionName: `scim-${name}`,
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, functionTimeout - (Date.now() - started)),
    callbackWaitsForEmptyEventLoop: false,
  } as unknown as Context;
  const timers: NodeJS.Timeout[] = [];
  const deadline = new Promise<never>((_, reject) => {
    timers.push(setTimeout(() => reject(new GatewayResponse('INTEGRATION_FAILURE')), functionTimeout));
    timers.push(setTimeout(() => reject(new GatewayResponse('INTEGRATION_TIMEOUT')), integrationTimeout));
  });
  const running = Promise.resolve()
    .then(() => options.handlers[name](event, context))
    .catch((error: unknown) => {
      logger.error('The function failed', { function: name, ...describeError(error) });
      throw new GatewayResponse('INTEGRATION_FAILURE');
    });
  // Given up on, the function may still settle later: that must not become an unhandled rejection.
  running.catch(() => undefined);
  try {
    const result = await Promise.race([running, deadline]);
    if (Buffer.byteLength(JSON.stringify(result)) > LAMBDA_PAYLOAD_LIMITS.responseBytes) {
      logger.error('The function failed', { function: name, errorName: 'Function.ResponseSizeTooLarge' });
      throw new GatewayResponse('INTEGRATION_FAILURE');
    }
    return result;
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) throw new GatewayResponse('REQUEST_TOO_LARGE');
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
