import { Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * One filter of a rule: a JSON field and one operator. `In`, `NotIn` and `StartsWith` take at most 10
 * strings (evaluated with OR); `IsPresent` takes a boolean; the numeric operators take a number.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html
 */
export type ContributionFilter =
  | { readonly Match: string; readonly In: readonly string[] }
  | { readonly Match: string; readonly NotIn: readonly string[] }
  | { readonly Match: string; readonly StartsWith: readonly string[] }
  | { readonly Match: string; readonly IsPresent: boolean };

export interface ContributorRuleProps {
  /** The JSON log groups the rule reads. */
  readonly logGroups: readonly logs.ILogGroup[];
  /** The fields whose values are the contributors (at most four). */
  readonly keys: readonly string[];
  /** At most four, combined with AND. */
  readonly filters?: readonly ContributionFilter[];
  /** A numeric field to sum per contributor; without it, the rule counts matching lines. */
  readonly sumOf?: string;
}

/** The statistics of a rule that INSIGHT_RULE_METRIC returns (ContributorInsights-GraphReportData). */
export type ContributorStatistic = 'MaxContributorValue' | 'UniqueContributors' | 'SampleCount' | 'Sum';

/** Rule names: 1 to 128 printable ASCII characters (PutInsightRule's RuleName). */
const MAX_RULE_NAME = 128;

/**
 * A CloudWatch Contributor Insights rule on JSON log groups: the top contributors (tenants) of the lines
 * that match, for a dashboard's widget and for alarms through INSIGHT_RULE_METRIC.
 *
 * The name is a plain string derived from the construct's path (unique in the account and region, as a
 * rule name must be), not a token: an alarm's expression quotes it, and CloudWatch only needs the rule to
 * exist before the alarm, which {@link metric}'s callers make a dependency.
 */
export class ContributorRule extends Construct {
  readonly ruleName: string;
  readonly rule: cloudwatch.CfnInsightRule;

  constructor(scope: Construct, id: string, props: ContributorRuleProps) {
    super(scope, id);
    if (props.keys.length < 1 || props.keys.length > 4) throw new Error(`${id}: a rule has 1 to 4 keys`);
    if ((props.filters?.length ?? 0) > 4) throw new Error(`${id}: a rule has at most 4 filters`);
    this.ruleName = Names.uniqueResourceName(this, { maxLength: MAX_RULE_NAME, separator: '-' });
    const body = {
      Schema: { Name: 'CloudWatchLogRule', Version: 1 },
      LogGroupNames: props.logGroups.map((group) => group.logGroupName),
      LogFormat: 'JSON',
      Contribution: {
        Keys: props.keys,
        ...(props.sumOf === undefined ? {} : { ValueOf: props.sumOf }),
        ...(props.filters === undefined ? {} : { Filters: props.filters }),
      },
      AggregateOn: props.sumOf === undefined ? 'Count' : 'Sum',
    };
    this.rule = new cloudwatch.CfnInsightRule(this, 'Rule', {
      ruleName: this.ruleName,
      ruleState: 'ENABLED',
      ruleBody: Stack.of(this).toJsonString(body),
    });
  }

  /** The rule's statistic over each period, as a metric math expression for a graph or an alarm. */
  metric(statistic: ContributorStatistic, period: Duration = Duration.minutes(5)): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: `INSIGHT_RULE_METRIC("${this.ruleName}", "${statistic}")`,
      usingMetrics: {},
      period,
      label: `${this.node.id} (${statistic})`,
    });
  }

  /** A dashboard widget of the rule's top contributors over time. */
  widget(title: string, { width = 8, height = 6, top = 10 } = {}): cloudwatch.IWidget {
    return new ContributorWidget({
      title,
      ruleName: this.ruleName,
      region: Stack.of(this).region,
      width,
      height,
      top,
    });
  }
}

/**
 * CDK has no widget class for a Contributor Insights rule: in the dashboard body, a metric widget takes an
 * `insightRule` object (ruleName, maxContributorCount, orderBy) in place of `metrics`.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */
class ContributorWidget extends cloudwatch.ConcreteWidget {
  constructor(
    private readonly props: {
      title: string;
      ruleName: string;
      region: string;
      width: number;
      height: number;
      top: number;
    },
  ) {
    super(props.width, props.height);
  }

  toJson(): unknown[] {
    const { title, ruleName, region, top } = this.props;
    return [
      {
        type: 'metric',
        width: this.width,
        height: this.height,
        x: this.x,
        y: this.y,
        properties: {
          title,
          region,
          view: 'timeSeries',
          stacked: false,
          period: 300,
          insightRule: { ruleName, maxContributorCount: top, orderBy: 'Sum' },
          legend: { position: 'right' },
        },
      },
    ];
  }
}
