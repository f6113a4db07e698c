/**
 * What a tenant's vendor decided about its data's lifecycle: how a DELETE deletes, whether deactivated
 * users are purged, whether writes are paused, and until when the request log keeps redacted bodies. Set by the admin CLI (`tenants set`), stored on the
 * tenant's record and handed to every request by the authorizer, so it takes effect within the
 * authorizer's cache TTL.
 */
export interface TenantPolicy {
  /** hard: today's behaviour. retain: DELETE keeps a tombstone visible to the reader for `days`, then TTL purges it. */
  readonly deletion: { readonly mode: 'hard' } | { readonly mode: 'retain'; readonly days: number }; // days 1..365
  /** Users with active=false for this many days are purged by the daily sweep; absent = off. 1..3650 */
  readonly purgeDeactivatedAfterDays?: number;
  /** Writes answer 503 + Retry-After; reads keep working. */
  readonly paused: boolean;
  /**
   * Until this instant (ISO 8601, as toISOString writes it) the request log's lines carry the request's
   * redacted body (docs/request-log.md); absent = never. An instant, not a switch, so that it ends by itself.
   */
  readonly logBodiesUntil?: string;
}

export const DEFAULT_TENANT_POLICY: TenantPolicy = { deletion: { mode: 'hard' }, paused: false };

/** The bounds of the policy's numbers, inclusive. */
export const POLICY_LIMITS = {
  retainDays: { min: 1, max: 365 },
  purgeDeactivatedAfterDays: { min: 1, max: 3650 },
  /** How far ahead `tenants set --log-bodies` may set logBodiesUntil: a week, bodies being personal data. */
  logBodiesMinutes: { min: 1, max: 7 * 24 * 60 },
} as const;

/** The default retention of `--deletion retain` without `--retain-days`. */
export const DEFAULT_RETAIN_DAYS = 30;

function inRange(value: unknown, limits: { readonly min: number; readonly max: number }): value is number {
  return Number.isInteger(value) && (value as number) >= limits.min && (value as number) <= limits.max;
}

/**
 * Whether a value is an instant as toISOString writes it (`2026-06-01T10:00:00.000Z`): Date.parse alone
 * would roll 2026-02-30 over to 2 March.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const at = Date.parse(value);
  return Number.isFinite(at) && new Date(at).toISOString() === value;
}

/** Whether the policy keeps bodies at `at` (ms since the epoch): only before logBodiesUntil. */
export function keepsBodiesAt(policy: TenantPolicy, at: number): boolean {
  return policy.logBodiesUntil !== undefined && at < Date.parse(policy.logBodiesUntil);
}

/** Why a value is not a TenantPolicy, or undefined if it is one. A past logBodiesUntil is one: it ended. */
export function policyProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'a policy is an object';
  const { deletion, purgeDeactivatedAfterDays, paused, logBodiesUntil } = value as Record<string, unknown>;
  if (typeof paused !== 'boolean') return 'paused must be true or false';
  if (logBodiesUntil !== undefined && !isInstant(logBodiesUntil))
    return 'logBodiesUntil is an instant such as 2026-06-01T10:00:00.000Z';
  const mode = (deletion as { mode?: unknown } | undefined)?.mode;
  if (mode === 'retain') {
    const days = (deletion as { days?: unknown }).days;
    const { min, max } = POLICY_LIMITS.retainDays;
    if (!inRange(days, POLICY_LIMITS.retainDays)) return `retained deletion keeps ${min} to ${max} days`;
  } else if (mode !== 'hard') {
    return 'deletion is hard or retain';
  }
  if (
    purgeDeactivatedAfterDays !== undefined &&
    !inRange(purgeDeactivatedAfterDays, POLICY_LIMITS.purgeDeactivatedAfterDays)
  ) {
    const { min, max } = POLICY_LIMITS.purgeDeactivatedAfterDays;
    return `deactivated users are purged after ${min} to ${max} days`;
  }
  return undefined;
}

