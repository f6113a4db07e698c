import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { ENV } from '../functions/config';
import { type FunctionName, gatewayPaths, SCIM_BASE_PATH } from '../functions/http/route-table';
import { TABLES } from '../functions/storage/table-design';
import { accessLogFormat } from './access-log-format';
import { grantAdminPermissions } from './admin-permissions';
import { ScimAlarms } from './scim-alarms';
import { ScimFunction } from './scim-function';
import { addScimGatewayResponses } from './scim-gateway-responses';
import { ScimTable } from './scim-table';
import { ScimWebAcl } from './scim-web-acl';
import { DEFAULT_TIERS, type UsageTier, validateTiers } from './usage-tiers';
import { useTable } from './use-table';

export { DEFAULT_TIERS, type UsageTier } from './usage-tiers';

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
  /** Where alarms notify (5xx rate, authorizer errors, throttling). */
  readonly alarmTopic?: sns.ITopic;
  /** A WAF web ACL rate-limiting each bearer token (never each IP). Default: none. */
  readonly webAcl?: { readonly requestsPerTokenPer5Minutes: number };
  /** A custom domain for the Tenant URL; with a hosted zone, its alias record is created too. */
  readonly customDomain?: {
    readonly domainName: string;
    readonly certificate: acm.ICertificate;
    readonly hostedZone?: route53.IHostedZone;
  };
  /** Stream data-table changes (new and old images) for the vendor's application. Default false. */
  readonly dataStream?: boolean;
  /** Memory of the Users and Groups functions, in MB. Default 1024 (Lambda CPU grows with memory). */
  readonly memorySize?: number;
}

/**
 * The SCIM 2.0 endpoint: an API Gateway REST API under `/scim/v2` with one function per resource (Users,
 * Groups, discovery), a Lambda authorizer over hashed bearer tokens, per-tenant throttling through usage
 * plans, the data and tokens tables, an admin function for tenants and tokens, logs, alarms and SCIM-shaped
 * gateway errors. Drop it into any stack.
 */
export class ScimApi extends Construct {
  readonly api: apigw.RestApi;
  readonly dataTable: ScimTable;
  readonly tokensTable: ScimTable;
  readonly adminFunction: ScimFunction;
  readonly functions: Readonly<Record<FunctionName | 'authorizer', ScimFunction>>;
  readonly usagePlans: Readonly<Record<string, apigw.UsagePlan>>;
  readonly alarms: ScimAlarms;
  /** The Tenant URL customers paste into their identity provider. */
  readonly tenantUrl: string;

