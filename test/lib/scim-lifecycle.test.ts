/**
 * lib/scim-lifecycle.ts and the data table's TTL: the lifecycle function, its daily schedule, exactly the
 * permissions its code needs, and `expiresAt` as the data table's Time to Live attribute.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/environment-names';
import { TABLES } from '../../functions/storage/table-design';
import { putMetricAlarmProblems } from './put-metric-alarm';
import { synthesize } from './synth';

const synthesized = synthesize({});
const { template } = synthesized;
const tableArn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const indexArn = (id: string) => ({ 'Fn::Join': ['', [tableArn(id), '/index/*']] });

describe('the data table', () => {
  it("expires items by `expiresAt`, the attribute table-design.ts names (DynamoDB's TTL)", () => {
    expect(TABLES.data.timeToLiveAttribute).toBe('expiresAt');
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: Match.anyValue(),
      StreamSpecification: Match.anyValue(),
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('expires by `expiresAt`, while the tokens table expires by `ttl` (the access tokens of issue 12)', () => {
    const ttlOf = Object.fromEntries(
      synthesized
        .resources('AWS::DynamoDB::GlobalTable')
        .map(([id, table]) => [id, table.Properties.TimeToLiveSpecification]),
    );
    expect(TABLES.tokens.timeToLiveAttribute).toBe('ttl');
    expect(ttlOf).toEqual({
      ScimDataTable5F4C1CEB: { AttributeName: 'expiresAt', Enabled: true },
      // A day after an access token's expiry (TokenItem.ttl); no Secret Token, client or secret has it.
      ScimTokensTable2BD4F3A2: { AttributeName: 'ttl', Enabled: true },
    });
  });
});

describe('the lifecycle function', () => {
  it('is run once a day by an EventBridge Scheduler schedule, with an empty event, as this account only', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': synthesized.stack.account } },
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScimLifecycleFunction'), 'Arn'] },
        Input: '{}',
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
      }),
    });
  });

  it('gets the tables under the names functions/lifecycle.ts reads, and 5 minutes', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'SCIM lifecycle: the daily purge of deactivated users (tenant policies)',
      Timeout: 300,
      Environment: {
        Variables: Match.objectLike({
          [ENV.DATA_TABLE_NAME]: { Ref: 'ScimDataTable5F4C1CEB' },
          [ENV.TOKENS_TABLE_NAME]: { Ref: 'ScimTokensTable2BD4F3A2' },
        }),
      },
    });
  });

  it('may do exactly this: its logs, the sweep and the delete on the data table, list tenants, invoke itself', () => {
    const policies = synthesized
      .resources('AWS::IAM::Policy')
      .filter(([id]) => id.startsWith('ScimLifecycle'))
      .map(([id, policy]) => [id, (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement]);
    expect(Object.fromEntries(policies)).toEqual({
      [policies.find(([id]) => String(id).includes('RoleDefaultPolicy'))?.[0] as string]: [
        {
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ScimLifecycleLogs/), 'Arn'] },
        },
        {
          Action: [
            'dynamodb:Query',
            'dynamodb:GetItem',
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
            'dynamodb:BatchWriteItem',
          ],
          Effect: 'Allow',
          Resource: [tableArn('ScimDataTable5F4C1CEB'), indexArn('ScimDataTable5F4C1CEB')],
        },
        {
          Action: 'dynamodb:Query',
          Effect: 'Allow',
          Resource: [tableArn('ScimTokensTable2BD4F3A2'), indexArn('ScimTokensTable2BD4F3A2')],
        },
      ],
      // The schedule's role: this function and nothing else (no `<function>:*`).
      [policies.find(([id]) => String(id).startsWith('ScimLifecycleScheduleRole'))?.[0] as string]: [
        {
          Action: 'lambda:InvokeFunction',
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ScimLifecycleFunction/), 'Arn'] },
        },
      ],
      [policies.find(([id]) => String(id).includes('InvokeItself'))?.[0] as string]: [
        {
          Action: 'lambda:InvokeFunction',
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ScimLifecycleFunction/), 'Arn'] },
        },
      ],
    });
  });

  it('continues a sweep by invoking itself, which recursive loop detection allows', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'SCIM lifecycle: the daily purge of deactivated users (tenant policies)',
      RecursiveLoop: 'Allow',
    });
  });

  it('raises an alarm when a sweep fails: one error of the lifecycle function in an hour', () => {
    const [fn] = Object.keys(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: 'SCIM lifecycle: the daily purge of deactivated users (tenant policies)' },
      }),
    );
    const alarms = synthesized
      .resources('AWS::CloudWatch::Alarm')
      .filter(([, alarm]) => String(JSON.stringify(alarm.Properties.Dimensions)).includes(`"${fn}"`));
    expect(alarms).toHaveLength(1);
    const properties = alarms[0]?.[1].Properties ?? {};
    expect(properties).toMatchObject({
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(putMetricAlarmProblems(properties)).toEqual([]);
  });

  it('passes the cdk-nag AwsSolutions checks', () => {
    const errors = Annotations.fromStack(synthesized.stack).findError(
      '*',
      Match.stringLikeRegexp('AwsSolutions-.*'),
    );
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data)}`)).toEqual([]);
  });
});