/** A stored policy as its canonical TenantPolicy (only the known keys), or an Error naming the problem. */
export function parseTenantPolicy(value: unknown): TenantPolicy {
  const problem = policyProblem(value);
  if (problem !== undefined) throw new Error(`Not a tenant policy: ${problem}`);
  const { deletion, purgeDeactivatedAfterDays, paused, logBodiesUntil } = value as TenantPolicy;
  return {
    deletion: deletion.mode === 'retain' ? { mode: 'retain', days: deletion.days } : { mode: 'hard' },
    ...(purgeDeactivatedAfterDays === undefined ? {} : { purgeDeactivatedAfterDays }),
    paused,
    ...(logBodiesUntil === undefined ? {} : { logBodiesUntil }),
  };
}

/** The policy as readable lines, for `tenants show`; `now` tells a logBodiesUntil to come from one past. */
export function describeTenantPolicy(policy: TenantPolicy, now: Date = new Date()): string[] {
  const { deletion, purgeDeactivatedAfterDays, paused, logBodiesUntil } = policy;
  const bodies =
    logBodiesUntil === undefined
      ? 'off'
      : keepsBodiesAt(policy, now.getTime())
        ? `kept (redacted) until ${logBodiesUntil}`
        : `off (ended ${logBodiesUntil})`;
  return [
    `deletion: ${deletion.mode === 'retain' ? `retain ${deletion.days} days` : 'hard'}`,
    `purge deactivated users: ${purgeDeactivatedAfterDays === undefined ? 'off' : `after ${purgeDeactivatedAfterDays} days`}`,
    `writes: ${paused ? 'paused' : 'open'}`,
    `request log bodies: ${bodies}`,
  ];
}

/**
 * The policy as an API Gateway authorizer's context, whose values may only be strings, numbers or
 * booleans (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html):
 * so flattened, with 0 for "hard" and for "off".
 */
export interface PolicyContext {
  readonly paused: boolean;
  /** 0 = hard deletion. */
  readonly deletionRetentionDays: number;
  /** 0 = off. */
  readonly purgeDeactivatedAfterDays: number;
  /** The instant, a string as the context allows; absent = never (as in a context from before it existed). */
  readonly logBodiesUntil?: string;
}

export function policyContext(policy: TenantPolicy): PolicyContext {
  return {
    paused: policy.paused,
    deletionRetentionDays: policy.deletion.mode === 'retain' ? policy.deletion.days : 0,
    purgeDeactivatedAfterDays: policy.purgeDeactivatedAfterDays ?? 0,
    ...(policy.logBodiesUntil === undefined ? {} : { logBodiesUntil: policy.logBodiesUntil }),
  };
}

/** A context boolean as either form: `true`, or `"true"` as API Gateway hands it to the proxy integration. */
function contextBoolean(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** A context number as either form: `30`, or `"30"` as API Gateway hands it to the proxy integration. */
function contextNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * The policy of an authorizer context, as policyContext wrote it. API Gateway hands a REST API's proxy
 * integration the context's values as strings (the doc's example: `"numberKey": "1"`, `"booleanKey":
 * "true"`), the local gateway as they were returned: both are read. A key that is missing (a context from
 * before policies) takes the default's value. A value of a wrong type is thrown: the context is the
 * authorizer's, so that is a deployment fault, not a client error.
 */
export function policyOfContext(context: { readonly [K in keyof PolicyContext]?: unknown }): TenantPolicy {
  const paused = contextBoolean(context.paused ?? false);
  const retentionDays = contextNumber(context.deletionRetentionDays ?? 0);
  const purgeDays = contextNumber(context.purgeDeactivatedAfterDays ?? 0);
  const logBodiesUntil = context.logBodiesUntil;
  const policy = {
    deletion: retentionDays === 0 ? { mode: 'hard' } : { mode: 'retain', days: retentionDays },
    ...(purgeDays === 0 ? {} : { purgeDeactivatedAfterDays: purgeDays }),
    paused,
    ...(logBodiesUntil === undefined ? {} : { logBodiesUntil }),
  };
  const problem = policyProblem(policy);
  if (problem !== undefined) throw new Error(`The authorizer's context carries no valid policy: ${problem}`);
  return policy as TenantPolicy;
}