  constructor(scope: Construct, id: string, props: ScimApiProps = {}) {
    super(scope, id);
    const tiers = props.tiers ?? DEFAULT_TIERS;
    const defaultTier = props.defaultTier ?? 'standard';
    validateTiers({ tiers, defaultTier, removedTiers: props.removedTiers ?? [] });
    const reservedConcurrency = props.authorizerReservedConcurrency ?? 20;
    if (reservedConcurrency !== false && !(Number.isInteger(reservedConcurrency) && reservedConcurrency >= 1))
      throw new Error('authorizerReservedConcurrency must be a whole number of at least 1, or false');
    const cacheTtl = props.authorizerCacheTtl ?? Duration.minutes(5);
    if (cacheTtl.toSeconds() > 3600)
      throw new Error('authorizerCacheTtl is at most 1 hour (API Gateway limit)');
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const stack = Stack.of(this);

    this.dataTable = new ScimTable(this, 'DataTable', {
      definition: TABLES.data,
      stream: props.dataStream ?? false,
      deletionProtection: props.tableDeletionProtection ?? false,
    });
    this.tokensTable = new ScimTable(this, 'TokensTable', {
      definition: TABLES.tokens,
      deletionProtection: props.tableDeletionProtection ?? false,
    });

    const fn = (
      name: string,
      entry: string,
      description: string,
      environment: Record<string, string>,
      memorySize = 512,
      reservedConcurrentExecutions?: number,
    ) =>
      new ScimFunction(this, name, {
        entry,
        description,
        environment,
        memorySize,
        timeout: Duration.seconds(28),
        logRetention,
        ...(reservedConcurrentExecutions === undefined ? {} : { reservedConcurrentExecutions }),
      });
    const users = fn('Users', 'users', 'SCIM /Users', {}, props.memorySize ?? 1024);
    const groups = fn('Groups', 'groups', 'SCIM /Groups', {}, props.memorySize ?? 1024);
    const discovery = fn('Discovery', 'discovery', 'SCIM discovery, /Me and /Bulk', {});
    const authorizer = fn(
      'Authorizer',
      'authorizer',
      'SCIM bearer-token authorizer',
      {},
      512,
      reservedConcurrency === false ? undefined : reservedConcurrency,
    );

    // Least privilege: Users and Groups read and write data items; the authorizer reads tokens and records
    // their last use; discovery touches no table.
    for (const f of [users, groups]) {
      useTable(f, this.dataTable, { variable: ENV.TABLE_NAME, access: 'readWrite' });
    }
    useTable(authorizer, this.tokensTable, { variable: ENV.TOKENS_TABLE_NAME, access: 'authorize' });

    // Kept when the stack is deleted, deleted when the create that made it rolls back (see ScimTable).
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logRetention,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const apiName = `${stack.stackName}-scim`;
    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: apiName,
      description: 'SCIM 2.0 provisioning endpoint (RFC 7643/7644)',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // The authorizer supplies each tenant's API key: Entra and Okta send no x-api-key header.
      apiKeySourceType: apigw.ApiKeySourceType.AUTHORIZER,
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stageName ?? 'prod',
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        // Every value quoted, so that every line is JSON (lib/access-log-format.ts).
        accessLogFormat: apigw.AccessLogFormat.custom(accessLogFormat(apiName)),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
      },
    });
    addScimGatewayResponses(this.api);

    const requestAuthorizer = new apigw.RequestAuthorizer(this, 'TokenAuthorizer', {
      handler: authorizer.function,
      identitySources: [apigw.IdentitySource.header('Authorization')],
      resultsCacheTtl: cacheTtl,
    });

    const integrations: Record<FunctionName, apigw.LambdaIntegration> = {
      users: new apigw.LambdaIntegration(users.function, { allowTestInvoke: false }),
      groups: new apigw.LambdaIntegration(groups.function, { allowTestInvoke: false }),
      discovery: new apigw.LambdaIntegration(discovery.function, { allowTestInvoke: false }),
    };
    for (const route of gatewayPaths()) {
      // ANY: the function answers every method, 405 with Allow for those the route does not support.
      this.api.root
        .resourceForPath(`${SCIM_BASE_PATH}${route.path}`)
        .addMethod('ANY', integrations[route.function], {
          authorizer: requestAuthorizer,
          authorizationType: apigw.AuthorizationType.CUSTOM,
          apiKeyRequired: true,
        });
    }

    // One usage plan per tier, its construct id (so its logical id) derived from the tier id alone: see
    // the `tiers` prop. A retired tier keeps its plan, so that its tenants keep working.
    const plans: Record<string, apigw.UsagePlan> = {};
    for (const [id, tier] of Object.entries(tiers)) {
      plans[id] = this.api.addUsagePlan(`UsagePlan-${id}`, {
        name: `${stack.stackName}-${id}`,
        description: `SCIM tenants of tier ${id}${tier.retired === true ? ' (retired)' : ''}: ${tier.rateLimit} requests/s, burst ${tier.burstLimit}`,
        throttle: { rateLimit: tier.rateLimit, burstLimit: tier.burstLimit },
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      });
    }
    this.usagePlans = plans;

    this.adminFunction = new ScimFunction(this, 'Admin', {
      entry: 'admin',
      description: 'SCIM tenants and tokens (invoked by the scim-admin CLI)',
      environment: {
        [ENV.USAGE_PLANS]: stack.toJsonString(
          Object.fromEntries(Object.entries(plans).map(([n, p]) => [n, p.usagePlanId])),
        ),
        [ENV.DEFAULT_TIER]: defaultTier,
        [ENV.RETIRED_TIERS]: JSON.stringify(
          Object.entries(tiers)
            .filter(([, tier]) => tier.retired === true)
            .map(([name]) => name),
        ),
        [ENV.API_KEY_NAME_PREFIX]: `${stack.stackName}-tenant-`,
        // A purge starts once a deleted tenant's cached authorizations have lapsed and their requests ended.
        [ENV.PURGE_SETTLE_SECONDS]: String(cacheTtl.toSeconds() + 30),
      },
      memorySize: 512,
      timeout: Duration.seconds(60),
      logRetention,
    });
    // Before grantAdminPermissions, which grants the same two table statements again (CDK drops the
    // repeats): the policy stays as it was.
    useTable(this.adminFunction, this.tokensTable, { variable: ENV.TOKENS_TABLE_NAME, access: 'manage' });
    useTable(this.adminFunction, this.dataTable, { variable: ENV.DATA_TABLE_NAME, access: 'purge' });
    grantAdminPermissions(this.adminFunction, {
      tokensTable: this.tokensTable,
      dataTable: this.dataTable,
      usagePlans: plans,
    });
    this.functions = { users, groups, discovery, authorizer };

    if (props.webAcl !== undefined) {
      new ScimWebAcl(this, 'WebAcl', {
        stage: this.api.deploymentStage,
        requestsPerTokenPer5Minutes: props.webAcl.requestsPerTokenPer5Minutes,
      });
    }

    if (props.customDomain !== undefined) {
      const domain = this.api.addDomainName('Domain', {
        domainName: props.customDomain.domainName,
        certificate: props.customDomain.certificate,
        endpointType: apigw.EndpointType.REGIONAL,
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      });
      if (props.customDomain.hostedZone !== undefined) {
        new route53.ARecord(this, 'DomainAlias', {
          zone: props.customDomain.hostedZone,
          recordName: props.customDomain.domainName,
          target: route53.RecordTarget.fromAlias(new targets.ApiGatewayDomain(domain)),
        });
      }
      this.tenantUrl = `https://${props.customDomain.domainName}${SCIM_BASE_PATH}`;
    } else {
      this.tenantUrl = `${this.api.url.replace(/\/$/, '')}${SCIM_BASE_PATH}`;
    }

    this.alarms = new ScimAlarms(this, 'Alarms', {
      api: this.api,
      functions: [users, groups, discovery, authorizer].map((f) => f.function),
      accessLogs,
      ...(props.alarmTopic === undefined ? {} : { topic: props.alarmTopic }),
    });

    this.suppressNagFindings(props, [users, groups, discovery, authorizer, this.adminFunction]);
  }

  /** The cdk-nag findings this design accepts, each with its reason. */
  private suppressNagFindings(props: ScimApiProps, functions: ScimFunction[]): void {
    NagSuppressions.addResourceSuppressions(
      this.api,
      [
        {
          id: 'AwsSolutions-APIG2',
          reason:
            'Request bodies are SCIM resources and PatchOps, validated by the functions against the SCIM schemas (RFC 7643); API Gateway models cannot express them.',
        },
        {
          id: 'AwsSolutions-COG4',
          reason:
            'Identity providers authenticate with a per-tenant bearer token, checked by the Lambda REQUEST authorizer.',
        },
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'The account-level API Gateway CloudWatch role uses the AWS managed AmazonAPIGatewayPushToCloudWatchLogs policy, as API Gateway requires.',
          appliesTo: [
            'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
          ],
        },
        ...(props.webAcl === undefined
          ? [
              {
                id: 'AwsSolutions-APIG3',
                reason:
                  'A WAF web ACL is optional (the webAcl prop); per-tenant throttling comes from usage plans keyed by the authorizer.',
              },
            ]
          : []),
      ],
      true,
    );
    for (const f of functions) {
      NagSuppressions.addResourceSuppressions(
        f.role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              "Index ARNs of the function's own tables (table/*/index/*) and the keys of this API's usage plans (usageplans/<id>/keys/*) are only addressable by wildcard.",
            appliesTo: [
              { regex: '/^Resource::<.*Table.*\\.Arn>\\/index\\/\\*$/g' },
              { regex: '/^Resource::arn:.+:apigateway:.*::\\/usageplans\\/<.*>\\/keys\\/\\*$/g' },
            ],
          },
        ],
        true,
      );
    }
  }
}
