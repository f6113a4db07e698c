import middy, { type MiddlewareObj } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ScimError } from '../scim/scim-error';
import { errorResponse } from './error-response';
import { refusePausedWrite } from './paused-writes';
import { RequestDeadline, runWithDeadline } from './request-deadline';
import { type RequestLogSink, requestLog } from './request-log';
import { requestMetrics } from './request-metrics';
import { SCIM_BASE_PATH } from './route-table';
import { baseUrlOf, type HttpMethod, policyOf, type ScimRequest, tenantOf } from './scim-request';
import { type ScimResponse, toProxyResult } from './scim-response';

export type Endpoint = (request: ScimRequest) => Promise<ScimResponse>;

/** The endpoints of one function, by route (below the SCIM base) and method. */
export type Endpoints = Readonly<Record<string, Partial<Record<HttpMethod, Endpoint>>>>;

export interface ScimHandlerOptions {
  /** Bodies above this size are refused with 413. */
  readonly maxBodyBytes: number;
  /**
   * How long before Lambda's own timeout the request stops and answers 503 (default
   * DEFAULT_DEADLINE_MARGIN_MILLIS): its work stops sending DynamoDB requests then, and it answers at the
   * latest half this margin later.
   */
  readonly deadlineMarginMillis?: number;
  /** The tenants' request log: a line per write and per failure (request-log.ts). Default: none. */
  readonly requestLog?: RequestLogSink;
}

export const DEFAULT_DEADLINE_MARGIN_MILLIS = 1_000;

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** A UTF-16 surrogate without its other half: what a JSON escape such as `\ud800` decodes to. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether every string and key of a parsed body is well-formed Unicode. JSON lets `\ud800` escape half a
 * character (RFC 8259 §8.2 calls such strings unpredictable); stored, it could never be encoded as UTF-8
 * again, so it is refused with the body. Iterative, so that nesting depth cannot exhaust the stack.
 */
function isWellFormedJson(body: unknown): boolean {
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return false;
    } else if (Array.isArray(value)) {
      // One by one: spreading half a million elements into push() would overflow the stack.
      for (const item of value) pending.push(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (LONE_SURROGATE.test(key)) return false;
        pending.push(item);
      }
    }
  }
  return true;
}

type Event = APIGatewayProxyEvent;
type Result = APIGatewayProxyResult;

/**
 * Request hygiene before any endpoint runs: header names lower-cased, bodies bounded in size, strictly
 * UTF-8 and JSON (via @middy/http-json-body-parser); and every failure answered as a SCIM error.
 */
function scimHttp(endpoints: Endpoints, options: ScimHandlerOptions): MiddlewareObj<Event, Result> {
  const parser = httpJsonBodyParser();
  return {
    before: async (request) => {
      const event = request.event;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(event.headers ?? {})) {
        if (value !== undefined) headers[name.toLowerCase()] = value;
      }
      event.headers = headers;
      // Route and method first: a wrong method is a 405 whatever the body. Then a paused tenant's write is
      // a 503, whatever the body: nothing of it is read, nothing written.
      const { route } = endpointFor(endpoints, event);
      refusePausedWrite(policyOf(event), event.httpMethod, route);
      if (!METHODS_WITH_BODY.has(event.httpMethod)) {
        event.body = null;
        return;
      }
      const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
      if (bytes.length > options.maxBodyBytes) {
        throw new ScimError(413, `The request body exceeds ${options.maxBodyBytes} bytes`);
      }
      if (bytes.length === 0) throw ScimError.badRequest('invalidSyntax', 'The request needs a JSON body');
      try {
        event.body = strictUtf8.decode(bytes);
      } catch {
        throw ScimError.badRequest('invalidSyntax', 'The request body is not valid UTF-8');
      }
      event.isBase64Encoded = false;
      // A client that names no media type gets the benefit of the doubt; a wrong one is refused with 415.
      headers['content-type'] ??= 'application/json';
      await parser.before?.(request as never);
      if (!isWellFormedJson(event.body)) {
        throw ScimError.badRequest(
          'invalidSyntax',
          'The request body holds a string that is not valid Unicode',
        );
      }
    },
    onError: (request) => {
      request.response = toProxyResult(errorResponse(request.error));
    },
  };
}

