import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScimStack } from '../../lib/scim-stack';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

let template: Template;
let stack: ScimStack;

beforeAll(() => {
  const app = new App();
  stack = new ScimStack(app, 'ScimEndpoint', { env: { account: '111111111111', region: 'eu-west-1' } });
  Aspects.of(app).add(new AwsSolutionsChecks());
  app.synth();
  template = Template.fromStack(stack);
}, 120_000);

/** The admin function's statements, from every policy attached to its role. */
function adminStatements(): Statement[] {
  const roles = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) =>
    id.startsWith('ScimAdminRole'),
  );
  expect(roles).toHaveLength(1);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(roles[0] as string))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

/** The statements granting `action`, their resources rendered as text (Fn::Join parts concatenated). */
function grants(action: string): { resources: string[]; condition: unknown }[] {
  // `arn:${Partition}:apigateway:…` is an Fn::Join: rendered as text, with references as <Ref>.
  const render = (r: unknown): string => {
    if (typeof r === 'string') return r;
    const value = r as { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: string[] };
    if (value['Fn::Join'] !== undefined) return value['Fn::Join'][1].map(render).join(value['Fn::Join'][0]);
    if (value.Ref === 'AWS::Partition') return 'aws';
    if (value.Ref === 'AWS::Region') return 'eu-west-1';
    if (value.Ref !== undefined) return `<${value.Ref}>`;
    return `<${(value['Fn::GetAtt'] ?? []).join('.')}>`;
  };
  return adminStatements()
    .filter((s) => [s.Action].flat().includes(action))
    .map((s) => ({ resources: [s.Resource].flat().map(render), condition: s.Condition }));
}

describe("the admin function's permissions (API Gateway management: verbs on resource paths)", () => {
  it('include what CreateApiKey with tags needs: POST on /apikeys and PUT on the tags resource, scoped', () => {
    expect(grants('apigateway:POST').flatMap((g) => g.resources)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^arn:aws:apigateway:eu-west-1::\/apikeys$/)]),
    );
    const put = grants('apigateway:PUT');
    expect(put).toHaveLength(1);
    expect(put[0]?.resources).toEqual(['arn:aws:apigateway:eu-west-1::/tags/*']);
    expect(put[0]?.condition).toEqual({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['scim:tenant'] } });
  });

  it('include DeleteApiKey (DELETE on /apikeys/<id>) and GetApiKeys (GET on /apikeys), for delete and retries', () => {
    expect(grants('apigateway:DELETE').flatMap((g) => g.resources)).toEqual(
      expect.arrayContaining(['arn:aws:apigateway:eu-west-1::/apikeys/*']),
    );
    expect(grants('apigateway:GET').flatMap((g) => g.resources)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^arn:aws:apigateway:eu-west-1::\/apikeys$/)]),
    );
  });

  it("limit usage-plan keys to this API's usage plans", () => {
    const planResources = grants('apigateway:POST')
      .flatMap((g) => g.resources)
      .filter((r) => r.includes('usageplans'));
    expect(planResources.length).toBeGreaterThan(0);
    for (const r of planResources) expect(r).toMatch(/usageplans\/<ScimApiUsagePlan\w+>\/keys(\/\*)?$/);
  });

  it('allow a purge: Scan and BatchWriteItem on the data table only, and invoking itself', () => {
    const scan = grants('dynamodb:Scan');
    expect(scan).toHaveLength(1);
    expect(JSON.stringify(scan[0]?.resources)).toContain('ScimDataTable');
    expect(JSON.stringify(scan[0]?.resources)).not.toContain('index');
    expect(JSON.stringify(grants('dynamodb:BatchWriteItem'))).toContain('ScimDataTable');
    expect(JSON.stringify(grants('dynamodb:Scan'))).not.toContain('ScimTokensTable');
    // `tenants reindex` queries the tenant's users (email-reindex.ts) and puts their email items; `logs` and
    // `tenants show` query the tenant's request log (request-log-command.ts, request-log-store.ts).
    expect(JSON.stringify(grants('dynamodb:Query'))).toContain('ScimDataTable');
    expect(JSON.stringify(grants('lambda:InvokeFunction'))).toContain('ScimAdminFunction');
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) =>
      String(f.Properties.Description).includes('tenants and tokens'),
    );
    expect(fn?.Properties.RecursiveLoop).toBe('Allow');
    expect(Object.keys(fn?.Properties.Environment.Variables)).toEqual(
      expect.arrayContaining(['DATA_TABLE_NAME', 'API_KEY_NAME_PREFIX', 'PURGE_SETTLE_SECONDS']),
    );
  });

  it("allow `tenants set` to put the data table's POLICY item, in a transaction only (beside the purge's BatchWriteItem, nothing else writes there)", () => {
    const dataTableWrites = adminStatements().filter(
      (s) =>
        JSON.stringify(s.Resource).includes('ScimDataTable') &&
        [s.Action].flat().some((a) => /Put|Update|Delete|ConditionCheck/.test(a)),
    );
    expect(dataTableWrites.map((s) => ({ actions: s.Action, condition: s.Condition }))).toEqual([
      {
        actions: 'dynamodb:PutItem',
        condition: { 'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] } },
      },
    ]);
    expect(JSON.stringify(dataTableWrites[0]?.Resource)).not.toContain('index');
  });

  it('never grant an action on every resource, and leave no unsuppressed cdk-nag error', () => {
    for (const s of adminStatements()) {
      expect(s.Action).not.toBe('*');
      expect(s.Resource).not.toBe('*');
    }
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data).slice(0, 200)}`)).toEqual([]);
  });
});
