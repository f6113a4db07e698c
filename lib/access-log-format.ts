import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * The access log's fields: name → API Gateway `$context` variable. No Authorization header, no query
 * string (filters carry user names), no body.
 *
 * Every variable is written inside quotes. API Gateway writes `-` for a variable it has no value for, the
 * numeric ones included ($context.integrationLatency on a 401, a 429 or a 404 it answers itself), so an
 * unquoted `$context.integrationLatency` makes such a line `"integrationLatency":-`, which is not JSON.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html
 *
 * API Gateway does not escape what it substitutes, so a client-chosen value containing `"` or `\` would
 * break the line too (https://github.com/DataBiosphere/azul/issues/4348): the fields are limited to values
 * a client cannot shape freely. The User-Agent header is therefore left out; the tenant id, the resource
 * template, the method, the source IP, ids, times, numbers and response types cannot carry a quote.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  method: '$context.httpMethod',
  resource: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  tenant: '$context.authorizer.tenantId',
  error: '$context.error.responseType',
  sourceIp: '$context.identity.sourceIp',
} as const;

/** The field naming the API (a constant per stack), used as the dimension of the access-log metrics. */
export const ACCESS_LOG_API_FIELD = '$.api';

/** The access-log format: one JSON object per request, every value a string. */
export function accessLogFormat(apiName: string): string {
  if (/["\\$]/.test(apiName)) throw new Error(`API name ${JSON.stringify(apiName)} cannot be logged as is`);
  return JSON.stringify({ api: apiName, ...ACCESS_LOG_FIELDS });
}

/**
 * A filter pattern matching access-log lines whose field is one of the values. Every logged value is a
 * string (`"status":"429"`), so the pattern compares strings (`$.status = "429"`): a quoted value in a JSON
 * filter pattern is a string comparison, an unquoted number a numeric one.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export function accessLogStringEquals(field: string, values: readonly string[]): logs.JsonPattern {
  const patterns = values.map((value) => logs.FilterPattern.stringValue(field, '=', value));
  const [first, ...rest] = patterns;
  if (first === undefined) throw new Error('accessLogStringEquals needs a value');
  return rest.length === 0 ? first : logs.FilterPattern.any(first, ...rest);
}
