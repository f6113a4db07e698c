/**
 * The deployable template, on every option combination a vendor can set: each passes cdk-nag, and each
 * holds what AWS would otherwise refuse at deploy time or get wrong in operation.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_LOG_FIELDS } from '../../lib/access-log-format';
import { filterPatternMatches } from './filter-pattern';
import { alarmExpressionProblems } from './metric-math';
import { type Resource, type StackOptions, synthesize } from './synth';

const ALL: StackOptions = {
  alarmEmail: 'ops@example.com',
  wafRateLimit: 20_000,
  customDomain: true,
  dataStream: true,
};

const COMBINATIONS: [string, StackOptions][] = [
  ['the default stack', {}],
  ['alarmEmail', { alarmEmail: 'ops@example.com' }],
  ['webAcl (wafRateLimit)', { wafRateLimit: 20_000 }],
  ['a custom domain', { customDomain: true }],
  ['dataStream', { dataStream: true }],
  ['every option together', ALL],
];

/** An access-log line as API Gateway writes it: the format with each variable replaced by its value. */
function render(format: string, values: Record<string, string>): string {
  return format.replace(/\$context\.[A-Za-z.]+/g, (variable) => values[variable] ?? '-');
}

/** The numeric variables API Gateway writes as `-` when it answers by itself (401, 404, 429). */
const NUMERIC = [
  '$context.status',
  '$context.responseLength',
  '$context.responseLatency',
  '$context.integrationLatency',
];

/** A value with `arn:${AWS::Partition}:…` joins resolved, as CloudFormation would in the aws partition. */
function resolved(value: unknown): unknown {
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })?.['Fn::Join'];
  if (join !== undefined)
    return join[1]
      .map((part) => (JSON.stringify(part) === '{"Ref":"AWS::Partition"}' ? 'aws' : part))
      .join(join[0]);
  if (Array.isArray(value)) return value.map(resolved);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(v)]));
  return value;
}

/** The stage's access-log format. */
function accessLogFormatOf(options: StackOptions): string {
  const stages = synthesize(options).resources('AWS::ApiGateway::Stage');
  expect(stages).toHaveLength(1);
  const [, stage] = stages[0] as [string, { Properties: Record<string, unknown> }];
  return (stage.Properties.AccessLogSetting as { Format: string }).Format;
}

