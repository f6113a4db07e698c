import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { ENV } from '../functions/config';
import { ScimFunction } from './scim-function';
import type { ScimTable } from './scim-table';
import { useTable } from './use-table';

/**
 * How the event function reads the data table's stream. One batch of at most 100 records per shard at a
 * time, gathered for up to a second (parallelization 1: a shard's records, and so one resource's, are
 * handled in commit order); a failing batch is halved until the poison record is alone (bisect), and a
 * partial failure returns the records to retry (ReportBatchItemFailures); after 10 retries, or for records
 * a day old (the stream keeps 24 hours), the batch's description goes to the dead-letter queue.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 * https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html
 */
export const STREAM_READING = {
  startingPosition: lambda.StartingPosition.TRIM_HORIZON,
  batchSize: 100,
  maxBatchingWindow: Duration.seconds(1),
  parallelizationFactor: 1,
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
  retryAttempts: 10,
  maxRecordAge: Duration.hours(24),
} as const;

/**
 * When events are late: the Lambda metric `IteratorAge` of the event function, "the age of the last record
 * in the batch" when it was processed, in milliseconds, emitted only for stream event sources
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html). Its Maximum over 5 minutes
 * above 10 minutes for 3 periods in a row: the function keeps falling behind the stream (a poison record
 * retried, throttling, a slow bus), not one slow batch. Records 24 hours old are lost from the stream
 * (STREAM_READING.maxRecordAge), so late is worth a page long before that.
 */
export const ITERATOR_AGE_ALARM = {
  period: Duration.minutes(5),
  threshold: Duration.minutes(10),
  evaluationPeriods: 3,
} as const;

export interface ScimEventsProps {
  /** The data table, its stream on. */
  readonly dataTable: ScimTable;
  /** How long the archive keeps the bus's events for replay. */
  readonly archiveRetention: Duration;
  readonly logRetention: logs.RetentionDays;
  /** Where the dead-letter alarm notifies. */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * Provisioning events, a part of ScimApi (in its scope, as the other parts: see ScimApi): the custom bus
 * the vendor's rules subscribe to, its archive, and the event function on the data table's stream, which
 * puts an event on the bus only for what the table committed (docs/events.md).
 */
export class ScimEvents {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly function: ScimFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly iteratorAgeAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, props: ScimEventsProps) {
    this.bus = new events.EventBus(scope, 'EventBus', {
      description: 'SCIM provisioning events (scim.user.*, scim.group.*) of committed writes',
    });
    // Every event of the bus: this account's (put by the event function, or by a vendor's own producer).
    this.archive = this.bus.archive('Archive', {
      description: 'The SCIM provisioning events, for replay to a new consumer',
      eventPattern: { account: [Stack.of(scope).account] },
      retention: props.archiveRetention,
    });
    this.deadLetterQueue = new sqs.Queue(scope, 'EventsDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.function = new ScimFunction(scope, 'Events', {
      entry: 'events',
      description: 'SCIM provisioning events: the data table stream to the event bus',
      logRetention: props.logRetention,
      // A batch's puts and the retries of refused entries, well within the limit.
      timeout: Duration.minutes(1),
    });
    useTable(this.function, props.dataTable, { variable: ENV.TABLE_NAME, access: 'events' });
    this.function.function.addEnvironment(ENV.EVENT_BUS_NAME, this.bus.eventBusName);
    this.bus.grantPutEventsTo(this.function.role);
    this.function.function.addEventSource(
      new DynamoEventSource(props.dataTable, {
        ...STREAM_READING,
        onFailure: new SqsDlq(this.deadLetterQueue),
      }),
    );
    this.deadLetterAlarm = this.deadLetterAlarmOf(scope);
    this.iteratorAgeAlarm = this.iteratorAgeAlarmOf(scope);
    if (props.alarmTopic !== undefined) {
      const action = new actions.SnsAction(props.alarmTopic);
      for (const alarm of [this.deadLetterAlarm, this.iteratorAgeAlarm]) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
    NagSuppressions.addResourceSuppressions(this.deadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue: the on-failure destination of the event function’s stream mapping.',
      },
    ]);
  }

  /** A message in the dead-letter queue is a batch of stream records whose events did not reach the bus. */
  private deadLetterAlarmOf(scope: Construct): cloudwatch.Alarm {
    return new cloudwatch.Alarm(scope, 'EventsDeadLetterAlarm', {
      alarmDescription:
        'Stream records whose provisioning events could not be put on the bus are in the dead-letter queue (docs/events.md, Delivery)',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Events are late (ITERATOR_AGE_ALARM); no records to read is no data, which is not late. */
  private iteratorAgeAlarmOf(scope: Construct): cloudwatch.Alarm {
    const { period, threshold, evaluationPeriods } = ITERATOR_AGE_ALARM;
    return new cloudwatch.Alarm(scope, 'EventsIteratorAgeAlarm', {
      alarmDescription: `Provisioning events are late: the event function reads stream records more than ${threshold.toMinutes()} minutes old (docs/events.md, Delivery)`,
      // No unit on the alarm: Lambda publishes milliseconds, and an alarm's unit must match what is published.
      metric: this.function.function.metric('IteratorAge', { period, statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: threshold.toMilliseconds(),
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
