import { Duration } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
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
}

/** API Gateway caches an authorizer's answer for at most an hour. */
const MAX_CACHE_TTL_SECONDS = 3600;

/** The settings of a ScimApi; a value that cannot deploy fails the synth, with a message naming it. */
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
  };
}
