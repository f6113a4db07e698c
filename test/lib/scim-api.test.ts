import { App, Aspects, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayPaths } from '../../functions/http/route-table';
import { TABLES } from '../../functions/storage/table-design';
import { ScimApi } from '../../lib/scim-api';
import { SCIM_GATEWAY_RESPONSES } from '../../lib/scim-gateway-responses';
import { ScimStack } from '../../lib/scim-stack';

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

let app: App;
let stack: ScimStack;
let template: Template;
const resources = (type: string) => Object.entries(template.findResources(type)) as [string, Resource][];

beforeAll(() => {
  app = new App();
  stack = new ScimStack(app, 'ScimEndpoint', { env: { account: '111111111111', region: 'eu-west-1' } });
  Aspects.of(app).add(new AwsSolutionsChecks());
  app.synth();
  template = Template.fromStack(stack);
}, 120_000);

/** The logical id of the role of one of the construct's functions. */
const roleOf = (name: string) => {
  const roles = resources('AWS::IAM::Role').filter(([id]) => id.startsWith(`Scim${name}Role`));
  expect(roles).toHaveLength(1);
  return (roles[0] as [string, Resource])[0];
};
const statementsOf = (name: string) =>
  resources('AWS::IAM::Policy')
    .filter(([, r]) => JSON.stringify(r.Properties.Roles).includes(roleOf(name)))
    .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);

