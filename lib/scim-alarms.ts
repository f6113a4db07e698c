import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface ScimAlarmsProps {
  readonly api: apigw.RestApi;
  readonly authorizer: lambda.IFunction;
  readonly functions: readonly lambda.IFunction[];
  readonly accessLogs: logs.ILogGroup;
  /** Where alarms notify; without one they only show in CloudWatch. */
  readonly topic?: sns.ITopic;
}

/** The signals an operator needs: server errors, authorizer errors, and throttled tenants. */
export class ScimAlarms extends Construct {
  readonly serverErrorRate: cloudwatch.Alarm;
  readonly authorizerErrors: cloudwatch.Alarm;
  readonly throttledRequests: cloudwatch.Alarm;
  readonly functionThrottles: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ScimAlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);

    this.serverErrorRate = new cloudwatch.MathExpression({
      expression: '100 * errors / MAX([requests, 1])',
      usingMetrics: {
        errors: props.api.metricServerError({ period, statistic: 'Sum' }),
        requests: props.api.metricCount({ period, statistic: 'Sum' }),
      },
      period,
      label: '5xx responses (%)',
    }).createAlarm(this, 'ServerErrorRate', {
      alarmDescription:
        'More than 5% of SCIM requests answered 5xx: identity providers retry, then fail the cycle',
      threshold: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.authorizerErrors = props.authorizer
      .metricErrors({ period, statistic: 'Sum' })
      .createAlarm(this, 'AuthorizerErrors', {
        alarmDescription: 'The authorizer failed (the tokens table?): requests get 503 until it recovers',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });

    // API Gateway has no throttle metric: count 429s in the access log.
    const throttled = new logs.MetricFilter(this, 'ThrottledFilter', {
      logGroup: props.accessLogs,
      filterPattern: logs.FilterPattern.numberValue('$.status', '=', 429),
      metricNamespace: 'ScimEndpoint',
      metricName: 'ThrottledRequests',
      metricValue: '1',
      defaultValue: 0,
      dimensions: { ApiName: '$.api' },
    });
    this.throttledRequests = throttled
      .metric({ period, statistic: 'Sum', dimensionsMap: { ApiName: props.api.restApiName } })
      .createAlarm(this, 'ThrottledRequests', {
        alarmDescription: 'Tenants are being throttled (429): consider moving them to a larger tier',
        threshold: 50,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });

    this.functionThrottles = new cloudwatch.MathExpression({
      expression: props.functions.map((_, i) => `t${i}`).join(' + '),
      usingMetrics: Object.fromEntries(
        props.functions.map((f, i) => [`t${i}`, f.metricThrottles({ period, statistic: 'Sum' })]),
      ),
      period,
      label: 'Lambda throttles',
    }).createAlarm(this, 'FunctionThrottles', {
      alarmDescription: 'Lambda throttled SCIM functions: the account concurrency limit is reached',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    if (props.topic !== undefined) {
      const action = new actions.SnsAction(props.topic);
      for (const alarm of [
        this.serverErrorRate,
        this.authorizerErrors,
        this.throttledRequests,
        this.functionThrottles,
      ]) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }
}
