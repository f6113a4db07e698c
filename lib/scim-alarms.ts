import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../functions/config';
import { TOKEN_PATH } from '../functions/oauth/token-path';
import { ACCESS_LOG_API_FIELD, accessLogStringEquals } from './access-log-format';

export interface ScimAlarmsProps {
  readonly api: apigw.RestApi;
  readonly functions: readonly lambda.IFunction[];
  readonly accessLogs: logs.ILogGroup;
  /** Where alarms notify; without one they only show in CloudWatch. */
  readonly topic?: sns.ITopic;
}

/** The namespace of the metrics counted from the access log. */
export const ACCESS_LOG_NAMESPACE = METRICS_NAMESPACE;

/** The period of every alarm's metrics. */
const PERIOD = Duration.minutes(5);

/**
 * The signals an operator needs: server errors, authorizer failures, throttled tenants, and token requests
 * refused in numbers. Each alarm is a thing to act on: a refused token is the client's problem and pages
 * nobody; twenty refused token requests in five minutes are someone guessing, or a customer locked out.
 */
export class ScimAlarms extends Construct {
  readonly serverErrorRate: cloudwatch.Alarm;
  readonly authorizerErrors: cloudwatch.Alarm;
  readonly throttledRequests: cloudwatch.Alarm;
  readonly functionThrottles: cloudwatch.Alarm;
  readonly tokenRequestsRefused: cloudwatch.Alarm;
  readonly requestLogNotWritten: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ScimAlarmsProps) {
    super(scope, id);
    this.serverErrorRate = this.serverErrorRateAlarm(props.api);
    this.authorizerErrors = this.authorizerErrorsAlarm(props);
    this.throttledRequests = this.throttledRequestsAlarm(props);
    this.functionThrottles = this.functionThrottlesAlarm(props.functions);
    this.tokenRequestsRefused = this.tokenRequestsRefusedAlarm(props);
    this.requestLogNotWritten = this.requestLogNotWrittenAlarm(props.api);
    if (props.topic !== undefined) {
      const action = new actions.SnsAction(props.topic);
      for (const alarm of this.all()) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  // Metric math in an alarm must yield one time series, and a scalar cannot sit in an array with a
  // series (`MAX([requests, 1])` is refused): IF() keeps the division safe when nothing was requested.
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create-alarm-on-metric-math-expression.html
  private serverErrorRateAlarm(api: apigw.RestApi): cloudwatch.Alarm {
    return this.alarm(
      'ServerErrorRate',
      new cloudwatch.MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: api.metricServerError({ period: PERIOD, statistic: 'Sum' }),
          requests: api.metricCount({ period: PERIOD, statistic: 'Sum' }),
        },
        period: PERIOD,
        label: '5xx responses (%)',
      }),
      {
        alarmDescription:
          'More than 5% of SCIM requests answered 5xx: identity providers retry, then fail the cycle',
        threshold: 5,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      },
    );
  }

  // Not the authorizer's Lambda Errors metric: a refused token is thrown as `Unauthorized`, which Lambda
  // counts as an error, so every bad token would page. API Gateway records a real failure (the function
  // threw anything else, timed out, was throttled, or answered garbage) as AUTHORIZER_FAILURE or
  // AUTHORIZER_CONFIGURATION_ERROR in $context.error.responseType, which the access log carries.
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
  private authorizerErrorsAlarm(props: ScimAlarmsProps): cloudwatch.Alarm {
    const failures = this.accessLogCount('AuthorizerFailures', props, {
      metricName: 'AuthorizerFailures',
      pattern: accessLogStringEquals('$.error', ['AUTHORIZER_FAILURE', 'AUTHORIZER_CONFIGURATION_ERROR']),
    });
    return this.alarm('AuthorizerErrors', failures, {
      alarmDescription:
        'The authorizer failed (the tokens table?): requests get 503 until it recovers. Refused tokens do not count.',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  // API Gateway has no throttle metric: count 429s in the access log, where the status is the string "429".
  private throttledRequestsAlarm(props: ScimAlarmsProps): cloudwatch.Alarm {
    const throttled = this.accessLogCount('ThrottledFilter', props, {
      metricName: 'ThrottledRequests',
      pattern: accessLogStringEquals('$.status', ['429']),
    });
    return this.alarm('ThrottledRequests', throttled, {
      alarmDescription: 'Tenants are being throttled (429): consider moving them to a larger tier',
      threshold: 50,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }

  // Counted from the access log, which is JSON and names the API, not from the token function's log: Lambda
  // writes that log in its text format, each line prefixed with a time, the request id and the level
  // (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html), which a JSON filter pattern never
  // matches, and a pattern of plain terms cannot carry the ApiName dimension. Refusals are exactly the
  // token endpoint's 400s and 401s (RFC 6749 §5.2); its 5xx are the error-rate alarm's, its 429s the
  // throttling alarm's. The function's log says which client and why ('token request refused').
  private tokenRequestsRefusedAlarm(props: ScimAlarmsProps): cloudwatch.Alarm {
    const refused = this.accessLogCount('TokenRequestsRefusedFilter', props, {
      metricName: 'TokenRequestsRefused',
      pattern: logs.FilterPattern.all(
        logs.FilterPattern.stringValue('$.resource', '=', TOKEN_PATH),
        accessLogStringEquals('$.status', ['400', '401']),
      ),
    });
    return this.alarm('TokenRequestsRefused', refused, {
      alarmDescription:
        "At least 20 token requests refused in 5 minutes: someone guessing client secrets, or a customer's expired or revoked secret or misconfigured trust (the token function's log names the client and the reason)",
      threshold: 20,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  // The functions count a request-log line they could not write in time (functions/http/request-log.ts) as
  // the embedded-format metric RequestLogNotWritten, dimension `service`: the stack's name, which every
  // function gets as POWERTOOLS_SERVICE_NAME (lib/scim-function.ts). The request itself was answered.
  private requestLogNotWrittenAlarm(api: apigw.RestApi): cloudwatch.Alarm {
    const notWritten = new cloudwatch.Metric({
      namespace: ACCESS_LOG_NAMESPACE,
      metricName: 'RequestLogNotWritten',
      dimensionsMap: { service: Stack.of(api).stackName },
      period: PERIOD,
      statistic: 'Sum',
    });
    return this.alarm('RequestLogNotWritten', notWritten, {
      alarmDescription:
        "At least 5 request-log lines not written in 5 minutes: the tenants' request log misses requests (answers are unaffected). README, Monitor: RequestLogNotWritten",
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  private functionThrottlesAlarm(functions: readonly lambda.IFunction[]): cloudwatch.Alarm {
    const throttles = new cloudwatch.MathExpression({
      expression: functions.map((_, i) => `t${i}`).join(' + '),
      usingMetrics: Object.fromEntries(
        functions.map((f, i) => [`t${i}`, f.metricThrottles({ period: PERIOD, statistic: 'Sum' })]),
      ),
      period: PERIOD,
      label: 'Lambda throttles',
    });
    return this.alarm('FunctionThrottles', throttles, {
      alarmDescription: 'Lambda throttled SCIM functions: the account concurrency limit is reached',
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  /** An alarm on the metric; a period without data is not breaching (no traffic is no failure). */
  private alarm(
    id: string,
    metric: cloudwatch.IMetric,
    options: Omit<cloudwatch.CreateAlarmOptions, 'treatMissingData'>,
  ): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      metric,
      ...options,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Every alarm of the endpoint. */
  all(): cloudwatch.Alarm[] {
    return [
      this.serverErrorRate,
      this.authorizerErrors,
      this.throttledRequests,
      this.functionThrottles,
      this.tokenRequestsRefused,
      this.requestLogNotWritten,
    ];
  }

  /**
   * A count of access-log lines that match the pattern, per API (the dimension keeps
   * several stacks in one account apart). No default value: CloudWatch Logs refuses a metric filter with
   * both dimensions and a default value; a period without a matching line is missing data, which the
   * alarms treat as not breaching.
   * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html
   */
  private accessLogCount(
    id: string,
    props: ScimAlarmsProps,
    filter: { metricName: string; pattern: logs.IFilterPattern },
  ): cloudwatch.Metric {
    const metricFilter = new logs.MetricFilter(this, id, {
      logGroup: props.accessLogs,
      filterPattern: filter.pattern,
      metricNamespace: ACCESS_LOG_NAMESPACE,
      metricName: filter.metricName,
      metricValue: '1',
      dimensions: { ApiName: ACCESS_LOG_API_FIELD },
    });
    return metricFilter.metric({
      period: PERIOD,
      statistic: 'Sum',
      dimensionsMap: { ApiName: props.api.restApiName },
    });
  }
}
