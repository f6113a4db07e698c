import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { errorResponse } from '../../functions/http/error-response';
import { logger } from '../../functions/http/logger';
import { toProxyResult } from '../../functions/http/scim-response';
import { ScimError } from '../../functions/scim/scim-error';
import { cachedAuthorizer } from './cached-authorizer';
import type { AuthorizerRequest, LocalGatewayOptions } from './gateway-options';
import { GatewayResponse, LOCAL_GATEWAY_RESPONSES } from './gateway-response';
import { invokeFunction } from './invoke-function';
import { readBody, refuseOversizedEvent } from './payload-limits';
import { proxyEvent, requestHeaders } from './proxy-event';
import { type RequestTarget, requestTarget } from './request-target';

export type { LocalFunctionName, LocalGatewayOptions, ProxyHandler } from './gateway-options';
export { LOCAL_GATEWAY_RESPONSES } from './gateway-response';

/**
 * An HTTP listener that does what API Gateway does in AWS, and no more: match the route, run the
 * authorizer (on the SCIM routes; the token endpoint has none), turn the request into a proxy event for the
 * route's function and the result back into a response. Gateway-level failures answer with the same SCIM error bodies the deployed gateway sends.
 */
export function localGateway(options: LocalGatewayOptions): RequestListener {
  const authorize = cachedAuthorizer(options.authorize, options.authorizerCacheTtlSeconds ?? 300);
  const withToken = options.handlers.token !== undefined;
  return (request, response) => {
    handle(request, { ...options, authorize }).then(
      ({ result, tenant }) => {
        write(request, response, result);
        logAccess(request, routeOf(request, withToken), result.statusCode, tenant);
      },
      (error: unknown) => {
        const result =
          error instanceof GatewayResponse ? error.toResult() : toProxyResult(errorResponse(error));
        write(request, response, result);
        logAccess(request, routeOf(request, withToken), result.statusCode, undefined);
      },
    );
  };
}

/** One request, in API Gateway's order: route and method, body, authorizer, then the route's function. */
async function handle(
  request: IncomingMessage,
  options: LocalGatewayOptions,
): Promise<{ result: APIGatewayProxyResult; tenant: string | undefined }> {
  const target = requestTarget(request, options.handlers.token !== undefined);
  if (target.kind === 'token')
    return { result: await handleToken(request, options, target), tenant: undefined };
  const body = await readBody(request);
  const headers = requestHeaders(request);
  const method = request.method ?? 'GET';
  // What API Gateway's REQUEST authorizer is given besides the header, and the id the function sees too.
  const requestId = randomUUID();
  const query = Object.fromEntries(target.url.searchParams);
  const authorizerRequest = {
    method,
    path: target.path,
    headers: headers.headers,
    query,
    requestId,
    startedAt: Date.now(),
  };
  const authorization = await authorizeRequest(options, headers.headers.authorization, authorizerRequest);
  const sourceIp = sourceIpOf(request);
  const event = proxyEvent({ method, target, headers, body, authorization, sourceIp, requestId });
  refuseOversizedEvent(event, body);
  const name = target.match.route.function;
  const result = await invokeFunction(options, { name, handler: options.handlers[name] }, event);
  return { result, tenant: authorization.tenantId };
}

/**
 * The token endpoint (TOKEN_PATH), as the stack declares it: POST only, without the authorizer (the client
 * authenticates in the request, RFC 6749 §2.3), under the same payload limits as the SCIM routes. Another
 * method is one the API does not have: MISSING_AUTHENTICATION_TOKEN, before the body is read.
 */
async function handleToken(
  request: IncomingMessage,
  options: LocalGatewayOptions,
  target: Extract<RequestTarget, { kind: 'token' }>,
): Promise<APIGatewayProxyResult> {
  const handler = options.handlers.token;
  if (request.method !== 'POST' || handler === undefined) {
    throw new GatewayResponse('MISSING_AUTHENTICATION_TOKEN');
  }
  const body = await readBody(request);
  const headers = requestHeaders(request);
  const event = proxyEvent({ method: 'POST', target, headers, body, sourceIp: sourceIpOf(request) });
  refuseOversizedEvent(event, body);
  return invokeFunction(options, { name: 'token', handler }, event);
}

const sourceIpOf = (request: IncomingMessage) => request.socket.remoteAddress;

/**
 * The authorizer's answer: a failure is the gateway's AUTHORIZER_FAILURE response (an outage, never a
 * 401), a refusal its UNAUTHORIZED response. Both as ScimErrors, answered and logged as the handlers' are.
 */
async function authorizeRequest(
  options: LocalGatewayOptions,
  header: string | undefined,
  request: AuthorizerRequest,
) {
  let authorization: Awaited<ReturnType<LocalGatewayOptions['authorize']>>;
  try {
    authorization = await options.authorize(header, request);
  } catch {
    throw ScimError.from(LOCAL_GATEWAY_RESPONSES.AUTHORIZER_FAILURE);
  }
  if (!authorization.allowed) throw ScimError.from(LOCAL_GATEWAY_RESPONSES.UNAUTHORIZED);
  return authorization;
}

/** One access-log line per request, as API Gateway writes them: no header, no query, no body. */
function logAccess(
  request: IncomingMessage,
  route: string,
  status: number,
  tenant: string | undefined,
): void {
  logger.info('request', { method: request.method, route, status, tenant });
}

/** The resource the request fell on (`/scim/v2/Users/{id}`, `/oauth2/token`), never its ids. */
function routeOf(request: IncomingMessage, withToken: boolean): string {
  try {
    return requestTarget(request, withToken).resource;
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
