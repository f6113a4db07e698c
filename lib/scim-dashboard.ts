import { Duration, Names, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../functions/config';
import type { ScimAlarms } from './scim-alarms';
import type { ScimEvents } from './scim-events';
import type { TenantInsights } from './tenant-insights';

export interface ScimDashboardProps {
  readonly api: apigw.RestApi;
  readonly alarms: ScimAlarms;
  readonly tenants: TenantInsights;
  readonly events: ScimEvents;
  /** Every other alarm of the endpoint, for the status row (events, lifecycle). */
  readonly otherAlarms: readonly cloudwatch.IAlarm[];
}

const PERIOD = Duration.minutes(5);

/**
 * One page for a stalled sync: alarms first, then traffic, failures and latency by route (the functions'
 * embedded-format metrics, found with SEARCH so that a new route needs no change here), throttling, the
 * authorizer and the token endpoint, event delivery, and the tenants that fail, are throttled and call
 * the most (Contributor Insights). Its URL is a stack output.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html
 */
export class ScimDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ScimDashboardProps) {
    super(scope, id);
    const { alarms, tenants } = props;
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: Names.uniqueResourceName(this, { maxLength: 255, separator: '-' }),
      defaultInterval: Duration.hours(3),
      widgets: [
        [
          new cloudwatch.AlarmStatusWidget({
            title: 'Alarms (README: Monitor, for what to do about each)',
            alarms: [...alarms.all(), ...tenants.all(), ...props.otherAlarms],
            width: 24,
            height: 4,
          }),
        ],
        this.routes(),
        this.gateway(props),
        this.dependencies(props),
        [
          tenants.failures.widget('Tenants with the most failures (4xx, 5xx; not 429)'),
          tenants.throttles.widget('Tenants with the most throttled requests (429)'),
          tenants.requests.widget('Tenants with the most requests'),
        ],
      ],
    });
    for (const rule of [tenants.failures, tenants.throttles, tenants.requests]) {
      this.dashboard.node.addDependency(rule.rule);
    }
  }

  /** The dashboard in the CloudWatch console. */
  get url(): string {
    const { region } = Stack.of(this);
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${this.dashboard.dashboardName}`;
  }

  /** Every series of a metric the functions emit (docs/metrics.md), whatever its dimensions' values. */
  private search(dimensions: string, metricName: string, statistic: string): cloudwatch.MathExpression {
    const service = Stack.of(this).stackName;
    return new cloudwatch.MathExpression({
      expression: `SEARCH('{${METRICS_NAMESPACE},${dimensions}} MetricName="${metricName}" service="${service}"', '${statistic}', ${PERIOD.toSeconds()})`,
      usingMetrics: {},
      period: PERIOD,
      label: '',
    });
  }

  private routes(): cloudwatch.IWidget[] {
    return [
      graph('Requests by route', [this.search('operation,service', 'Requests', 'Sum')]),
      graph('Failures (4xx, 5xx) by route', [this.search('operation,service', 'Failures', 'Sum')]),
      graph('Latency p99 by route (ms)', [this.search('operation,service', 'Latency', 'p99')]),
    ];
  }

  private gateway({ api, alarms }: ScimDashboardProps): cloudwatch.IWidget[] {
    return [
      graph('All requests at the gateway', [
        api.metricCount({ period: PERIOD }),
        api.metricClientError({ period: PERIOD }),
        api.metricServerError({ period: PERIOD }),
      ]),
      graph('Failures by status and scimType', [
        this.search('scimType,service,status', 'FailuresByType', 'Sum'),
      ]),
      graph('Throttling', [alarms.throttledRequests.metric, alarms.functionThrottles.metric]),
    ];
  }

  private dependencies({ alarms, events }: ScimDashboardProps): cloudwatch.IWidget[] {
    return [
      graph('Authorizer: failures, and refusals by reason', [
        alarms.authorizerErrors.metric,
        this.search('reason,service', 'AuthorizerRefusals', 'Sum'),
      ]),
      graph('Token requests refused; request-log lines not written', [
        alarms.tokenRequestsRefused.metric,
        alarms.requestLogNotWritten.metric,
      ]),
      graph('Event delivery: dead letters, errors, stream age (ms)', [
        events.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: PERIOD,
          statistic: 'Maximum',
        }),
        events.function.function.metricErrors({ period: PERIOD }),
        events.iteratorAgeAlarm.metric,
      ]),
    ];
  }
}

function graph(title: string, left: cloudwatch.IMetric[]): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, period: PERIOD });
}