describe.each(COMBINATIONS)('%s', (_name, options) => {
  const synth = () => synthesize(options);
  beforeAll(() => void synth(), 120_000);

  it('passes the cdk-nag AWS Solutions checks with no unsuppressed error', () => {
    const { stack } = synth();
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data).slice(0, 220)}`)).toEqual([]);
  });

  it('sets no metric filter with both a default value and dimensions (CloudWatch Logs refuses the pair)', () => {
    const filters = synth().resources('AWS::Logs::MetricFilter');
    expect(filters.length).toBeGreaterThanOrEqual(2);
    for (const [id, filter] of filters) {
      for (const t of filter.Properties.MetricTransformations as Record<string, unknown>[]) {
        expect({ id, both: t.DefaultValue !== undefined && t.Dimensions !== undefined }).toEqual({
          id,
          both: false,
        });
      }
    }
  });

  it('gives every alarm a metric math expression PutMetricAlarm accepts', () => {
    const alarms = synth().resources('AWS::CloudWatch::Alarm');
    const expressions = alarms.flatMap(([, alarm]) => {
      const metrics = (alarm.Properties.Metrics ?? []) as { Id: string; Expression?: string }[];
      const ids = metrics.map((m) => m.Id);
      return metrics.flatMap((m) => (m.Expression === undefined ? [] : [{ expression: m.Expression, ids }]));
    });
    expect(expressions.length).toBeGreaterThanOrEqual(2);
    expect(expressions.flatMap(({ expression, ids }) => alarmExpressionProblems(expression, ids))).toEqual(
      [],
    );
  });

  it('keeps the tables and the access logs on stack deletion, but not after a failed create', () => {
    const { resources } = synth();
    const kept = [...resources('AWS::DynamoDB::GlobalTable'), ...resources('AWS::Logs::LogGroup')].filter(
      ([id, r]) => r.Type === 'AWS::DynamoDB::GlobalTable' || id.startsWith('ScimAccessLogs'),
    );
    expect(kept).toHaveLength(3);
    for (const [id, resource] of kept) {
      expect({ id, deletion: resource.DeletionPolicy, replace: resource.UpdateReplacePolicy }).toEqual({
        id,
        deletion: 'RetainExceptOnCreate',
        replace: 'Retain',
      });
    }
    // A protected table makes the rollback of a failed create fail: protection is off by default.
    for (const [, table] of resources('AWS::DynamoDB::GlobalTable')) {
      for (const replica of table.Properties.Replicas as Record<string, unknown>[])
        expect(replica.DeletionProtectionEnabled).not.toBe(true);
    }
  });

  it('writes every access-log line as JSON, also when API Gateway answers by itself', () => {
    const format = accessLogFormatOf(options);
    const answeredByTheGateway = render(format, {
      '$context.requestId': 'c0ffee',
      '$context.error.responseType': 'UNAUTHORIZED',
    });
    const parsed = JSON.parse(answeredByTheGateway) as Record<string, unknown>;
    const fieldOf = (variable: string) =>
      Object.entries(ACCESS_LOG_FIELDS).find(([, v]) => v === variable)?.[0] ?? variable;
    for (const variable of NUMERIC) expect([variable, parsed[fieldOf(variable)]]).toEqual([variable, '-']);
    const served = render(format, {
      '$context.status': '200',
      '$context.responseLength': '512',
      '$context.responseLatency': '40',
      '$context.integrationLatency': '35',
      '$context.authorizer.tenantId': 'contoso',
    });
    expect(JSON.parse(served)).toMatchObject({ status: '200', tenant: 'contoso', api: 'ScimEndpoint-scim' });
    // Every variable of the format is quoted, and no client-chosen free text is logged.
    expect(format.match(/\$context\.[A-Za-z.]+/g)?.sort()).toEqual(Object.values(ACCESS_LOG_FIELDS).sort());
    expect(format).not.toMatch(/userAgent|authorization|querystring|\.body/i);
  });

  it('counts 429s and authorizer failures from the access log as logged, per API', () => {
    const { resources } = synth();
    const format = accessLogFormatOf(options);
    const filterFor = (metricName: string) => {
      const found = resources('AWS::Logs::MetricFilter').find(([, f]) =>
        (f.Properties.MetricTransformations as { MetricName: string }[]).some(
          (t) => t.MetricName === metricName,
        ),
      );
      if (found === undefined) throw new Error(`no metric filter for ${metricName}`);
      return found[1].Properties;
    };
    const line = (status: string, error = '-') =>
      render(format, { '$context.status': status, '$context.error.responseType': error });

    const throttled = filterFor('ThrottledRequests');
    expect(throttled.FilterPattern).toBe('{ $.status = "429" }');
    expect(filterPatternMatches(String(throttled.FilterPattern), line('429', 'THROTTLED'))).toBe(true);
    expect(filterPatternMatches(String(throttled.FilterPattern), line('200'))).toBe(false);
    // The pattern the stack had before: a numeric comparison never matches the logged string "429".
    expect(filterPatternMatches('{ $.status = 429 }', line('429', 'THROTTLED'))).toBe(false);

    const authorizer = filterFor('AuthorizerFailures');
    const pattern = String(authorizer.FilterPattern);
    expect(filterPatternMatches(pattern, line('503', 'AUTHORIZER_FAILURE'))).toBe(true);
    expect(filterPatternMatches(pattern, line('503', 'AUTHORIZER_CONFIGURATION_ERROR'))).toBe(true);
    // A refused token is the client's problem: it pages nobody.
    expect(filterPatternMatches(pattern, line('401', 'UNAUTHORIZED'))).toBe(false);
    expect(filterPatternMatches(pattern, line('200'))).toBe(false);
    for (const filter of [throttled, authorizer])
      expect(filter.MetricTransformations).toEqual([
        expect.objectContaining({ MetricValue: '1', Dimensions: [{ Key: 'ApiName', Value: '$.api' }] }),
      ]);
  });

  it("alarms on authorizer failures from the access log, never on the authorizer's Lambda Errors", () => {
    const alarms = synth().resources('AWS::CloudWatch::Alarm');
    const authorizerAlarm = alarms.find(([, a]) =>
      /authorizer failed/i.test(String(a.Properties.AlarmDescription)),
    );
    expect(authorizerAlarm?.[1].Properties).toMatchObject({
      Namespace: 'ScimEndpoint',
      MetricName: 'AuthorizerFailures',
      Dimensions: [{ Name: 'ApiName', Value: 'ScimEndpoint-scim' }],
    });
    // The lifecycle function's Errors alarm is of another function (test/lib/scim-lifecycle.test.ts).
    const authorizerLambdaErrors = alarms.filter(
      ([, a]) =>
        a.Properties.MetricName === 'Errors' &&
        a.Properties.Namespace === 'AWS/Lambda' &&
        JSON.stringify(a.Properties.Dimensions).includes('ScimAuthorizer'),
    );
    expect(authorizerLambdaErrors).toEqual([]);
  });

  it('reserves concurrency for the authorizer only', () => {
    const functions = synth().resources('AWS::Lambda::Function');
    const reserved = functions.filter(([, f]) => f.Properties.ReservedConcurrentExecutions !== undefined);
    expect(
      reserved.map(([id, f]) => [id.replace(/Function.*/, ''), f.Properties.ReservedConcurrentExecutions]),
    ).toEqual([['ScimAuthorizer', 20]]);
  });
});

describe.each(COMBINATIONS.filter(([, o]) => o.alarmEmail !== undefined))(
  '%s: the alarm e-mail',
  (_name, options) => {
    const synth = () => synthesize(options);
    const statements = (type: string, property: string) =>
      synth()
        .resources(type)
        .flatMap(([, r]) => (r.Properties[property] as { Statement: Record<string, unknown>[] }).Statement);

    it('goes through a topic encrypted with a rotated customer-managed key, never alias/aws/sns', () => {
      const only = (type: string) => {
        const found = synth().resources(type);
        expect(found).toHaveLength(1);
        return found[0] as [string, Resource];
      };
      const [keyId, key] = only('AWS::KMS::Key');
      expect(key.Properties.EnableKeyRotation).toBe(true);
      const [, topic] = only('AWS::SNS::Topic');
      expect(topic.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(JSON.stringify(synth().template.toJSON())).not.toContain('alias/aws/sns');
      synth().template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
      });
    });

    it("lets CloudWatch use the key for this account's alarms, and nobody else but the account", () => {
      const keyStatements = statements('AWS::KMS::Key', 'KeyPolicy');
      const forServices = keyStatements.filter(
        (s) => (s.Principal as Record<string, unknown>).Service !== undefined,
      );
      expect(forServices).toEqual([
        {
          Sid: 'CloudWatchAlarmsEncryptForTheTopic',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
        },
      ]);
      const others = keyStatements.filter((s) => s !== forServices[0]);
      for (const s of others) expect(JSON.stringify(s.Principal)).toContain(':iam::111111111111:root');
    });

    it("lets CloudWatch publish for this account's alarms only, and refuses requests without TLS", () => {
      const topicStatements = statements('AWS::SNS::TopicPolicy', 'PolicyDocument');
      const allows = topicStatements.filter((s) => s.Effect === 'Allow').map(resolved);
      expect(allows).toEqual([
        expect.objectContaining({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Condition: {
            StringEquals: { 'aws:SourceAccount': '111111111111' },
            ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:*' },
          },
        }),
      ]);
      expect(topicStatements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    });

    it('notifies the topic from every alarm, on alarm and on recovery', () => {
      const alarms = synth().resources('AWS::CloudWatch::Alarm');
      // ScimAlarms' six (refused token requests, request log not written), the event dead-letter and
      // iterator-age alarms (lib/scim-events.ts), the failing lifecycle sweep's (lib/scim-lifecycle.ts),
      // and the tenant failing and tenant throttled alarms (lib/tenant-insights.ts).
      expect(alarms).toHaveLength(11);
      for (const [, alarm] of alarms) {
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmTopic/) }]);
        expect(alarm.Properties.OKActions).toEqual([{ Ref: expect.stringMatching(/^AlarmTopic/) }]);
      }
    });
  },
);
