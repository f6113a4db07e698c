import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/config';
import { gatewayPaths } from '../../functions/http/route-table';
import { TABLES } from '../../functions/storage/table-design';
import { ScimApi } from '../../lib/scim-api';
import { SCIM_GATEWAY_RESPONSES } from '../../lib/scim-gateway-responses';
import { type Resource, type Synthesized, synthesize } from './synth';

let synthesized: Synthesized;
let template: Template;
const resources = (type: string) => synthesized.resources(type);

beforeAll(() => {
  // The default stack, its functions bundled as `cdk deploy` bundles them.
  synthesized = synthesize({}, { bundle: true });
  template = synthesized.template;
}, 180_000);

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
  it('outputs the Tenant URL under /scim/v2, the Token Endpoint and the admin function name', () => {
    const outputs = template.findOutputs('*');
    expect(JSON.stringify(outputs.TenantUrl?.Value)).toContain('/scim/v2');
    expect(JSON.stringify(outputs.TokenEndpoint?.Value)).toContain('/oauth2/token');
    expect(outputs.AdminFunctionName?.Value).toEqual({ Ref: expect.stringMatching(/^ScimAdminFunction/) });
  });

  it.each([
    ['EventBusArn', 'AWS::Events::EventBus', 'Arn'],
    ['EventArchiveArn', 'AWS::Events::Archive', 'Arn'],
    ['DataTableName', 'AWS::DynamoDB::GlobalTable', undefined],
  ] as const)('outputs %s, for the README’s replay and reader steps', (name, type, attribute) => {
    const value = template.findOutputs(name)[name]?.Value as Record<string, unknown>;
    const id = attribute === undefined ? (value.Ref as string) : (value['Fn::GetAtt'] as string[])[0];
    expect(template.toJSON().Resources[id as string]?.Type).toBe(type);
    if (name === 'DataTableName') expect(id).toMatch(/^ScimDataTable/);
  });

  it('states a reason for every cdk-nag suppression (the checks themselves: stack-combinations.test.ts)', () => {
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
    // The token endpoint's method (POST /oauth2/token) has neither: scim-token-endpoint.test.ts.
    const methods = resources('AWS::ApiGateway::Method').filter(([id]) => !id.startsWith('ScimApioauth2'));
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

  it('writes access logs without the Authorization header, query string or body (each line JSON: stack-combinations.test.ts)', () => {
    const [[, stage]] = resources('AWS::ApiGateway::Stage') as [[string, Resource]];
    const settings = stage.Properties.AccessLogSetting as { Format: string };
    expect(JSON.parse(settings.Format)).toMatchObject({
      status: '$context.status',
      tenant: '$context.authorizer.tenantId',
    });
    expect(settings.Format.toLowerCase()).not.toContain('authorization');
    expect(settings.Format).not.toMatch(/querystring|requestOverride|\.body/i);
    // The stage's settings and the token method's (its throttling): neither traces data.
    expect(stage.Properties.MethodSettings).toEqual([
      expect.objectContaining({ ResourcePath: '/*', DataTraceEnabled: false }),
      expect.objectContaining({ ResourcePath: '/~1oauth2~1token', DataTraceEnabled: false }),
    ]);
  });
});

