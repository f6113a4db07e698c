import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { QUARANTINE_WEIGHT } from '../functions/config';
import { ContributorRule } from './contributor-rule';

export interface TenantInsightsProps {
  /** API Gateway's access log (JSON, every value a string: lib/access-log-format.ts). */
  readonly accessLogs: logs.ILogGroup;
  /** The log groups of the SCIM functions, whose per-request metrics line carries the tenant's weight. */
  readonly scimLogs: readonly logs.ILogGroup[];
  readonly topic?: sns.ITopic | undefined;
}

const PERIOD = Duration.minutes(5);

/** A line of a tenant: API Gateway writes `-` for the tenant of a request no authorizer accepted. */
const OF_A_TENANT = { Match: '$.tenant', NotIn: ['-'] } as const;

/**
 * Which tenants fail, are throttled and call most: Contributor Insights rules keyed on the tenant, since a
 * metric dimension per tenant would be a custom metric per tenant (docs/metrics.md). The access log has
 * every request, including those API Gateway answers itself (429, 403); the SCIM functions' lines carry
 * what the access log cannot: a weight per request that makes a tenant's sum positive exactly when more
 * than 40 % of its requests fail, Entra's quarantine threshold (README, Troubleshooting).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html
 */
export class TenantInsights extends Construct {
  readonly failures: ContributorRule;
  readonly throttles: ContributorRule;
  readonly requests: ContributorRule;
  readonly quarantineRisk: ContributorRule;
  readonly tenantFailing: cloudwatch.Alarm;
  readonly tenantThrottled: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: TenantInsightsProps) {
    super(scope, id);
    const accessLog = { logGroups: [props.accessLogs], keys: ['$.tenant'] };
    this.failures = new ContributorRule(this, 'TenantFailures', {
      ...accessLog,
      filters: [
        { Match: '$.status', StartsWith: ['4', '5'] },
        { Match: '$.status', NotIn: ['429'] },
        OF_A_TENANT,
      ],
    });
    this.throttles = new ContributorRule(this, 'TenantThrottles', {
      ...accessLog,
      filters: [{ Match: '$.status', In: ['429'] }, OF_A_TENANT],
    });
    this.requests = new ContributorRule(this, 'TenantRequests', { ...accessLog, filters: [OF_A_TENANT] });
    this.quarantineRisk = new ContributorRule(this, 'TenantQuarantineRisk', {
      logGroups: props.scimLogs,
      keys: ['$.tenant'],
      sumOf: `$.${QUARANTINE_WEIGHT.field}`,
      filters: [{ Match: `$.${QUARANTINE_WEIGHT.field}`, IsPresent: true }],
    });
    this.tenantFailing = this.tenantFailingAlarm();
    this.tenantThrottled = this.tenantThrottledAlarm();
    if (props.topic !== undefined) {
      const action = new actions.SnsAction(props.topic);
      for (const alarm of this.all()) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  /**
   * The top tenant's weighted sum: each failed request adds 0.6 and each other one takes 0.4 away, so the
   * sum is positive when more than 40 % fail, and above 30 only with at least 50 failures in the five
   * minutes. Two periods of three: a cycle that keeps failing this way is quarantined by Entra once its
   * failures reach Microsoft's evaluation floor, which at that pace takes a few cycles.
   */
  private tenantFailingAlarm(): cloudwatch.Alarm {
    return this.alarm('TenantFailing', this.quarantineRisk, 'MaxContributorValue', {
      alarmDescription:
        "A tenant's requests fail at a rate that makes Entra quarantine its provisioning job (more than 40% failing, at least 50 failures in 5 minutes). README, Monitor: TenantFailing",
      threshold: 30,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
  }

  /** A tenant answered 429 at least 100 times in each of six five-minute periods: half an hour, not a burst. */
  private tenantThrottledAlarm(): cloudwatch.Alarm {
    return this.alarm('TenantThrottled', this.throttles, 'MaxContributorValue', {
      alarmDescription:
        'A tenant has been throttled (429) for 30 minutes: its tier is too small for its identity provider. README, Monitor: TenantThrottled',
      threshold: 100,
      evaluationPeriods: 6,
      datapointsToAlarm: 6,
    });
  }

  private alarm(
    id: string,
    rule: ContributorRule,
    statistic: 'MaxContributorValue',
    options: Pick<
      cloudwatch.AlarmProps,
      'alarmDescription' | 'threshold' | 'evaluationPeriods' | 'datapointsToAlarm'
    >,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric: rule.metric(statistic, PERIOD),
      ...options,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // The expression names the rule by its name, not by a reference: create the rule first.
    alarm.node.addDependency(rule.rule);
    return alarm;
  }

  all(): cloudwatch.Alarm[] {
    return [this.tenantFailing, this.tenantThrottled];
  }
}
