import * as v from 'valibot';
import { ENV } from './environment-names';

// The names live in a leaf without valibot, so that a function that only reads a name (the logger's
// LOG_LEVEL, in every bundle) does not bundle the schemas; re-exported so that importers need one module.
export { ENV, type EnvironmentName, METRICS_NAMESPACE } from './environment-names';

/*
 * Environment variables, read once at cold start and validated: a misconfigured function fails at init,
 * loudly, instead of on some later request. The declared schema extensions are read in
 * resource-environment.ts, not here: every bundle imports this module, and the schemas they build would
 * then be in every bundle (the authorizer's among them), though only Users, Groups and discovery use them.
 */
const region = v.optional(v.pipe(v.string(), v.minLength(1)), 'us-east-1');
const tableName = v.pipe(v.string('must be set'), v.minLength(1, 'must not be empty'));
const endpoint = v.optional(v.pipe(v.string(), v.url('must be a URL')));
const nonEmpty = v.pipe(v.string(), v.minLength(1));

export const dataFunctionEnvironment = v.object({
  [ENV.AWS_REGION]: region,
  [ENV.TABLE_NAME]: tableName,
  [ENV.DYNAMODB_ENDPOINT]: endpoint,
});

/** The request log's retention in whole days (docs/request-log.md): the construct checks the same range. */
export const REQUEST_LOG_DAYS = { min: 1, max: 3650, default: 30 } as const;

/** Days a request-log line is kept (the construct's requestLogRetention). */
export const requestLogDays = v.pipe(
  v.optional(v.string(), String(REQUEST_LOG_DAYS.default)),
  v.toNumber(),
  v.integer(),
  v.minValue(REQUEST_LOG_DAYS.min),
  v.maxValue(REQUEST_LOG_DAYS.max),
);

/**
 * The weight of a request in its tenant's quarantine risk, a number on each SCIM request's metrics line
 * that the stack's Contributor Insights rule sums per tenant (lib/tenant-insights.ts): a failure (400 or
 * more) adds 0.6, any other answer takes 0.4 away, so a tenant's sum is positive exactly when more than
 * 40 % of its requests fail, the share at which Entra quarantines a provisioning job.
 */
export const QUARANTINE_WEIGHT = { field: 'quarantineWeight', failed: 0.6, succeeded: -0.4 } as const;

export const tokensFunctionEnvironment = v.object({
  [ENV.AWS_REGION]: region,
  [ENV.TOKENS_TABLE_NAME]: tableName,
  [ENV.DYNAMODB_ENDPOINT]: endpoint,
});

/**
 * The authorizer's and the token function's: the tokens table, and the data table's name for the lines
 * they add to a tenant's request log (a refused credential of a known tenant; a token request).
 */
export const credentialFunctionEnvironment = v.object({
  ...tokensFunctionEnvironment.entries,
  [ENV.DATA_TABLE_NAME]: nonEmpty,
  [ENV.REQUEST_LOG_DAYS]: requestLogDays,
});

/** The event function's: the data table's (for which resources are being deleted), and the bus. */
export const eventFunctionEnvironment = v.object({
  ...dataFunctionEnvironment.entries,
  [ENV.EVENT_BUS_NAME]: nonEmpty,
});

/** The admin function's: the tokens table's, and what tenants, their tiers and a purge need. */
export const adminFunctionEnvironment = v.object({
  ...tokensFunctionEnvironment.entries,
  [ENV.DATA_TABLE_NAME]: nonEmpty,
  [ENV.USAGE_PLANS]: v.pipe(v.string(), v.parseJson(), v.record(v.string(), v.string())),
  [ENV.DEFAULT_TIER]: nonEmpty,
  [ENV.RETIRED_TIERS]: v.optional(v.pipe(v.string(), v.parseJson(), v.array(v.string())), '[]'),
  [ENV.API_KEY_NAME_PREFIX]: nonEmpty,
  [ENV.PURGE_SETTLE_SECONDS]: v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0)),
  [ENV.AWS_LAMBDA_FUNCTION_NAME]: nonEmpty,
});

/** The lifecycle function's: the tokens table (tenants and policies), the data table, and its own name. */
export const lifecycleFunctionEnvironment = v.object({
  ...tokensFunctionEnvironment.entries,
  [ENV.DATA_TABLE_NAME]: nonEmpty,
  [ENV.AWS_LAMBDA_FUNCTION_NAME]: nonEmpty,
});

export function readEnvironment<const S extends v.GenericSchema<unknown, unknown>>(
  schema: S,
  environment: Record<string, string | undefined> = process.env,
): v.InferOutput<S> {
  const result = v.safeParse(schema, environment);
  if (result.success) return result.output;
  const problems = result.issues.map((i) => `${v.getDotPath(i) ?? 'environment'} ${i.message}`);
  throw new Error(`Invalid environment: ${problems.join('; ')}`);
}
