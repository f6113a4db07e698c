/**
 * lib/scim-token-endpoint.ts and what the stack gives the token endpoint: `POST /oauth2/token` without an
 * authorizer or API key (every SCIM method keeps both), its stage throttling, exactly the permissions its code
 * needs, the alarm on refused token requests, the WAF rule per IP, the TokenEndpoint output, cdk-nag.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/environment-names';
import { TOKEN_PATH } from '../../functions/oauth/token-path';
import { ScimApi, type ScimApiProps } from '../../lib/scim-api';
import { filterPatternMatches } from './filter-pattern';
import { putMetricAlarmProblems } from './put-metric-alarm';
import { type Resource, synthesize } from './synth';

const synthesized = synthesize({});
const { template } = synthesized;
const methods = () => synthesized.resources('AWS::ApiGateway::Method');
const tokenMethod = () => {
  const found = methods().filter(([, m]) => m.Properties.HttpMethod === 'POST');
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
};
const tokensTable = 'ScimTokensTable2BD4F3A2';

/** The template of a ScimApi with these props, in a stack of its own (nothing bundled). */
function apiTemplate(props: ScimApiProps): Template {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Props');
  new ScimApi(stack, 'Scim', props);
  return Template.fromStack(stack);
}

describe('the token method', () => {
  it('is POST on /oauth2/token, beside /scim/v2, to the token function (Lambda proxy)', () => {
    const [, method] = tokenMethod();
    const resources = Object.fromEntries(synthesized.resources('AWS::ApiGateway::Resource'));
    const resource = resources[(method.Properties.ResourceId as { Ref: string }).Ref] as Resource;
    const parent = resources[(resource.Properties.ParentId as { Ref: string }).Ref] as Resource;
    expect(`/${parent.Properties.PathPart}/${resource.Properties.PathPart}`).toBe(TOKEN_PATH);
    expect(parent.Properties.ParentId).toEqual({ 'Fn::GetAtt': ['ScimApi5EB05D99', 'RootResourceId'] });
    expect(method.Properties.Integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
    expect(JSON.stringify(method.Properties.Integration)).toContain('ScimTokenFunction');
  });

  it('has no authorizer and takes no API key, while every SCIM method keeps both', () => {
    const byPath = methods().map(([id, m]) => ({
      scim: !id.startsWith('ScimApioauth2'),
      authorization: m.Properties.AuthorizationType,
      authorizer: m.Properties.AuthorizerId !== undefined,
      apiKey: m.Properties.ApiKeyRequired,
    }));
    expect(byPath.filter((m) => !m.scim)).toEqual([
      { scim: false, authorization: 'NONE', authorizer: false, apiKey: false },
    ]);
    const scim = byPath.filter((m) => m.scim);
    expect(scim.length).toBeGreaterThan(1);
    for (const m of scim)
      expect(m).toEqual({ scim: true, authorization: 'CUSTOM', authorizer: true, apiKey: true });
  });

  it('is throttled by the stage, exactly that method, 10 requests/s with a burst of 20 by default', () => {
    const [[, stage]] = synthesized.resources('AWS::ApiGateway::Stage') as [[string, Resource]];
    const settings = stage.Properties.MethodSettings as Record<string, unknown>[];
    expect(settings.filter((s) => s.ThrottlingRateLimit !== undefined)).toEqual([
      {
        ResourcePath: '/~1oauth2~1token',
        HttpMethod: 'POST',
        ThrottlingRateLimit: 10,
        ThrottlingBurstLimit: 20,
        // The stage's own settings, repeated: never a data trace, which would log client secrets.
        DataTraceEnabled: false,
        LoggingLevel: 'ERROR',
        MetricsEnabled: true,
      },
    ]);
  });

  it('takes its throttling from props', () => {
    apiTemplate({ tokenEndpointThrottle: { rateLimit: 2.5, burstLimit: 5 } }).hasResourceProperties(
      'AWS::ApiGateway::Stage',
      {
        MethodSettings: [
          Match.objectLike({ ResourcePath: '/*' }),
          Match.objectLike({ ThrottlingRateLimit: 2.5, ThrottlingBurstLimit: 5 }),
        ],
      },
    );
  });

  it.each<[string, ScimApiProps, RegExp]>([
    ['a rate of 0', { tokenEndpointThrottle: { rateLimit: 0 } }, /rateLimit must be a positive number/],
    ['a burst of 2.5', { tokenEndpointThrottle: { burstLimit: 2.5 } }, /burstLimit must be a positive whole/],
    ['a burst of 0', { tokenEndpointThrottle: { burstLimit: 0 } }, /burstLimit must be a positive whole/],
    [
      'a WAF limit per IP under 10',
      { webAcl: { requestsPerTokenPer5Minutes: 1000, tokenRequestsPerIpPer5Minutes: 9 } },
      /tokenRequestsPerIpPer5Minutes must be a whole number from 10/,
    ],
  ])('refuses %s at synth', (_name, props, message) => {
    expect(() => new ScimApi(new Stack(new App(), 'Bad'), 'Scim', props)).toThrow(message);
  });
});

describe('the token function', () => {
  const statements = () =>
    synthesized
      .resources('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes('ScimTokenRole'))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: unknown[] }).Statement);

  it('may write its logs, get, check, put and update items of the tokens table, and put request-log lines, nothing else', () => {
    expect(statements()).toEqual([
      {
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ScimTokenLogs/), 'Arn'] },
      },
      {
        Action: [
          'dynamodb:GetItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
        Effect: 'Allow',
        // The table only: no index.
        Resource: { 'Fn::GetAtt': [tokensTable, 'Arn'] },
      },
      {
        // On the data table, only the tenants' request-log lines (TENANT#…#LOG).
        Action: 'dynamodb:PutItem',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANT#*#LOG'] } },
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ScimDataTable/), 'Arn'] },
      },
    ]);
    const actions = JSON.stringify(statements());
    for (const refused of ['Scan', 'Query', 'DeleteItem', 'BatchWriteItem', 'apigateway'])
      expect({ refused, granted: actions.includes(refused) }).toEqual({ refused, granted: false });
  });

  it('gets the tokens table under the name functions/token.ts reads, and is ScimApi.functions.token', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'OAuth 2.0 token endpoint',
      Environment: { Variables: Match.objectLike({ [ENV.TOKENS_TABLE_NAME]: { Ref: tokensTable } }) },
    });
    const fn = synthesized.stack.scim.functions.token.function;
    expect(synthesized.stack.resolve(fn.functionName)).toEqual({
      Ref: expect.stringMatching(/^ScimTokenFunction/),
    });
  });

  it('is among the functions whose Lambda throttles raise an alarm', () => {
    const [, alarm] = synthesized
      .resources('AWS::CloudWatch::Alarm')
      .find(([id]) => id.startsWith('ScimAlarmsFunctionThrottles')) as [string, Resource];
    expect(JSON.stringify(alarm.Properties.Metrics)).toContain('ScimTokenFunction');
  });
});

