/**
 * lib/scim-events.ts: the provisioning bus, its archive, the event function on the data table's stream,
 * its dead-letter queue and alarm, and exactly the permissions it needs.
 */
import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/environment-names';
import { ScimApi } from '../../lib/scim-api';
import { type AlarmProperties, putMetricAlarmProblems } from './put-metric-alarm';
import { synthesize, unbundledStack } from './synth';

const synthesized = synthesize({});
const { template } = synthesized;
const only = (type: string) => {
  const found = synthesized.resources(type);
  expect(found).toHaveLength(1);
  return found[0] as [string, { Properties: Record<string, unknown> }];
};
const ref = (type: string) => ({ Ref: only(type)[0] });

const VALID_ALARM: AlarmProperties = {
  Period: 300,
  Statistic: 'Maximum',
  Threshold: 600_000,
  EvaluationPeriods: 3,
  DatapointsToAlarm: 3,
};

describe('putMetricAlarmProblems: the rules the event alarms are checked against', () => {
  it.each<[string, AlarmProperties, number]>([
    ['a valid alarm', VALID_ALARM, 0],
    ['a period of 45 s', { ...VALID_ALARM, Period: 45 }, 1],
    ['a statistic p99 (an ExtendedStatistic)', { ...VALID_ALARM, Statistic: 'p99' }, 1],
    ['a threshold as a token string', { ...VALID_ALARM, Threshold: '600000' }, 1],
    ['more datapoints than periods', { ...VALID_ALARM, DatapointsToAlarm: 4 }, 1],
    [
      'five-minute periods over more than a day',
      { ...VALID_ALARM, EvaluationPeriods: 289, DatapointsToAlarm: 1 },
      1,
    ],
  ])('%s: %i problem(s)', (_, alarm, problems) => {
    expect(putMetricAlarmProblems(alarm)).toHaveLength(problems);
  });
});
const arn = (type: string) => ({ 'Fn::GetAtt': [only(type)[0], 'Arn'] });

describe('the provisioning events of the default stack', () => {
  it('has a custom bus, exposed as scim.eventBus', () => {
    const [id] = only('AWS::Events::EventBus');
    expect(synthesized.stack.resolve(synthesized.stack.scim.eventBus.eventBusName)).toEqual({ Ref: id });
  });

  it('archives every event of the bus for 30 days', () => {
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: arn('AWS::Events::EventBus'),
      RetentionDays: 30,
      EventPattern: { account: ['111111111111'] },
    });
  });

  it('turns the data table stream on (new and old images), keeping the table’s logical id', () => {
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      Properties: Match.objectLike({ StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } }),
    });
    expect(synthesized.resources('AWS::DynamoDB::GlobalTable').map(([id]) => id)).toContain(
      'ScimDataTable5F4C1CEB',
    );
  });

  it('reads the stream from its start, bisecting failures, reporting failed records, then the DLQ', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': ['ScimDataTable5F4C1CEB', 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86_400,
      DestinationConfig: { OnFailure: { Destination: arn('AWS::SQS::Queue') } },
    });
  });

  it('keeps the dead letters 14 days, encrypted, over TLS only', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('alarms on one visible message in the dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [only('AWS::SQS::Queue')[0], 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms when events are late: the event function’s IteratorAge, Maximum over 5 minutes, above 10 minutes for 3 periods', () => {
    const functionName = {
      Ref: synthesized
        .resources('AWS::Lambda::Function')
        .find(
          ([, f]) =>
            f.Properties.Description === 'SCIM provisioning events: the data table stream to the event bus',
        )?.[0],
    };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: functionName }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 600_000,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it.each(['ApproximateNumberOfMessagesVisible', 'IteratorAge'])(
    'the %s alarm is one PutMetricAlarm accepts',
    (metricName) => {
      const alarms = synthesized
        .resources('AWS::CloudWatch::Alarm')
        .filter(([, alarm]) => alarm.Properties.MetricName === metricName);
      expect(alarms).toHaveLength(1);
      expect(putMetricAlarmProblems(alarms[0]?.[1].Properties ?? {})).toEqual([]);
    },
  );

  it('gives the event function the table and bus names, under the names functions/events.ts reads (checked in test/functions/events-handler.test.ts)', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'SCIM provisioning events: the data table stream to the event bus',
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: 'ScimDataTable5F4C1CEB' },
          [ENV.EVENT_BUS_NAME]: ref('AWS::Events::EventBus'),
        }),
      },
    });
  });

  it('lets the event function do exactly this: its logs, BatchGetItem, the stream, PutEvents, the DLQ', () => {
    const policies = synthesized
      .resources('AWS::IAM::Policy')
      .filter(([id]) => id.startsWith('ScimEventsRole'));
    expect(policies).toHaveLength(1);
    const document = policies[0]?.[1].Properties.PolicyDocument as { Statement: unknown[] } | undefined;
    const statements = document?.Statement;
    expect(statements).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ScimEventsLogs/), 'Arn'] },
      },
      {
        Action: 'dynamodb:BatchGetItem',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': ['ScimDataTable5F4C1CEB', 'Arn'] },
      },
      { Action: 'events:PutEvents', Effect: 'Allow', Resource: arn('AWS::Events::EventBus') },
      {
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Effect: 'Allow',
        Resource: arn('AWS::SQS::Queue'),
      },
      {
        Action: 'dynamodb:ListStreams',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': ['ScimDataTable5F4C1CEB', 'StreamArn'] },
      },
      {
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': ['ScimDataTable5F4C1CEB', 'StreamArn'] },
      },
    ]);
  });

  it('passes cdk-nag with no unsuppressed error on its resources', () => {
    const errors = Annotations.fromStack(synthesized.stack).findError(
      '*',
      Match.stringLikeRegexp('AwsSolutions-.*'),
    );
    expect(errors.map((e) => e.id)).toEqual([]);
  });
});

describe('the event alarms on the stack’s alarm topic', () => {
  it('notify the topic of alarm and of recovery, as the endpoint’s other alarms do', () => {
    const stack = unbundledStack('EventAlarms');
    new ScimApi(stack, 'Scim', { alarmTopic: new sns.Topic(stack, 'AlarmTopic') });
    const resources = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm');
    const eventAlarms = Object.values(resources).filter((alarm) =>
      ['ApproximateNumberOfMessagesVisible', 'IteratorAge'].includes(alarm.Properties.MetricName),
    );
    expect(eventAlarms).toHaveLength(2);
    for (const alarm of eventAlarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
      expect(alarm.Properties.OKActions).toEqual(alarm.Properties.AlarmActions);
    }
  });
});

describe('eventArchiveRetention', () => {
  it('sets the archive’s retention', () => {
    const stack = unbundledStack('Retention');
    new ScimApi(stack, 'Scim', { eventArchiveRetention: Duration.days(90) });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Archive', { RetentionDays: 90 });
  });
});
