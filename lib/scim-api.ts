import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from '../functions/http/route-table';
import { TABLES } from '../functions/storage/table-design';
import { grantRead } from './grant-read';
import { scimAdminFunction } from './scim-admin-function';
import { ScimAlarms } from './scim-alarms';
import type { ScimApiProps } from './scim-api-props';
import { ScimAuth } from './scim-auth';
import { ScimDashboard } from './scim-dashboard';
import { ScimEvents } from './scim-events';
import type { ScimFunction } from './scim-function';
import { ScimGateway } from './scim-gateway';
import { ScimLifecycle } from './scim-lifecycle';
import { suppressScimNagFindings } from './scim-nag-suppressions';
import { ScimRoutes } from './scim-routes';
import { scimSettings } from './scim-settings';
import { ScimTable } from './scim-table';
import { ScimThrottling } from './scim-throttling';
import { ScimTokenEndpoint } from './scim-token-endpoint';
import { TenantInsights } from './tenant-insights';

export type { ScimApiProps } from './scim-api-props';
export { DEFAULT_TIERS, type UsageTier } from './usage-tiers';

/**
 * The SCIM 2.0 endpoint: an API Gateway REST API under `/scim/v2` with one function per resource (Users,
 * Groups, discovery), a Lambda authorizer over hashed bearer tokens (and HTTP Basic client credentials),
 * the OAuth 2.0 token endpoint at `/oauth2/token`, per-tenant throttling through usage plans, the data and
 * tokens tables, an admin function for tenants, tokens and clients, logs, alarms and SCIM-shaped gateway
 * errors. Drop it into any stack.
 *
 * It is assembled from parts, each given typed props with what it needs from {@link scimSettings}: the
 * tables, ScimRoutes (the SCIM functions and their methods), ScimAuth (the authorizer), ScimGateway (the
 * REST API, its access logs, WAF and domain), ScimTokenEndpoint (the token function and method),
 * ScimThrottling (usage plans), the admin function, ScimAlarms,
 * ScimEvents, ScimLifecycle (the daily purge of deactivated users).
 *
 * The parts are not constructs of their own: they add their resources to this construct's scope. A logical
 * id is derived from the construct path, so a construct level more (Scim/Auth/Authorizer instead of
 * Scim/Authorizer) would give every resource below it a new id, and CloudFormation replaces a resource whose
 * id changes: new functions and roles at best; at worst new, empty tables (the old ones retained but
 * orphaned: every tenant's data gone from the endpoint) and new usage plans without the tenants' API keys
 * (every tenant 403). Overriding the ids back is not enough either: IAM policy and authorizer names are
 * derived from the path too. So the paths stay those the resources have always had: the child constructs
 * are the ones there have always been (the ScimTables, the ScimFunctions, the API, ScimWebAcl, ScimAlarms).
 */
export class ScimApi extends Construct {
  readonly api: apigw.RestApi;
  readonly dataTable: ScimTable;
  readonly tokensTable: ScimTable;
  readonly adminFunction: ScimFunction;
  readonly functions: Readonly<Record<FunctionName | 'authorizer' | 'token', ScimFunction>>;
  readonly usagePlans: Readonly<Record<string, apigw.UsagePlan>>;
  readonly alarms: ScimAlarms;
  /** The tenants that fail, are throttled and call most (Contributor Insights), and their alarms. */
  readonly tenantInsights: TenantInsights;
  /** The operator's CloudWatch dashboard. */
  readonly dashboard: ScimDashboard;
  /** The provisioning events of committed writes (docs/events.md): add rules and targets to it. */
  readonly eventBus: events.EventBus;
  /** The bus's archive, the event function, its dead-letter queue and that queue's alarm. */
  readonly events: ScimEvents;
  /** The daily purge of deactivated users (tenant policies): its function and its schedule. */
  readonly lifecycle: ScimLifecycle;
  /** The Tenant URL customers paste into their identity provider. */
  readonly tenantUrl: string;
  /** The OAuth 2.0 token endpoint's URL: Entra's "Token Endpoint" (client credentials, workload identity). */
  readonly tokenEndpoint: string;

