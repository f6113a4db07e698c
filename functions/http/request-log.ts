import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { RequestLogEntry, RequestLogSink } from '../scim/request-log-port';
import { keepsBodiesAt } from '../scim/tenant-policy';
import { emitMetrics } from './emit-metrics';
import { failureHint } from './failure-hints';
import { logger } from './logger';
import { redactedBody } from './redacted-body';
import { attributesWritten, dialectOf } from './request-log-entry';
import { policyOf, tenantOf } from './scim-request';

export type { RequestLogSink } from '../scim/request-log-port';

/**
 * How long a request waits for its log line before answering anyway: a PutItem takes a few milliseconds;
 * a slow or failing log never holds the answer longer than this, nor changes it (issue 14). A line not
 * written in time is counted in the function's log (`request log not written`), never returned.
 */
export const REQUEST_LOG_BUDGET_MS = 150;

const MAX_DETAIL_LENGTH = 512;

/** scimType and detail of an error body; quoted strings left out, as a filter's value may be personal. */
export function errorFields(body: string | undefined): Pick<RequestLogEntry, 'scimType' | 'detail'> {
  try {
    const parsed = JSON.parse(body ?? '') as { scimType?: unknown; detail?: unknown };
    return {
      ...(typeof parsed.scimType === 'string' ? { scimType: parsed.scimType } : {}),
      ...(typeof parsed.detail === 'string'
        ? { detail: parsed.detail.replace(/"[^"]*"/g, '"…"').slice(0, MAX_DETAIL_LENGTH) }
        : {}),
    };
  } catch {
    return {};
  }
}

/**
 * The request's redacted body, while the tenant's policy (the authorizer's, at most its cache TTL old)
 * keeps bodies at `at`: never the headers or the query string. By then the body parser has made the body
 * JSON, or left it a string (not parsed). Never a reason for the line, or the request, to fail.
 */
function keptBody(event: APIGatewayProxyEvent, at: number): string | undefined {
  try {
    return keepsBodiesAt(policyOf(event), at) ? redactedBody(event.body) : undefined;
  } catch {
    return undefined;
  }
}

/** The entry of a request and its answer; undefined for a read that succeeded (not logged) or no tenant. */
export function entryOf(
  event: APIGatewayProxyEvent,
  response: APIGatewayProxyResult | undefined,
  startedAt: number,
  endedAt: number,
): { tenant: string; entry: RequestLogEntry } | undefined {
  const status = response?.statusCode ?? 500;
  if ((event.httpMethod === 'GET' || event.httpMethod === 'HEAD') && status < 400) return undefined;
  let tenant: string;
  try {
    tenant = tenantOf(event);
  } catch {
    return undefined;
  }
  const headers = (event.headers ?? {}) as Record<string, string>;
  const error = status >= 400 ? errorFields(response?.body) : {};
  const attributes = attributesWritten(event.httpMethod, event.body);
  const credentialId = event.requestContext.authorizer?.tokenId;
  const hint = failureHint(status, error.scimType);
  const body = keptBody(event, startedAt);
  return {
    tenant,
    entry: {
      time: new Date(startedAt).toISOString(),
      method: event.httpMethod,
      path: event.path,
      status,
      ...error,
      dialect: dialectOf(headers, (event.queryStringParameters ?? {}) as Record<string, string>, event.body),
      latencyMs: Math.max(0, Math.round(endedAt - startedAt)),
      requestId: event.requestContext.requestId,
      ...(typeof credentialId === 'string' ? { credentialId } : {}),
      ...(attributes === undefined || attributes.length === 0 ? {} : { attributes }),
      ...(hint === undefined ? {} : { hint }),
      ...(body === undefined ? {} : { body }),
    },
  };
}

/** A line not written: a warning with its reason, and 1 of the metric `RequestLogNotWritten` (docs/metrics.md). */
function notWritten(reason: string): void {
  logger.warn('request log not written', { reason });
  emitMetrics((metrics) => metrics.addMetric('RequestLogNotWritten', MetricUnit.Count, 1));
}

/**
 * Waits for `write` at most `budgetMillis`; a failure or a timeout is logged, never thrown. A failure that
 * comes after the budget is logged too, when it comes (the next invocation's, since Lambda freezes the
 * process between them).
 */
export async function writeWithinBudget(write: () => Promise<void>, budgetMillis: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMillis);
  });
  const written = Promise.resolve()
    .then(write)
    .then(
      () => 'written' as const,
      (error: unknown) => {
        notWritten(error instanceof Error ? error.name : 'error');
        return 'failed' as const;
      },
    );
  try {
    if ((await Promise.race([written, late])) === 'late') notWritten('timeout');
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Middleware that writes a line to the tenant's request log for every write and every failure, after the
 * answer is made (its status, and an error's scimType and detail, are what the client got). Use it before
 * the middleware that turns errors into answers, so that its onError runs after that one (middy runs
 * onError in reverse order).
 */
export function requestLog(
  sink: RequestLogSink,
  { now = () => Date.now(), budgetMillis = REQUEST_LOG_BUDGET_MS } = {},
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const started = new WeakMap<object, number>();
  const record = async (request: { event: APIGatewayProxyEvent; response: APIGatewayProxyResult | null }) => {
    const line = entryOf(
      request.event,
      request.response ?? undefined,
      started.get(request.event) ?? now(),
      now(),
    );
    if (line !== undefined) await writeWithinBudget(() => sink.write(line.tenant, line.entry), budgetMillis);
  };
  return {
    before: (request) => {
      started.set(request.event, now());
    },
    after: record,
    onError: record,
  };
}
