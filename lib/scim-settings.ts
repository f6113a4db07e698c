import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { REQUEST_LOG_DAYS } from '../functions/config';
import type { ScimApiProps } from './scim-api-props';
import { DEFAULT_TIERS, type TierSettings, validateTiers } from './usage-tiers';

/** {@link ScimApiProps} with its defaults applied and checked: what the parts of ScimApi are built from. */
export interface ScimSettings extends TierSettings {
  /** Undefined: the authorizer shares the account's unreserved pool. */
  readonly authorizerReservedConcurrency: number | undefined;
  readonly authorizerCacheTtl: Duration;
  readonly logRetention: logs.RetentionDays;
  readonly stageName: string;
  readonly memorySize: number;
  readonly tableDeletionProtection: boolean;
  /** Whole days, 1 to 3,650 (functions/config.ts reads the same range). */
  readonly requestLogDays: number;
  /** The token endpoint's stage throttling. */
  readonly tokenEndpointThrottle: { readonly rateLimit: number; readonly burstLimit: number };
  /** The WAF limit per IP on the token endpoint, when there is a web ACL. */
  readonly tokenRequestsPerIpPer5Minutes: number;
}

/** API Gateway caches an authorizer's answer for at most an hour. */
const MAX_CACHE_TTL_SECONDS = 3600;

/**
 * A WAF rate-based rule's limit per window: 10 to 2,000,000,000 ("The lowest limit setting allowed is 10").
 * https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
 */
export const WAF_RATE_LIMIT = { min: 10, max: 2_000_000_000 } as const;

/** The settings of a ScimApi; a value that cannot deploy fails the synth, with a message naming it. */
/** The request log's retention in whole days; anything else fails the synth, saying what is allowed. */
function requestLogDays(retention: Duration | undefined): number {
  if (retention === undefined) return REQUEST_LOG_DAYS.default;
  const days = retention.toDays({ integral: false });
  if (!Number.isInteger(days) || days < REQUEST_LOG_DAYS.min || days > REQUEST_LOG_DAYS.max)
    throw new Error(
      `requestLogRetention must be whole days from ${REQUEST_LOG_DAYS.min} to ${REQUEST_LOG_DAYS.max}; got ${retention.toHumanString()}`,
    );
  return days;
}

export function scimSettings(props: ScimApiProps): ScimSettings {
  const tiers: TierSettings = {
    tiers: props.tiers ?? DEFAULT_TIERS,
    defaultTier: props.defaultTier ?? 'standard',
    removedTiers: props.removedTiers ?? [],
  };
  validateTiers(tiers);
  const reservedConcurrency = props.authorizerReservedConcurrency ?? 20;
  if (reservedConcurrency !== false && !(Number.isInteger(reservedConcurrency) && reservedConcurrency >= 1))
    throw new Error('authorizerReservedConcurrency must be a whole number of at least 1, or false');
  const cacheTtl = props.authorizerCacheTtl ?? Duration.minutes(5);
  if (cacheTtl.toSeconds() > MAX_CACHE_TTL_SECONDS)
    throw new Error('authorizerCacheTtl is at most 1 hour (API Gateway limit)');
  return {
    ...tiers,
    authorizerReservedConcurrency: reservedConcurrency === false ? undefined : reservedConcurrency,
    authorizerCacheTtl: cacheTtl,
    logRetention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    stageName: props.stageName ?? 'prod',
    memorySize: props.memorySize ?? 1024,
    tableDeletionProtection: props.tableDeletionProtection ?? false,
    requestLogDays: requestLogDays(props.requestLogRetention),
    tokenEndpointThrottle: tokenEndpointThrottle(props),
    tokenRequestsPerIpPer5Minutes: tokenRequestsPerIp(props),
  };
}

/** The token endpoint's stage throttling, 10 requests/s with a burst of 20 unless set. */
function tokenEndpointThrottle(props: ScimApiProps): ScimSettings['tokenEndpointThrottle'] {
  const rateLimit = props.tokenEndpointThrottle?.rateLimit ?? 10;
  const burstLimit = props.tokenEndpointThrottle?.burstLimit ?? 20;
  if (!(Number.isFinite(rateLimit) && rateLimit > 0))
    throw new Error('tokenEndpointThrottle.rateLimit must be a positive number of requests per second');
  if (!(Number.isInteger(burstLimit) && burstLimit > 0))
    throw new Error('tokenEndpointThrottle.burstLimit must be a positive whole number of requests');
  return { rateLimit, burstLimit };
}

function tokenRequestsPerIp(props: ScimApiProps): number {
  const limit = props.webAcl?.tokenRequestsPerIpPer5Minutes ?? 100;
  if (!(Number.isInteger(limit) && limit >= WAF_RATE_LIMIT.min && limit <= WAF_RATE_LIMIT.max))
    throw new Error(
      'webAcl.tokenRequestsPerIpPer5Minutes must be a whole number from 10 to 2,000,000,000 (WAF rate limits)',
    );
  return limit;
}
