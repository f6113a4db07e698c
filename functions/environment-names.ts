/**
 * The functions' environment variables, named once: the stack (lib/) sets them, the entry points read them,
 * the local server and the tests set them for local runs. Imported by lib/ and by functions/http/logger.ts
 * and emit-metrics.ts (so into every bundle), hence a leaf: it imports nothing, not even valibot (functions/config.ts holds the
 * schemas), and reads no `process.env`.
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
  /** The logs' `service` key and the metrics' `service` dimension: the stack's name (lib/scim-function.ts). */
  POWERTOOLS_SERVICE_NAME: 'POWERTOOLS_SERVICE_NAME',
  /** The metrics' CloudWatch namespace: METRICS_NAMESPACE (functions/http/emit-metrics.ts). */
  POWERTOOLS_METRICS_NAMESPACE: 'POWERTOOLS_METRICS_NAMESPACE',
  /** `true`: no EMF lines (the local server, the tests); read by Powertools itself (docs/metrics.md). */
  POWERTOOLS_METRICS_DISABLED: 'POWERTOOLS_METRICS_DISABLED',
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
  /** The provisioning event bus, for the event function (lib/scim-events.ts). */
  EVENT_BUS_NAME: 'EVENT_BUS_NAME',
  /**
   * The deployment's declared extension schemas, as JSON (functions/scim/schema/extension-declaration.ts), for
   * the Users, Groups and discovery functions; unset: none.
   */
  SCHEMA_EXTENSIONS: 'SCHEMA_EXTENSIONS',
  /** Days a line of a tenant's request log is kept (DynamoDB TTL); unset: 30. */
  REQUEST_LOG_DAYS: 'REQUEST_LOG_DAYS',
} as const;

/**
 * The CloudWatch namespace of the functions' metrics (docs/metrics.md): a contract with the dashboard and the
 * alarms, which find the metrics under it. Each stack's metrics are told apart by their `service` dimension.
 */
export const METRICS_NAMESPACE = 'ScimEndpoint';

/** The name of one of the functions' environment variables. */
export type EnvironmentName = (typeof ENV)[keyof typeof ENV];
