import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScimApi } from '../../lib/scim-api';
import { TABLE_ACCESS } from '../../lib/use-table';
import { unbundledStack } from './synth';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

let template: Template;
let dataTable: string;

/** The statements of the policies attached to the role whose logical id starts with `role`. */
const statementsOf = (role: string): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${role}`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);

beforeAll(() => {
  const stack = unbundledStack('Vendor');
  const scim = new ScimApi(stack, 'Scim');
  const fn = new lambda.Function(stack, 'Consumer', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
  scim.grantRead(fn);
  const role = new iam.Role(stack, 'Reporting', { assumedBy: new iam.AccountRootPrincipal() });
  scim.grantRead(role);
  template = Template.fromStack(stack);
  dataTable = stack.getLogicalId(scim.dataTable.node.defaultChild as never);
}, 120_000);

describe('scim.grantRead(fn)', () => {
  const readerStatement = () => ({
    Effect: 'Allow',
    Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
    Resource: [
      { 'Fn::GetAtt': [dataTable, 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [dataTable, 'Arn'] }, '/index/gsi1']] },
    ],
  });

  it.each([
    { grantee: 'a Lambda function', role: 'ConsumerServiceRole' },
    { grantee: 'any other grantee (a role)', role: 'Reporting' },
  ])("gives $grantee exactly the reader's requests on the data table and gsi1", ({ role }) => {
    expect(statementsOf(role)).toEqual([readerStatement()]);
  });

  it('grants no action that writes, nor Scan or the stream', () => {
    const granted = statementsOf('ConsumerServiceRole').flatMap((s) => s.Action);
    const writes = TABLE_ACCESS.readWrite.actions.filter(
      (action) => !['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'].includes(action),
    );
    expect(writes.length).toBeGreaterThan(0);
    for (const action of [...writes, 'dynamodb:Scan', 'dynamodb:GetRecords', 'dynamodb:*'])
      expect(granted).not.toContain(action);
  });

  it("sets the function's SCIM_TABLE_NAME to the data table's name (docs/reader.md)", () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: { SCIM_TABLE_NAME: { Ref: dataTable } } },
    });
  });
});