describe('refused token requests', () => {
  const [[, stage]] = synthesized.resources('AWS::ApiGateway::Stage') as [[string, Resource]];
  const format = (stage.Properties.AccessLogSetting as { Format: string }).Format;
  /** An access-log line as API Gateway writes it. */
  const line = (resource: string, status: string) =>
    format
      .replace('$context.resourcePath', resource)
      .replace('$context.status', status)
      .replace(/\$context\.[A-Za-z.]+/g, '-');
  const [, filter] = synthesized
    .resources('AWS::Logs::MetricFilter')
    .find(([id]) => id.startsWith('ScimAlarmsTokenRequestsRefused')) as [string, Resource];

  it.each<[string, string, boolean]>([
    [TOKEN_PATH, '401', true], // invalid_client
    [TOKEN_PATH, '400', true], // invalid_request, unsupported_grant_type, unauthorized_client
    [TOKEN_PATH, '200', false], // a token issued
    [TOKEN_PATH, '503', false], // a dependency down: the 5xx rate alarm's
    [TOKEN_PATH, '429', false], // throttled: the throttling alarm's
    ['/scim/v2/Users', '401', false], // a refused bearer token: the client's problem
    ['/scim/v2/Users', '400', false],
  ])('count a request to %s answered %s: %s', (resource, status, counted) => {
    expect(filterPatternMatches(String(filter.Properties.FilterPattern), line(resource, status))).toBe(
      counted,
    );
  });

  it('are counted per API, as TokenRequestsRefused in the ScimEndpoint namespace', () => {
    expect(filter.Properties.LogGroupName).toEqual({ Ref: expect.stringMatching(/^ScimAccessLogs/) });
    expect(filter.Properties.MetricTransformations).toEqual([
      {
        MetricNamespace: 'ScimEndpoint',
        MetricName: 'TokenRequestsRefused',
        MetricValue: '1',
        Dimensions: [{ Key: 'ApiName', Value: '$.api' }],
      },
    ]);
  });

  it('raise an alarm at 20 in 5 minutes, which PutMetricAlarm accepts', () => {
    const [, alarm] = synthesized
      .resources('AWS::CloudWatch::Alarm')
      .find(([, a]) => a.Properties.MetricName === 'TokenRequestsRefused') as [string, Resource];
    expect(alarm.Properties).toMatchObject({
      Namespace: 'ScimEndpoint',
      Dimensions: [{ Name: 'ApiName', Value: 'ScimEndpoint-scim' }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 20,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmDescription: expect.stringMatching(/guessing client secrets.*expired or revoked secret/),
    });
    expect(putMetricAlarmProblems(alarm.Properties)).toEqual([]);
  });
});

describe('the TokenEndpoint output', () => {
  it.each<[string, boolean, RegExp]>([
    // https://<api id>.execute-api.<region>.<suffix>/<stage>/oauth2/token
    ['the API URL', false, /^https:\/\/[^/]+\.execute-api\.[^/]+\/[^/]+\/oauth2\/token$/],
    ['the custom domain', true, /^https:\/\/scim\.example\.com\/oauth2\/token$/],
  ])('is on %s, as ScimApi.tokenEndpoint', (_name, customDomain, url) => {
    const { stack, template: t } = synthesize({ customDomain });
    const value = t.findOutputs('TokenEndpoint').TokenEndpoint?.Value as unknown;
    expect(value).toEqual(stack.resolve(stack.scim.tokenEndpoint));
    // The joined parts, references shown as placeholders.
    const joined = (v: unknown): string => {
      const join = (v as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      if (join === undefined) return typeof v === 'string' ? v : 'x';
      return join[1].map(joined).join(join[0]);
    };
    expect(joined(value)).toMatch(url);
  });
});

describe('WAF, when the web ACL is on', () => {
  const rules = (props: ScimApiProps) =>
    Object.values(apiTemplate(props).findResources('AWS::WAFv2::WebACL')).flatMap(
      (acl) => acl.Properties.Rules as Record<string, unknown>[],
    );

  it.each<[string, number | undefined, number]>([
    ['100 by default', undefined, 100],
    ['as set', 500, 500],
  ])('limits token requests per IP on the token path only: %s per 5 minutes', (_name, limit, expected) => {
    const token = rules({
      webAcl: {
        requestsPerTokenPer5Minutes: 20_000,
        ...(limit === undefined ? {} : { tokenRequestsPerIpPer5Minutes: limit }),
      },
    }).find((r) => r.Name === 'TokenRequestsPerIp');
    expect(token?.Statement).toEqual({
      RateBasedStatement: {
        Limit: expected,
        EvaluationWindowSec: 300,
        AggregateKeyType: 'IP',
        ScopeDownStatement: {
          ByteMatchStatement: {
            FieldToMatch: { UriPath: {} },
            PositionalConstraint: 'CONTAINS',
            SearchString: TOKEN_PATH,
            TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }],
          },
        },
      },
    });
    expect(token?.Action).toMatchObject({ Block: { CustomResponse: { ResponseCode: 429 } } });
  });

  it('has no rule on the token path without a web ACL', () => {
    expect(rules({})).toEqual([]);
  });
});

describe('cdk-nag', () => {
  it('accepts the missing authorizer (APIG4) on the token method only, with a reason', () => {
    const suppressing = Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(
      ([, r]) =>
        JSON.stringify(
          (r.Metadata?.cdk_nag as { rules_to_suppress?: { id: string }[] })?.rules_to_suppress ?? [],
        ).includes('"AwsSolutions-APIG4"'),
    );
    expect(suppressing.map(([id]) => id)).toEqual([tokenMethod()[0]]);
  });
});