  constructor(scope: Construct, id: string, props: ScimApiProps = {}) {
    super(scope, id);
    const settings = scimSettings(props);
    const { logRetention } = settings;
    const deletionProtection = settings.tableDeletionProtection;
    this.dataTable = new ScimTable(this, 'DataTable', {
      definition: TABLES.data,
      // The provisioning events read it (ScimEvents); turning it on keeps the table's logical id.
      stream: true,
      deletionProtection,
    });
    this.tokensTable = new ScimTable(this, 'TokensTable', { definition: TABLES.tokens, deletionProtection });

    const routes = new ScimRoutes(this, {
      dataTable: this.dataTable,
      memorySize: settings.memorySize,
      logRetention,
      ...(props.schemaExtensions === undefined ? {} : { schemaExtensions: props.schemaExtensions }),
      requestLogDays: settings.requestLogDays,
    });
    const { auth, tokenEndpoint } = this.credentials(settings);
    const gateway = new ScimGateway(this, {
      ...props,
      stageName: settings.stageName,
      logRetention,
      tokenEndpointThrottle: settings.tokenEndpointThrottle,
      tokenRequestsPerIpPer5Minutes: settings.tokenRequestsPerIpPer5Minutes,
    });
    this.api = gateway.api;
    this.tenantUrl = gateway.tenantUrl;
    this.tokenEndpoint = gateway.tokenEndpoint;
    routes.addTo(this.api, auth.authorizer);
    tokenEndpoint.addTo(this.api);

    const throttling = new ScimThrottling({ ...settings, api: this.api });
    this.usagePlans = throttling.usagePlans;
    this.adminFunction = scimAdminFunction(this, {
      tokensTable: this.tokensTable,
      dataTable: this.dataTable,
      throttling,
      authorizerCacheTtl: settings.authorizerCacheTtl,
      logRetention,
    });
    this.functions = { ...routes.functions, authorizer: auth.function, token: tokenEndpoint.function };

    const operations = this.operate(props, gateway, logRetention, routes);
    this.alarms = operations.alarms;
    this.tenantInsights = operations.tenants;
    this.dashboard = operations.dashboard;
    this.events = operations.events;
    this.eventBus = this.events.bus;
    this.lifecycle = operations.lifecycle;
  }

  /** The authorizer and the token endpoint: both read the tokens table and log to the tenants' request log. */
  private credentials(settings: ReturnType<typeof scimSettings>) {
    const { logRetention } = settings;
    const requestLog = { dataTable: this.dataTable, requestLogDays: settings.requestLogDays };
    const auth = new ScimAuth(this, {
      tokensTable: this.tokensTable,
      ...requestLog,
      cacheTtl: settings.authorizerCacheTtl,
      reservedConcurrency: settings.authorizerReservedConcurrency,
      logRetention,
    });
    const tokenEndpoint = new ScimTokenEndpoint(this, {
      tokensTable: this.tokensTable,
      ...requestLog,
      logRetention,
    });
    return { auth, tokenEndpoint };
  }

  /** The parts that watch and maintain the others: alarms, events, the lifecycle, cdk-nag's accepted findings. */
  private operate(
    props: ScimApiProps,
    gateway: ScimGateway,
    logRetention: logs.RetentionDays,
    routes: ScimRoutes,
  ) {
    const observed = Object.values(this.functions);
    const alarms = new ScimAlarms(this, 'Alarms', {
      api: this.api,
      functions: observed.map((f) => f.function),
      accessLogs: gateway.accessLogs,
      ...(props.alarmTopic === undefined ? {} : { topic: props.alarmTopic }),
    });
    const events = new ScimEvents(this, {
      dataTable: this.dataTable,
      archiveRetention: props.eventArchiveRetention ?? Duration.days(30),
      logRetention,
      ...(props.alarmTopic === undefined ? {} : { alarmTopic: props.alarmTopic }),
    });
    const lifecycle = new ScimLifecycle(this, { tables: this, logRetention, alarmTopic: props.alarmTopic });
    const tenants = new TenantInsights(this, 'TenantInsights', {
      accessLogs: gateway.accessLogs,
      scimLogs: Object.values(routes.functions).map((f) => f.logGroup),
      topic: props.alarmTopic,
    });
    const dashboard = new ScimDashboard(this, 'Dashboard', {
      api: this.api,
      alarms,
      tenants,
      events,
      otherAlarms: [events.deadLetterAlarm, events.iteratorAgeAlarm, lifecycle.errorsAlarm],
    });
    suppressScimNagFindings(this.api, [...observed, this.adminFunction, lifecycle.function], {
      webAcl: props.webAcl !== undefined,
    });
    return { alarms, events, lifecycle, tenants, dashboard };
  }

  /**
   * Lets the vendor's function (or any grantee) use the reader (`scim-endpoint-aws/reader`): GetItem, Query
   * and BatchGetItem on the data table and its index, nothing that writes; a Lambda function also gets the
   * table's name in `SCIM_TABLE_NAME` (docs/reader.md).
   */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantRead(grantee, this.dataTable);
  }
}
