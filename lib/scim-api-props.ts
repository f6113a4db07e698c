import type { Duration } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { SchemaExtensionDeclaration } from '../functions/scim/schema/extension-declaration';
import type { UsageTier } from './usage-tiers';

/** Stage throttling of the token endpoint. */
export interface TokenEndpointThrottle {
  /** Steady-state requests per second, all callers together. Default 10. */
  readonly rateLimit?: number;
  /** Requests at once above the rate (a whole number). Default 20. */
  readonly burstLimit?: number;
}

/** The options of {@link ScimApi}: each has a default, so `new ScimApi(this, 'Scim')` is a working endpoint. */
export interface ScimApiProps {
  /**
   * Throttling tiers by id. Default: `standard` 25 requests/s with a burst of 50 (Microsoft's
   * expectation for gallery apps), `large` 100/200, `xlarge` 500/1000.
   *
   * The id (the key) is the tier's identity and never changes: it names the tier's usage plan and its
   * CloudFormation logical id, and tenants' records refer to it. Limits may change and tiers may be
   * reordered or added freely; the plans are updated in place. Renaming or dropping an id deletes that
   * usage plan, and every tenant whose API key is in it gets 403, so instead:
   * - close a tier with `retired: true`: no new tenants, its plan and tenants stay;
   * - once its tenants are moved out (`npx scim-admin tenants move <tenant> --tier <other>`), drop it from
   *   `tiers` and name it in `removedTiers`.
   * Synth refuses a default tier (`standard`, `large`, `xlarge`) that is neither declared nor in
   * `removedTiers`, a default tier that is retired or missing, and an id other than 1 to 32 lower-case
   * letters, digits and `-`.
   */
  readonly tiers?: Readonly<Record<string, UsageTier>>;
  /**
   * Ids of tiers removed on purpose, after their tenants were moved out; their usage plans are deleted.
   * A stack first deployed with its own `tiers` names here the default tiers it never had.
   */
  readonly removedTiers?: readonly string[];
  /** The tier of new tenants. Default `standard`; it must be one of `tiers` and not retired. */
  readonly defaultTier?: string;
  /**
   * Concurrent executions reserved for the authorizer, so that a busy tenant's SCIM traffic cannot use up
   * the account's concurrency and leave every tenant's authorization throttled; it is also the
   * authorizer's ceiling. Default 20: with answers cached per token, 20 executions of a few milliseconds
   * each authorize far more new tokens per second than any tier allows. The reservation is taken from the
   * account's unreserved pool, which Lambda keeps at 100 or more: in an account whose concurrency quota is
   * below 120 (new accounts may start lower), pass `false` or raise the quota.
   * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
   */
  readonly authorizerReservedConcurrency?: number | false;
  /**
   * DynamoDB deletion protection on both tables. Default false: a protected table makes the rollback of a
   * failed first deploy fail (see `ScimTable`); the tables are retained on stack deletion either way.
   * Turn it on once the stack exists to guard against a table being deleted by hand.
   */
  readonly tableDeletionProtection?: boolean;
  /**
   * How long API Gateway caches the authorizer's answer per token. A revoked token, or one of a disabled
   * tenant, keeps working until its cached answer expires. Default 5 minutes; at most 1 hour.
   */
  readonly authorizerCacheTtl?: Duration;
  /** The API Gateway stage. Default `prod`. */
  readonly stageName?: string;
  /** Retention of function and access logs. Default three months. */
  readonly logRetention?: logs.RetentionDays;
  /** Where alarms notify (5xx rate, authorizer errors, throttling, events in the dead-letter queue or late). */
  readonly alarmTopic?: sns.ITopic;
  /**
   * A WAF web ACL rate-limiting each bearer token (never each IP) on the SCIM paths, and each IP on the token
   * endpoint, where no bearer token exists yet (`tokenRequestsPerIpPer5Minutes`, default 100, at least 10:
   * WAF's lowest rate limit; keep it generous, Microsoft Entra ID calls from shared IP ranges). Default: none.
   */
  readonly webAcl?: {
    readonly requestsPerTokenPer5Minutes: number;
    readonly tokenRequestsPerIpPer5Minutes?: number;
  };
  /**
   * Throttling of the OAuth 2.0 token endpoint (`POST /oauth2/token`), a stage method setting: one bucket for
   * every caller, since the method takes no API key and usage plans therefore do not apply to it. Over the
   * limit API Gateway answers 429 itself. Entra asks for a token about once per token lifetime per
   * provisioning job, so the default, 10 requests/s with a burst of 20, is ample; it caps guessing.
   */
  readonly tokenEndpointThrottle?: TokenEndpointThrottle;
  /** A custom domain for the Tenant URL; with a hosted zone, its alias record is created too. */
  readonly customDomain?: {
    readonly domainName: string;
    readonly certificate: acm.ICertificate;
    readonly hostedZone?: route53.IHostedZone;
  };
  /**
   * @deprecated The data table's stream (new and old images) is always on now: the provisioning events are
   * read from it (`eventBus`). Setting this changes nothing.
   */
  readonly dataStream?: boolean;
  /**
   * How long the event bus's archive keeps the provisioning events, for replay to a new consumer
   * (docs/events.md, Delivery). Default 30 days.
   */
  readonly eventArchiveRetention?: Duration;
  /** Memory of the Users and Groups functions, in MB. Default 1024 (Lambda CPU grows with memory). */
  readonly memorySize?: number;
  /**
   * Extension schemas of the vendor's own (docs/schema-extensions.md): listed in `/Schemas` and the resource
   * types' `schemaExtensions`, validated like the core, filterable. Checked at synth; they reach the Users,
   * Groups and discovery functions in an environment variable, so they must fit Lambda's 4 KB environment
   * (lib/environment-size.ts). Default: none (extensions sent anyway are stored as sent, undeclared).
   */
  readonly schemaExtensions?: readonly SchemaExtensionDeclaration[];
  /**
   * How long a line of a tenant's request log is kept (docs/request-log.md), in whole days from 1 to 3,650;
   * DynamoDB TTL removes it after. Default 30 days.
   */
  readonly requestLogRetention?: Duration;
}
