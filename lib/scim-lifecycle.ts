import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ENV } from '../functions/config';
import { ScimFunction } from './scim-function';
import type { ScimTable } from './scim-table';

/**
 * What the lifecycle function sends, by table (least privilege, by what its code sends:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/api-permissions-reference.html).
 * Data table: the sweep's Query of a tenant's users and its conditional mark (UpdateItem); the delete that
 * follows: gsi1's Query of the user's groups, BatchWriteItem of the memberships, then one transaction of a
 * conditional DeleteItem (the user, its name, its externalId) and an UpdateItem (the count); GetItem to
 * finish a purge an earlier sweep left. Tokens table: the tenants, listed through its gsi1 (Query).
 */
export const LIFECYCLE_ACCESS = {
  data: {
    actions: [
      'dynamodb:Query',
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ],
    indexes: true,
  },
  tokens: { actions: ['dynamodb:Query'], indexes: true },
} as const;

export interface ScimLifecycleProps {
  /** The data table (the users swept) and the tokens table (the tenants and their policies). */
  readonly tables: { readonly dataTable: ScimTable; readonly tokensTable: ScimTable };
  readonly logRetention: logs.RetentionDays;
  /** When the sweep runs. Default every day at 03:00 UTC. */
  readonly schedule?: scheduler.ScheduleExpression;
  /** Where the alarm on a failing sweep notifies. */
  readonly alarmTopic?: sns.ITopic | undefined;
}

/**
 * The tenants' lifecycle policies that run on a schedule, a part of ScimApi (in its scope, as the other
 * parts: see ScimApi): the lifecycle function, run once a day by an EventBridge Scheduler schedule (which
 * AWS recommends over scheduled rules:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html), purges the users
 * deactivated for longer than their tenant's `purgeDeactivatedAfterDays`. Retained deletes' tombstones
 * need no function: the data table's TTL removes them.
 */
export class ScimLifecycle {
  readonly function: ScimFunction;
  readonly schedule: scheduler.Schedule;
  readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, props: ScimLifecycleProps) {
    this.function = new ScimFunction(scope, 'Lifecycle', {
      entry: 'lifecycle',
      description: 'SCIM lifecycle: the daily purge of deactivated users (tenant policies)',
      // A sweep hands the rest to a new invocation a minute before this (functions/storage/sweep-tenants.ts).
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
    });
    const { dataTable, tokensTable } = props.tables;
    grant(this.function, dataTable, ENV.DATA_TABLE_NAME, LIFECYCLE_ACCESS.data);
    grant(this.function, tokensTable, ENV.TOKENS_TABLE_NAME, LIFECYCLE_ACCESS.tokens);
    allowInvokingItself(this.function);
    this.schedule = new scheduler.Schedule(scope, 'LifecycleSchedule', {
      description: 'Runs the SCIM lifecycle sweep (the purge of deactivated users) once a day',
      schedule: props.schedule ?? scheduler.ScheduleExpression.cron({ minute: '0', hour: '3' }),
      target: invokeTarget(scope, this.function),
    });
    this.errorsAlarm = errorsAlarmOf(scope, this.function, props.alarmTopic);
  }
}

/**
 * A sweep that failed (the Lambda metric `Errors`: invocations that ended in an error, retries included;
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html) leaves deactivated users
 * unpurged until the next day's run succeeds: one error in an hour raises the alarm.
 */
function errorsAlarmOf(scope: Construct, fn: ScimFunction, topic: sns.ITopic | undefined): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, 'LifecycleErrorsAlarm', {
    alarmDescription:
      'The daily lifecycle sweep (the purge of deactivated users) failed: see its log group (docs/table-design.md)',
    metric: fn.function.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  if (topic !== undefined) {
    const action = new actions.SnsAction(topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
  return alarm;
}

/**
 * The schedule's target: the function, invoked with `{}` (the sweep starts from the first tenant) by a role
 * that may invoke this function and nothing else. (aws-scheduler-targets' LambdaInvoke grants
 * `<function>:*` as well, every version and alias: a wildcard this needs not.) The scheduler assumes it
 * as the schedule's execution role (https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html),
 * and only for this account's schedules (`aws:SourceAccount`, against the confused deputy).
 */
function invokeTarget(scope: Construct, fn: ScimFunction): scheduler.IScheduleTarget {
  const role = new iam.Role(scope, 'LifecycleScheduleRole', {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
    description: 'EventBridge Scheduler: invokes the SCIM lifecycle function',
  });
  role.addToPolicy(
    new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.function.functionArn] }),
  );
  return {
    bind: () => ({
      arn: fn.function.functionArn,
      role,
      input: scheduler.ScheduleTargetInput.fromObject({}),
      // A sweep missed today runs tomorrow: a couple of retries, within the day.
      retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
    }),
  };
}

function grant(
  fn: ScimFunction,
  table: ScimTable,
  variable: typeof ENV.DATA_TABLE_NAME | typeof ENV.TOKENS_TABLE_NAME,
  access: { readonly actions: readonly string[]; readonly indexes: boolean },
): void {
  fn.function.addEnvironment(variable, table.tableName);
  fn.role.addToPolicy(
    new iam.PolicyStatement({
      actions: [...access.actions],
      resources: access.indexes ? [table.tableArn, `${table.tableArn}/index/*`] : [table.tableArn],
    }),
  );
}

/**
 * A sweep continues by invoking the function itself, asynchronously: a policy of its own, since the
 * function depends on the role's default policy and naming the function there would be a cycle (as the
 * admin function's purge does: lib/admin-permissions.ts). Each invocation starts the next on purpose and
 * the chain ends with the last tenant, so Lambda's recursive loop detection must not stop it
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html).
 */
function allowInvokingItself(fn: ScimFunction): void {
  new iam.Policy(fn, 'InvokeItself', {
    roles: [fn.role],
    statements: [
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.function.functionArn] }),
    ],
  });
  (fn.function.node.defaultChild as lambda.CfnFunction).recursiveLoop = lambda.RecursiveLoop.ALLOW;
}
