/**
 * The logical ids of the resources a deployed stack would lose or break if CloudFormation replaced them,
 * which it does when a logical id changes: the tables (every tenant's data), the usage plans (every
 * tenant's API key is in one), the API and its stage (the Tenant URL), the functions, their roles and log
 * groups, the authorizer. A refactoring of lib/ must leave them as they are (see ScimApi); the integration
 * snapshot (test/integ) pins the whole template, this pins the ids that matter, fast.
 */
import { describe, expect, it } from 'vitest';
import { synthesize } from './synth';

const synthesized = synthesize({});

describe('the default stack keeps the logical ids of its deployed resources', () => {
  it.each<[string, string[]]>([
    ['AWS::DynamoDB::GlobalTable', ['ScimDataTable5F4C1CEB', 'ScimTokensTable2BD4F3A2']],
    [
      'AWS::ApiGateway::UsagePlan',
      ['ScimApiUsagePlanstandard007C40FD', 'ScimApiUsagePlanlargeDC9DC883', 'ScimApiUsagePlanxlarge3F06D95C'],
    ],
    ['AWS::ApiGateway::RestApi', ['ScimApi5EB05D99']],
    ['AWS::ApiGateway::Stage', ['ScimApiDeploymentStageprodC475FDDA']],
    ['AWS::ApiGateway::Authorizer', ['ScimTokenAuthorizerA1688379']],
    // Issue 11: the provisioning bus (its rules and archive are the vendor's) and the stream's DLQ.
    ['AWS::Events::EventBus', ['ScimEventBus4C203803']],
    ['AWS::Events::Archive', ['ScimEventBusArchive73650086']],
    ['AWS::SQS::Queue', ['ScimEventsDeadLetterQueue3ECAEA00']],
    [
      'AWS::Lambda::Function',
      [
        'ScimUsersFunction61A71FD9',
        'ScimGroupsFunctionE2F468E9',
        'ScimDiscoveryFunction0D19F6EA',
        'ScimAuthorizerFunction287B831B',
        'ScimAdminFunctionA1FD9BD3',
        'ScimEventsFunction7D12C12A',
        // Issue 11: the daily purge of deactivated users (lib/scim-lifecycle.ts).
        'ScimLifecycleFunctionF7636B2B',
        // Issue 12: the OAuth 2.0 token endpoint (lib/scim-token-endpoint.ts).
        'ScimTokenFunction2E4DD258',
      ],
    ],
    [
      'AWS::Logs::LogGroup',
      [
        'ScimUsersLogs65A85EA5',
        'ScimGroupsLogs3864AE14',
        'ScimDiscoveryLogs11009F21',
        'ScimAuthorizerLogs6580D272',
        'ScimAccessLogsAD98D97B',
        'ScimAdminLogsD8BCC18E',
        'ScimEventsLogs4466235D',
        'ScimLifecycleLogsBC2C7E04',
        'ScimTokenLogs655EEF28',
      ],
    ],
    [
      'AWS::IAM::Role',
      [
        'ScimUsersRole6A3A8E36',
        'ScimGroupsRole8AA9B06C',
        'ScimDiscoveryRoleB167EA9A',
        'ScimAuthorizerRole6E53934D',
        'ScimApiCloudWatchRole28206860',
        'ScimAdminRole8526193B',
        'ScimEventsRoleFFC41870',
        'ScimLifecycleRole214CDB2B',
        'ScimLifecycleScheduleRole56C9CF72',
        'ScimTokenRole4D656D72',
      ],
    ],
  ])('%s: %j', (type, ids) => {
    expect(
      synthesized
        .resources(type)
        .map(([id]) => id)
        .sort(),
    ).toEqual([...ids].sort());
  });
});
