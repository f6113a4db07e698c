import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { QUARANTINE_WEIGHT } from '../config';
import { emitMetrics, type MetricRecord } from './emit-metrics';
import { errorFields } from './request-log';
import { tenantOf } from './scim-request';

/** A request's answer, as the client got it, and how long the function took to make it. */
interface Outcome {
  readonly event: APIGatewayProxyEvent;
  readonly status: number;
  readonly body: string | undefined;
  readonly latencyMs: number;
}

/** The tenant of the request, or none (a request the authorizer did not resolve, in a test). */
function tenantOrNone(event: APIGatewayProxyEvent): string | undefined {
  try {
    return tenantOf(event);
  } catch {
    return undefined;
  }
}

/**
 * The tenant is metadata, a property of the EMF line, never a dimension: every combination of dimension
 * values is a custom metric of its own, billed at $0.30 a month (CloudWatch pricing, first 10,000 metrics),
 * so a tenant dimension would cost three metrics per operation per tenant. As a property it costs nothing
 * and CloudWatch Logs Insights and Contributor Insights still group by it (docs/metrics.md).
 */
function withTenant(metrics: Parameters<MetricRecord>[0], tenant: string | undefined) {
  if (tenant !== undefined) metrics.addMetadata('tenant', tenant);
}

/**
 * The request's weight in its tenant's quarantine risk (QUARANTINE_WEIGHT), a number on the line that the
 * stack's Contributor Insights rule sums per tenant. Powertools types metadata as strings but writes the
 * value as given; the rule's ValueOf needs a JSON number, which request-metrics.test.ts checks on the line.
 */
function withQuarantineWeight(metrics: Parameters<MetricRecord>[0], status: number) {
  const weight = status >= 400 ? QUARANTINE_WEIGHT.failed : QUARANTINE_WEIGHT.succeeded;
  metrics.addMetadata(QUARANTINE_WEIGHT.field, weight as unknown as string);
}

/**
 * `Requests`, `Failures` and `Latency` by {service, operation}, operation being API Gateway's route template
 * (`PATCH /scim/v2/Groups/{id}`: `resource` is the template, never the path with its ids); then, for a
 * failure, `FailuresByType` by {service, status, scimType} in a line of its own, since every metric of a line
 * is published under every dimension set of that line.
 */
function recordRequest({ event, status, body, latencyMs }: Outcome): void {
  const tenant = tenantOrNone(event);
  emitMetrics((metrics) => {
    metrics.addDimension('operation', `${event.httpMethod} ${event.resource}`);
    metrics.addMetric('Requests', MetricUnit.Count, 1);
    metrics.addMetric('Failures', MetricUnit.Count, status >= 400 ? 1 : 0);
    metrics.addMetric('Latency', MetricUnit.Milliseconds, latencyMs);
    withTenant(metrics, tenant);
    if (tenant !== undefined) withQuarantineWeight(metrics, status);
  });
  if (status < 400) return;
  const scimType = errorFields(body).scimType ?? 'none';
  emitMetrics((metrics) => {
    metrics.addDimensions({ status: String(status), scimType });
    metrics.addMetric('FailuresByType', MetricUnit.Count, 1);
    withTenant(metrics, tenant);
  });
}

/**
 * Middleware that emits a request's metrics (docs/metrics.md) once its answer is made. Use it after the
 * request log and before the middleware that turns errors into answers: its onError then runs after that one
 * (middy runs onError in reverse order) and sees the answer the client got, and its after runs before the
 * request log's, so that Latency leaves out the log's write, as the log's own latencyMs does.
 */
export function requestMetrics({
  now = () => Date.now(),
} = {}): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const started = new WeakMap<object, number>();
  const record = (request: { event: APIGatewayProxyEvent; response: APIGatewayProxyResult | null }) => {
    const endedAt = now();
    recordRequest({
      event: request.event,
      status: request.response?.statusCode ?? 500,
      body: request.response?.body,
      latencyMs: Math.max(0, Math.round(endedAt - (started.get(request.event) ?? endedAt))),
    });
  };
  return {
    before: (request) => {
      started.set(request.event, now());
    },
    after: record,
    onError: record,
  };
}