describe('Lambda functions', () => {
  it('run Node.js 22 or newer on arm64, minified with source maps, each with a log group with retention', () => {
    const functions = resources('AWS::Lambda::Function');
    expect(functions).toHaveLength(8);
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

  describe('bundles', () => {
    const bundles = () =>
      resources('AWS::Lambda::Function').map(([id, fn]) => {
        const key = String((fn.Properties.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');
        const file = join(synthesized.directory, `asset.${key}`, 'index.js');
        return { name: id.replace(/Function[0-9A-F]*$/, ''), file, code: readFileSync(file, 'utf8') };
      });

    it('keep discovery, which reads no table and parses no body, free of the SDK', () => {
      // The logger in every bundle reads ENV from functions/environment-names.ts, and discovery takes PAGING
      // from functions/scim/paging.ts. It does carry valibot since issue 13: it validates the declared schema
      // extensions at cold start, as the Users and Groups functions do (measured: 40 KiB instead of 26).
      // Minified, valibot shows as its schema objects (`kind:"schema"`), as in the Groups bundle. Powertools'
      // Logger and Metrics (issue 14) add about 35 KB to every bundle: discovery measured 52,221 bytes before
      // and 87,743 after, hence 100,000 here; the SDK alone would be several times that.
      const code = (name: string) => bundles().find((b) => b.name === name)?.code ?? '';
      const carries = (name: string) => ({
        name,
        valibot: code(name).includes('kind:"schema"'),
        sdk: code(name).includes('DynamoDBClient'),
      });
      expect(carries('ScimGroups')).toEqual({ name: 'ScimGroups', valibot: true, sdk: true });
      expect(carries('ScimDiscovery')).toEqual({ name: 'ScimDiscovery', valibot: true, sdk: false });
      expect(code('ScimDiscovery').length).toBeLessThan(100_000);
    });

    it('carry their own AWS SDK, the version the tests ran against, never the Lambda runtime one', () => {
      const all = bundles();
      expect(all).toHaveLength(8);
      for (const { name, code } of all) {
        // Only the optional SigV4a signers (multi-Region access points; DynamoDB and API Gateway do not use
        // them) stay guarded requires that fail over when absent, as they are in the Lambda runtime too.
        const external = (code.match(/require\(["'](@aws-sdk|@smithy)\/[^"']+["']\)/g) ?? []).filter(
          (r) => !/@aws-sdk\/signature-v4(-crt|a)["']/.test(r),
        );
        expect({ name, external }).toEqual({ name, external: [] });
      }
      // What functions/storage/dynamo-client.ts relies on is in the bundles that talk to DynamoDB.
      for (const { name, code } of all.filter((b) => /Users|Groups|Authorizer|Token|Admin/.test(b.name)))
        expect({ name, has: code.includes('throwOnRequestTimeout') }).toEqual({ name, has: true });
    });

    it("take the execution role's credentials from the environment alone, without the rest of the default chain", () => {
      // lib/scim-function.ts aliases @aws-sdk/credential-provider-node to functions/storage/default-provider.ts
      // (fromEnv): each string below belongs to a link of the default chain that Lambda never reaches (web
      // identity, credential processes, SSO, container credentials). The instance metadata service's address
      // stays: the SDK's defaults mode may ask it for the region, which is not the credential chain.
      const chain = [
        'AWS_WEB_IDENTITY_TOKEN_FILE',
        'credential_process',
        'sso_start_url',
        'AWS_CONTAINER_CREDENTIALS_FULL_URI',
      ];
      for (const { name, code } of bundles().filter((b) => b.name !== 'ScimDiscovery')) {
        expect({ name, chain: chain.filter((s) => code.includes(s)) }).toEqual({ name, chain: [] });
        expect({ name, fromEnv: code.includes('AWS_SECRET_ACCESS_KEY') }).toEqual({ name, fromEnv: true });
      }
    });

    it('load on their own, outside this project, and export a handler (measured sizes in docs/aws-limits.md)', () => {
      const outside = execFileSync('mktemp', ['-d']).toString().trim();
      const environments = Object.fromEntries(
        resources('AWS::Lambda::Function').map(([id, fn]) => [
          id.replace(/Function[0-9A-F]*$/, ''),
          // The function's own environment, each CloudFormation reference replaced by a placeholder.
          Object.fromEntries(
            Object.entries(
              (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables,
            ).map(([k, v]) => [
              k,
              typeof v === 'string' ? v : k === ENV.USAGE_PLANS ? '{"standard":"p1"}' : 'x',
            ]),
          ),
        ]),
      );
      for (const { name, file } of bundles()) {
        const copy = join(outside, `${name}.js`);
        execFileSync('cp', [file, copy]);
        let loaded: string;
        try {
          loaded = execFileSync(
            process.execPath,
            ['-e', `process.stdout.write(typeof require(${JSON.stringify(copy)}).handler)`],
            {
              cwd: outside,
              stdio: ['ignore', 'pipe', 'pipe'],
              env: {
                PATH: process.env.PATH ?? '',
                [ENV.AWS_REGION]: 'eu-west-1',
                [ENV.AWS_LAMBDA_FUNCTION_NAME]: name,
                ...environments[name],
                NODE_OPTIONS: '',
              },
            },
          ).toString();
        } catch (error) {
          const stderr = String((error as { stderr?: Buffer }).stderr ?? error);
          loaded = stderr
            .split('\n')
            .filter((l) => /Error/.test(l))
            .slice(0, 2)
            .join(' ')
            .slice(0, 300);
        }
        expect({ name, loaded }).toEqual({ name, loaded: 'function' });
        // Minified with the SDK: a bound that fails if tree-shaking is lost (the SDK's CommonJS builds make
        // the authorizer ~560 KB). The admin function, which the CLI alone invokes, has three clients; the
        // lifecycle function two (DynamoDB, and Lambda to continue a sweep): ~475 KB. Users and Groups measured
        // 439 and 445 KiB once undeclared extensions and attribute-name checks were added (issue 13). Powertools'
        // Logger and Metrics (issue 14) took them from 469,376 and 472,733 bytes to 502,583 and 505,938 (the
        // authorizer 407,395 to 439,956, the lifecycle function 490,581 to 512,000), so the bound is 550 KB:
        // Bundling only the environment's credentials (issue 15) took Users from 502,583 bytes to 368,525,
        // Groups 371,882, the authorizer 305,220, token 333,253, events 293,938, lifecycle 393,488 and admin
        // 430,807: the bounds fail if the default chain (~130 KB) or tree-shaking comes back (docs/aws-limits.md).
        // Reading the declared extensions outside functions/config.ts (functions/resource-environment.ts) took
        // the SCIM schemas built from them out of the other bundles: the authorizer 299,413 bytes, token
        // 327,440, events 287,540, lifecycle 387,659, admin 427,418 (Users 368,529, Groups 371,886, discovery
        // 89,376). withoutValueFilters in a leaf of its own (functions/scim/without-value-filters.ts) took the
        // rest of them out of the authorizer (289,065) and token (317,101): the authorizer's bound fails if
        // either path brings them back.
        const bound =
          { ScimAdmin: 480_000, ScimLifecycle: 440_000, ScimAuthorizer: 295_000 }[name] ?? 400_000;
        expect({ name, small: statSync(file).size < bound }).toEqual({ name, small: true });
      }
      execFileSync('rm', ['-rf', outside]);
    });
  });

  it('give each function only what it needs', () => {
    const actions = (name: string) => statementsOf(name).flatMap((s) => [s.Action].flat() as string[]);
    const resourcesOf = (name: string) => JSON.stringify(statementsOf(name).map((s) => s.Resource));
    expect(actions('Discovery').filter((a) => !a.startsWith('logs:'))).toEqual([]);
    expect(
      actions('Authorizer')
        .filter((a) => !a.startsWith('logs:'))
        .sort(),
    ).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(resourcesOf('Authorizer')).toContain('ScimTokensTable');
    // On the data table, only PutItem of request-log lines (the LeadingKeys condition, use-table.test.ts).
    const onData = statementsOf('Authorizer').filter((s) =>
      JSON.stringify(s.Resource).includes('ScimDataTable'),
    );
    expect(onData.map((s) => s.Action)).toEqual(['dynamodb:PutItem']);
    for (const name of ['Users', 'Groups']) {
      expect(resourcesOf(name)).toContain('ScimDataTable');
      expect(resourcesOf(name)).not.toContain('ScimTokensTable');
      expect(actions(name)).not.toContain('dynamodb:Scan');
      expect(actions(name).some((a) => a.startsWith('apigateway:'))).toBe(false);
    }
    expect(actions('Admin')).toEqual(expect.arrayContaining(['apigateway:POST', 'apigateway:DELETE']));
    for (const name of ['Users', 'Groups', 'Discovery', 'Authorizer', 'Token', 'Admin']) {
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
      expect(table.DeletionPolicy).toBe('RetainExceptOnCreate');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: TABLES.data.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLES.data.sortKey, KeyType: 'RANGE' },
        ],
        Replicas: [
          expect.objectContaining({
            DeletionProtectionEnabled: false,
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
      removedTiers: ['standard', 'large', 'xlarge'],
      defaultTier: 'basic',
      authorizerReservedConcurrency: 50,
      tableDeletionProtection: true,
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
      Description: 'SCIM bearer-token authorizer',
      ReservedConcurrentExecutions: 50,
    });
    custom.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
    });
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [ENV.DEFAULT_TIER]: 'basic' }) },
    });
  });

  it('notifies the alarm topic', () => {
    const alarms = Object.values(custom.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms)
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alarms/) }]);
  });

  it('rate-limits each bearer token with WAF, never by IP, and token requests by IP on the token path only', () => {
    custom.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
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
      ]),
    });
    custom.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    const rules = Object.values(custom.findResources('AWS::WAFv2::WebACL')).flatMap(
      (acl) => acl.Properties.Rules as { Name: string; Statement: unknown }[],
    );
    // A token request has no bearer token yet: the one rule per IP, scoped down to the token path.
    const perIp = rules.filter((r) => JSON.stringify(r.Statement).includes('"IP"'));
    expect(perIp.map((r) => r.Name)).toEqual(['TokenRequestsPerIp']);
    expect(JSON.stringify(perIp[0]?.Statement)).toContain('"SearchString":"/oauth2/token"');
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

  it.each([
    ['no reservation', false, undefined],
    ['a reservation of 5', 5, 5],
  ] as const)('takes the authorizer concurrency from props: %s', (_name, reserved, expected) => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Reserved');
    const api = new ScimApi(stack, 'Scim', { authorizerReservedConcurrency: reserved });
    const fn = api.functions.authorizer.function.node.defaultChild as {
      reservedConcurrentExecutions?: number;
    };
    expect(fn.reservedConcurrentExecutions).toBe(expected);
  });

  it.each([0, -1, 2.5])('refuses an authorizer reserved concurrency of %s', (reserved) => {
    const stack = new Stack(new App(), 'BadReserved');
    expect(() => new ScimApi(stack, 'Scim', { authorizerReservedConcurrency: reserved })).toThrow(
      /authorizerReservedConcurrency must be a whole number of at least 1, or false/,
    );
  });
});
