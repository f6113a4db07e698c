/**
 * The sample consumer of docs/events.md and docs/reader.md (test/lib/sample/): a vendor's stack whose
 * function reacts to `scim.user.deactivated` and reads users with the reader. Synthesized here unbundled,
 * as test/lib/synth.ts does, with cdk-nag's checks.
 */
import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { VendorStack } from './sample/vendor-stack';
// CDK_VALIDATION off, as for the other synthesized stacks.
import './synth';

let stack: VendorStack;
let template: Template;
const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new VendorStack(app, 'Vendor', { env: { account: '111111111111', region: 'eu-west-1' } });
  Aspects.of(app).add(new AwsSolutionsChecks());
  app.synth();
  template = Template.fromStack(stack);
}, 120_000);

describe('the sample vendor stack', () => {
  it('subscribes a rule on the SCIM event bus to scim.user.deactivated of the endpoint', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: idOf(stack.scim.eventBus) },
      EventPattern: { source: ['scim-endpoint'], 'detail-type': ['scim.user.deactivated'] },
      State: 'ENABLED',
    });
  });

  it("targets the consumer function, which EventBridge may invoke for that rule's events only", () => {
    const fn = idOf(stack.onUserDeactivated);
    const rule = idOf(stack.rule);
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [rule, 'Arn'] },
    });
  });

  it("gives the consumer the reader's requests on the data table, nothing that writes, and its name", () => {
    const table = idOf(stack.scim.dataTable);
    const role = stack.getLogicalId(stack.onUserDeactivated.role?.node.defaultChild as never);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]);
    const actions = statements.flatMap((statement) => statement.Action);
    // Besides the reader's, only the writes to its own log group.
    expect(
      actions.filter((action) => !action.startsWith('dynamodb:')).every((a) => a.startsWith('logs:')),
    ).toBe(true);
    expect(statements.filter((statement) => JSON.stringify(statement.Action).includes('dynamodb:'))).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
        Resource: [
          { 'Fn::GetAtt': [table, 'Arn'] },
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, '/index/gsi1']] },
        ],
      },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SCIM_TABLE_NAME: { Ref: table } }) },
    });
  });

  it('passes the cdk-nag AWS Solutions checks with no unsuppressed error', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data).slice(0, 220)}`)).toEqual([]);
  });
});