/** The endpoint for the event's route and method: 404 for an unknown route, 405 for another method. */
function endpointFor(endpoints: Endpoints, event: Event): { route: string; endpoint: Endpoint } {
  const route = event.resource.startsWith(SCIM_BASE_PATH)
    ? event.resource.slice(SCIM_BASE_PATH.length)
    : event.resource;
  const key = Object.keys(endpoints).find((k) => k.toLowerCase() === route.toLowerCase());
  const methods = key === undefined ? undefined : endpoints[key];
  if (key === undefined || methods === undefined) throw ScimError.notFound(`No resource at ${route}`);
  const endpoint = methods[event.httpMethod as HttpMethod];
  if (endpoint === undefined) {
    throw new ScimError(405, `${event.httpMethod} is not supported on ${route}`, undefined, {
      Allow: Object.keys(methods).join(', '),
    });
  }
  return { route: key, endpoint };
}

/**
 * Runs `work` under the request's deadline (Lambda's remaining time less `marginMillis`). At the deadline
 * every DynamoDB request of the work is refused, so it ends with the 503 that refusal throws; should it be
 * waiting on something else, the answer is a 503 half the margin later anyway. Either way nothing of this
 * request reaches DynamoDB after the answer.
 */
async function withinDeadline<T>(context: Context | undefined, marginMillis: number, work: () => Promise<T>) {
  const remaining = context?.getRemainingTimeInMillis?.bind(context);
  if (remaining === undefined) return work();
  const deadline = new RequestDeadline(remaining, marginMillis);
  const timers: NodeJS.Timeout[] = [];
  const late = new Promise<never>((_, reject) => {
    timers.push(setTimeout(() => deadline.expire(), Math.max(0, deadline.millisLeft())));
    timers.push(
      setTimeout(
        () => reject(RequestDeadline.error()),
        Math.max(0, deadline.millisLeft() + marginMillis / 2),
      ),
    );
  });
  try {
    return await Promise.race([runWithDeadline(deadline, work), late]);
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}

/** A Lambda handler that dispatches SCIM requests to `endpoints`; unknown routes 404, other methods 405. */
export function scimHandler(
  endpoints: Endpoints,
  options: ScimHandlerOptions = { maxBodyBytes: DEFAULT_MAX_BODY_BYTES },
) {
  const marginMillis = options.deadlineMarginMillis ?? DEFAULT_DEADLINE_MARGIN_MILLIS;
  // middy's own timeoutEarly is off: it answers at the deadline but lets the work go on (withinDeadline).
  const handler = middy<Event, Result>({ timeoutEarlyInMillis: 0 });
  // Before scimHttp, so that its onError, which turns an error into the answer, runs first.
  if (options.requestLog !== undefined) handler.use(requestLog(options.requestLog));
  // After the request log, before scimHttp: Requests, Failures, Latency (request-metrics.ts).
  handler.use(requestMetrics());
  return handler.use(scimHttp(endpoints, options)).handler(async (event, context) => {
    const { route, endpoint } = endpointFor(endpoints, event);
    const headers = event.headers as Record<string, string>;
    const request: ScimRequest = {
      method: event.httpMethod,
      route,
      pathParameters: (event.pathParameters ?? {}) as Record<string, string>,
      query: (event.queryStringParameters ?? {}) as Record<string, string>,
      headers,
      body: event.body as unknown,
      tenant: tenantOf(event),
      policy: policyOf(event),
      baseUrl: baseUrlOf(event, headers),
    };
    const response = await withinDeadline(context, marginMillis, () => endpoint(request));
    // No log line per request: API Gateway's access log has one, without any personal data.
    return toProxyResult(response);
  });
}
