import * as v from 'valibot';

/**
 * The functions' environment variables, named once: the stack (lib/) sets them, the entry points read them,
 * the local server and the tests set them for local runs. Imported by lib/ too, so nothing here may import
 * the AWS SDK or read `process.env` at import.
 */
export const ENV = {
  /** Set by Lambda: the function's region. */
  AWS_REGION: 'AWS_REGION',
  /** Set by Lambda: the function's own name. */
  AWS_LAMBDA_FUNCTION_NAME: 'AWS_LAMBDA_FUNCTION_NAME',
  /** The data table, for the Users and Groups functions. */
  TABLE_NAME: 'TABLE_NAME',
  /** The data table, for the admin function's `tenants delete --purge`. */
  DATA_TABLE_NAME: 'DATA_TABLE_NAME',
  /** The tokens table (tenants and their tokens), for the authorizer and the admin function. */
  TOKENS_TABLE_NAME: 'TOKENS_TABLE_NAME',
  /** DynamoDB Local's URL; unset in AWS. */
  DYNAMODB_ENDPOINT: 'DYNAMODB_ENDPOINT',
  /** debug, info (the default), warn, error or silent (functions/http/logger.ts). */
  LOG_LEVEL: 'LOG_LEVEL',
  /** `{"standard": "<usage plan id>", …}`: one usage plan per tier, created by the stack. */
  USAGE_PLANS: 'USAGE_PLANS',
  /** The tier of new tenants. */
  DEFAULT_TIER: 'DEFAULT_TIER',
  /** `["old-tier", …]`: tiers whose usage plans stay for their tenants but that no tenant may join. */
  RETIRED_TIERS: 'RETIRED_TIERS',
  /** Tenants' API keys are named `<prefix><tenant>`: unique to this stack, so a retry finds its own. */
  API_KEY_NAME_PREFIX: 'API_KEY_NAME_PREFIX',
  /** The authorizer cache TTL plus the SCIM functions' timeout: when a deleted tenant's writes have stopped. */
  PURGE_SETTLE_SECONDS: 'PURGE_SETTLE_SECONDS',
} as const;

/** The name of one of the functions' environment variables. */
export type EnvironmentName = (typeof ENV)[keyof typeof ENV];

/*
 * Environment variables, read once at cold start and validated: a misconfigured function fails at init,
 * loudly, instead of on some later request.
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

export const tokensFunctionEnvironment = v.object({
  [ENV.AWS_REGION]: region,
  [ENV.TOKENS_TABLE_NAME]: tableName,
  [ENV.DYNAMODB_ENDPOINT]: endpoint,
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

export function readEnvironment<const S extends v.GenericSchema<unknown, unknown>>(
  schema: S,
  environment: Record<string, string | undefined> = process.env,
): v.InferOutput<S> {
  const result = v.safeParse(schema, environment);
  if (result.success) return result.output;
  const problems = result.issues.map((i) => `${v.getDotPath(i) ?? 'environment'} ${i.message}`);
  throw new Error(`Invalid environment: ${problems.join('; ')}`);
}
