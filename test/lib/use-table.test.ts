import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { ENV, type EnvironmentName } from '../../functions/config';
import { keys, TABLES } from '../../functions/storage/table-design';
import { ScimFunction } from '../../lib/scim-function';
import { ScimTable } from '../../lib/scim-table';
import { type TableAccess, useTable } from '../../lib/use-table';
import { type Resource, synthesize, unbundledStack } from './synth';

type Statement = { Action: string | string[]; Resource: unknown };
const policyStatements = (template: Template, roleId: string): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);

describe('useTable', () => {
  it.each<[TableAccess, string[], boolean]>([
    [
      'readWrite',
      [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
      ],
      true,
    ],
    ['authorize', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], false],
    [
      'manage',
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:Query',
        'dynamodb:ConditionCheckItem',
      ],
      true,
    ],
    ['purge', ['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchWriteItem'], false],
    [
      'token',
      ['dynamodb:GetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      false,
    ],
  ])(
    'with %s access names the table in the variable and grants %j on it (its indexes too: %s)',
    (access, actions, indexes) => {
      const stack = unbundledStack('Test');
      const fn = new ScimFunction(stack, 'Fn', {
        entry: 'users',
        description: 'test',
        logRetention: logs.RetentionDays.ONE_DAY,
      });
      const table = new ScimTable(stack, 'Table', { definition: TABLES.data });
      useTable(fn, table, { variable: ENV.TABLE_NAME, access });

      const template = Template.fromStack(stack);
      const tableId = stack.getLogicalId(table.node.defaultChild as never);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: { [ENV.TABLE_NAME]: { Ref: tableId } } },
      });
      const arn = { 'Fn::GetAtt': [tableId, 'Arn'] };
      const resources = indexes ? [arn, { 'Fn::Join': ['', [arn, '/index/*']] }] : arn;
      expect(
        policyStatements(template, stack.getLogicalId(fn.role.node.defaultChild as never)),
      ).toContainEqual({ Action: actions, Effect: 'Allow', Resource: resources });
    },
  );
});

describe('the requestLog access (the authorizer and the token function on the data table)', () => {
  it('may PutItem only items whose partition key is a request log’s, TENANT#…#LOG', () => {
    const stack = unbundledStack('Test');
    const fn = new ScimFunction(stack, 'Fn', {
      entry: 'authorizer',
      description: 'test',
      logRetention: logs.RetentionDays.ONE_DAY,
    });
    const table = new ScimTable(stack, 'Table', { definition: TABLES.data });
    useTable(fn, table, { variable: ENV.DATA_TABLE_NAME, access: 'requestLog' });
    const template = Template.fromStack(stack);
    const tableId = stack.getLogicalId(table.node.defaultChild as never);
    expect(policyStatements(template, stack.getLogicalId(fn.role.node.defaultChild as never))).toContainEqual(
      {
        Action: 'dynamodb:PutItem',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
        // IAM matches StringLike's `*` across any characters, `#` included; the key the store writes matches it.
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [keys.requestLogOf('*')] } },
      },
    );
    const pattern = new RegExp(`^${keys.requestLogOf('*').replace('*', '.*')}$`);
    expect(keys.requestLog('contoso', '2026-12-03T00:00:00.000Z', 'r').pk).toMatch(pattern);
    expect(keys.resource('contoso', 'User', 'u-1').pk).not.toMatch(pattern);
  });
});

describe('every function of the stack', () => {
  const synthesized = synthesize({});
  const tableIds = {
    data: synthesized
      .resources('AWS::DynamoDB::GlobalTable')
      .find(([id]) => id.startsWith('ScimDataTable'))?.[0],
    tokens: synthesized
      .resources('AWS::DynamoDB::GlobalTable')
      .find(([id]) => id.startsWith('ScimTokensTable'))?.[0],
  };

  it.each<[string, Partial<Record<EnvironmentName, keyof typeof tableIds>>]>([
    ['Users', { [ENV.TABLE_NAME]: 'data' }],
    ['Groups', { [ENV.TABLE_NAME]: 'data' }],
    ['Discovery', {}],
    // The data table for their request-log lines only (the requestLog access, below).
    ['Authorizer', { [ENV.TOKENS_TABLE_NAME]: 'tokens', [ENV.DATA_TABLE_NAME]: 'data' }],
    ['Token', { [ENV.TOKENS_TABLE_NAME]: 'tokens', [ENV.DATA_TABLE_NAME]: 'data' }],
    ['Admin', { [ENV.TOKENS_TABLE_NAME]: 'tokens', [ENV.DATA_TABLE_NAME]: 'data' }],
  ])('%s has the name of exactly the tables it may use, %j', (name, expected) => {
    const [, fn] = synthesized
      .resources('AWS::Lambda::Function')
      .find(([id]) => id.startsWith(`Scim${name}Function`)) as [string, Resource];
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const named = Object.entries(variables).flatMap(([variable, value]) => {
      const table = Object.entries(tableIds).find(
        ([, id]) => JSON.stringify(value) === JSON.stringify({ Ref: id }),
      );
      return table === undefined ? [] : [[variable, table[0]]];
    });
    expect(Object.fromEntries(named)).toEqual(expected);

    const roleId = JSON.stringify(fn.Properties.Role).match(/Scim\w+Role\w+/)?.[0] as string;
    const granted = new Set(
      policyStatements(synthesized.template, roleId).flatMap((s) =>
        Object.entries(tableIds)
          .filter(([, id]) => JSON.stringify(s.Resource).includes(`"${id}"`))
          .map(([table]) => table),
      ),
    );
    expect([...granted].sort()).toEqual([...new Set(Object.values(expected))].sort());
  });
});