describe('the default stack', () => {
  it('outputs the Tenant URL under /scim/v2 and the admin function name', () => {
    const outputs = template.findOutputs('*');
    expect(JSON.stringify(outputs.TenantUrl?.Value)).toContain('/scim/v2');
    expect(outputs.AdminFunctionName?.Value).toEqual({ Ref: expect.stringMatching(/^ScimAdminFunction/) });
  });

  it('passes the cdk-nag AWS Solutions checks with no unsuppressed error, every suppression with a reason', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data).slice(0, 220)}`)).toEqual([]);
    const suppressions = Object.values(
      template.toJSON().Resources as Record<string, { Metadata?: Record<string, unknown> }>,
    ).flatMap(
      (r) => (r.Metadata?.cdk_nag as { rules_to_suppress?: { reason: string }[] })?.rules_to_suppress ?? [],
    );
    expect(suppressions.length).toBeGreaterThan(0);
    for (const suppression of suppressions) expect(suppression.reason.length).toBeGreaterThan(30);
  });
});

describe('API Gateway', () => {
  it('is a REST API taking API keys from the authorizer, so that usage plans throttle per tenant', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { ApiKeySourceType: 'AUTHORIZER' });
  });

  it('routes every SCIM path under /scim/v2 to its function, with the authorizer and an API key required', () => {
    const paths = resources('AWS::ApiGateway::Resource').map(
      ([id, r]) => [id, r.Properties.PathPart] as const,
    );
    const pathParts = new Set(paths.map(([, part]) => part));
    for (const route of gatewayPaths()) {
      for (const part of route.path.split('/').slice(1)) expect(pathParts).toContain(part);
    }
    const methods = resources('AWS::ApiGateway::Method');
    expect(methods).toHaveLength(gatewayPaths().length);
    for (const [, method] of methods) {
      expect(method.Properties).toMatchObject({
        HttpMethod: 'ANY',
        AuthorizationType: 'CUSTOM',
        ApiKeyRequired: true,
        Integration: { Type: 'AWS_PROXY' },
      });
    }
    for (const name of [
      'Users',
      'Groups',
      '.search',
      '{id}',
      'ServiceProviderConfig',
      'ResourceTypes',
      'Schemas',
      'Me',
      'Bulk',
    ]) {
      expect(pathParts).toContain(name);
    }
  });

  it('has a REQUEST authorizer on the Authorization header, cached 300 s by default', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 300,
    });
  });

  it('declares usage-plan tiers, the default at 25 requests/s with a burst of 50', () => {
    const plans = resources('AWS::ApiGateway::UsagePlan').map(([, r]) => r.Properties);
    expect(plans.map((p) => p.Throttle)).toEqual(
      expect.arrayContaining([
        { RateLimit: 25, BurstLimit: 50 },
        { RateLimit: 100, BurstLimit: 200 },
        { RateLimit: 500, BurstLimit: 1000 },
      ]),
    );
    // Tenants get keys in these plans at runtime; the stack creates no key and no per-tenant plan.
    expect(resources('AWS::ApiGateway::ApiKey')).toEqual([]);
  });

  it('answers every gateway error as SCIM Error JSON with application/scim+json', () => {
    const responses = resources('AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);
    for (const expected of SCIM_GATEWAY_RESPONSES) {
      const response = responses.find((r) => r.ResponseType === expected.type.responseType);
      if (response === undefined) throw new Error(`no gateway response ${expected.type.responseType}`);
      expect(response.StatusCode).toBe(String(expected.status));
      expect(response.ResponseParameters).toMatchObject({
        'gatewayresponse.header.Content-Type': "'application/scim+json'",
      });
      const body = JSON.parse(
        (response.ResponseTemplates as Record<string, string>)['application/json'] as string,
      );
      expect(body).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        detail: expect.any(String),
        status: String(expected.status),
      });
    }
    const byType = (type: string) => responses.find((r) => r.ResponseType === type);
    expect(byType('UNAUTHORIZED')?.StatusCode).toBe('401');
    expect(byType('MISSING_AUTHENTICATION_TOKEN')?.StatusCode).toBe('404');
    expect(byType('REQUEST_TOO_LARGE')?.StatusCode).toBe('413');
    expect(byType('THROTTLED')?.ResponseParameters).toMatchObject({
      'gatewayresponse.header.Retry-After': "'1'",
    });
    for (const type of ['AUTHORIZER_FAILURE', 'AUTHORIZER_CONFIGURATION_ERROR']) {
      expect(byType(type)?.StatusCode).toBe('503');
    }
    expect(byType('DEFAULT_4XX')).toBeDefined();
    expect(byType('DEFAULT_5XX')).toBeDefined();
  });

  it('writes JSON access logs without the Authorization header, query string or body', () => {
    const [[, stage]] = resources('AWS::ApiGateway::Stage') as [[string, Resource]];
    const settings = stage.Properties.AccessLogSetting as { Format: string };
    const format = JSON.parse(settings.Format.replace(/(\$context\.\w+)(?=[,}])/g, '"$1"'));
    expect(format).toMatchObject({ status: '$context.status', tenant: '$context.authorizer.tenantId' });
    expect(settings.Format.toLowerCase()).not.toContain('authorization');
    expect(settings.Format).not.toMatch(/querystring|requestOverride|\.body/i);
    expect(stage.Properties.MethodSettings).toEqual([expect.objectContaining({ DataTraceEnabled: false })]);
  });
});

describe('Lambda functions', () => {
  it('run Node.js 22 or newer on arm64, minified with source maps, each with a log group with retention', () => {
    const functions = resources('AWS::Lambda::Function');
    expect(functions).toHaveLength(5);
    for (const [, fn] of functions) {
      expect(String(fn.Properties.Runtime)).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Environment).toMatchObject({
        Variables: { NODE_OPTIONS: '--enable-source-maps' },
      });
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogGroup: { Ref: expect.stringMatching(/Logs/) } });
    }
    for (const [, group] of resources('AWS::Logs::LogGroup'))
      expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('give each function only what it needs', () => {
    const actions = (name: string) => statementsOf(name).flatMap((s) => [s.Action].flat() as string[]);
    const resourcesOf = (name: string) => JSON.stringify(statementsOf(name).map((s) => s.Resource));
    expect(actions('Discovery').filter((a) => !a.startsWith('logs:'))).toEqual([]);
    expect(
      actions('Authorizer')
        .filter((a) => !a.startsWith('logs:'))
        .sort(),
    ).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
    expect(resourcesOf('Authorizer')).toContain('ScimTokensTable');
    expect(resourcesOf('Authorizer')).not.toContain('ScimDataTable');
    for (const name of ['Users', 'Groups']) {
      expect(resourcesOf(name)).toContain('ScimDataTable');
      expect(resourcesOf(name)).not.toContain('ScimTokensTable');
      expect(actions(name)).not.toContain('dynamodb:Scan');
      expect(actions(name).some((a) => a.startsWith('apigateway:'))).toBe(false);
    }
    expect(actions('Admin')).toEqual(expect.arrayContaining(['apigateway:POST', 'apigateway:DELETE']));
    expect(resourcesOf('Admin')).not.toContain('ScimDataTable');
    for (const name of ['Users', 'Groups', 'Discovery', 'Authorizer', 'Admin']) {
      for (const statement of statementsOf(name)) {
        expect(statement.Action).not.toBe('*');
        expect(statement.Resource).not.toBe('*');
      }
    }
  });
});

describe('DynamoDB', () => {
  it('defines the data and tokens tables from the same definitions the local endpoint uses', () => {
    const tables = resources('AWS::DynamoDB::GlobalTable');
    expect(tables).toHaveLength(2);
    for (const [, table] of tables) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: TABLES.data.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLES.data.sortKey, KeyType: 'RANGE' },
        ],
        Replicas: [
          expect.objectContaining({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      });
    }
    const [, data] = tables.find(([id]) => id.startsWith('ScimDataTable')) as [string, Resource];
    expect(data.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'gsi1',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ]);
  });
});

describe('monitoring', () => {
  it('alarms on the 5xx rate, authorizer errors and throttling', () => {
    const alarms = resources('AWS::CloudWatch::Alarm').map(([, r]) => String(r.Properties.AlarmDescription));
    expect(alarms).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/5xx/),
        expect.stringMatching(/authorizer failed/i),
        expect.stringMatching(/throttled/i),
      ]),
    );
  });
});

describe('the construct in a vendor stack', () => {
  let custom: Template;
  beforeAll(() => {
    const vendorApp = new App();
    const vendorStack = new Stack(vendorApp, 'Vendor', {
      env: { account: '222222222222', region: 'us-west-2' },
    });
    const zone = route53.HostedZone.fromHostedZoneAttributes(vendorStack, 'Zone', {
      hostedZoneId: 'Z123456',
      zoneName: 'example.com',
    });
    new ScimApi(vendorStack, 'Scim', {
      tiers: { basic: { rateLimit: 30, burstLimit: 60 }, premium: { rateLimit: 300, burstLimit: 600 } },
      defaultTier: 'basic',
      authorizerCacheTtl: Duration.seconds(60),
      alarmTopic: new sns.Topic(vendorStack, 'Alarms'),
      webAcl: { requestsPerTokenPer5Minutes: 20_000 },
      customDomain: {
        domainName: 'scim.example.com',
        certificate: acm.Certificate.fromCertificateArn(
          vendorStack,
          'Certificate',
          'arn:aws:acm:us-west-2:222222222222:certificate/abc',
        ),
        hostedZone: zone,
      },
    });
    custom = Template.fromStack(vendorStack);
  }, 120_000);

  it('takes its tiers, default tier and authorizer cache TTL from props', () => {
    custom.resourceCountIs('AWS::ApiGateway::UsagePlan', 2);
    custom.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 30, BurstLimit: 60 },
    });
    custom.hasResourceProperties('AWS::ApiGateway::Authorizer', { AuthorizerResultTtlInSeconds: 60 });
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DEFAULT_TIER: 'basic' }) },
    });
  });

  it('notifies the alarm topic', () => {
    const alarms = Object.values(custom.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms)
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
  });

  it('rate-limits each bearer token with WAF, never by IP', () => {
    custom.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: [
        Match.objectLike({
          Statement: {
            RateBasedStatement: Match.objectLike({
              Limit: 20_000,
              AggregateKeyType: 'CUSTOM_KEYS',
              CustomKeys: [
                { Header: { Name: 'authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } },
              ],
            }),
          },
        }),
      ],
    });
    custom.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    expect(JSON.stringify(custom.findResources('AWS::WAFv2::WebACL'))).not.toContain('"IP"');
  });

  it('serves the Tenant URL on the custom domain, with its alias record', () => {
    custom.hasResourceProperties('AWS::ApiGateway::DomainName', { DomainName: 'scim.example.com' });
    custom.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'scim.example.com.', Type: 'A' });
  });

  it('refuses an authorizer cache TTL over an hour and a default tier that is not a tier', () => {
    const stack = new Stack(new App(), 'Bad');
    expect(() => new ScimApi(stack, 'A', { authorizerCacheTtl: Duration.hours(2) })).toThrow(
      /at most 1 hour/,
    );
    expect(() => new ScimApi(stack, 'B', { defaultTier: 'gold' })).toThrow(/not one of the tiers/);
  });
});
