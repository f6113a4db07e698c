import { Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NagSuppressions } from 'cdk-nag';
import type { ScimFunction } from './scim-function';
import type { ScimTable } from './scim-table';
import { TABLE_ACCESS, type TableAccess } from './use-table';

export interface AdminPermissionsProps {
  readonly tokensTable: ScimTable;
  readonly dataTable: ScimTable;
  readonly usagePlans: Readonly<Record<string, apigw.UsagePlan>>;
}

/** The tag every tenant's API key carries (functions/storage/api-key-store.ts). */
const TENANT_TAG = 'scim:tenant';

interface Grant {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: Record<string, unknown>;
}

/** A table's statement, as useTable grants it (lib/use-table.ts): granted again here, CDK drops the repeat. */
function tableGrant(table: ScimTable, access: TableAccess): Grant {
  const { actions, indexes } = TABLE_ACCESS[access];
  return { actions, resources: indexes ? [table.tableArn, `${table.tableArn}/index/*`] : [table.tableArn] };
}

/**
 * The admin function's statements. API Gateway's management permissions are by HTTP verb on resource paths
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagement.html).
 */
function adminGrants(props: AdminPermissionsProps, apigatewayArn: (path: string) => string): Grant[] {
  const planKeys = Object.values(props.usagePlans).flatMap(({ usagePlanId }) => [
    apigatewayArn(`/usageplans/${usagePlanId}/keys`),
    apigatewayArn(`/usageplans/${usagePlanId}/keys/*`),
  ]);
  return [
    tableGrant(props.tokensTable, 'manage'),
    // `tenants delete --purge`: a filtered Scan and BatchWriteItem, on the data table only, not its index.
    tableGrant(props.dataTable, 'purge'),
    // `tenants set`: the data table's POLICY item, put in the TransactWriteItems that sets the tenant's record
    // (functions/storage/table-design.ts, setTenantPolicy). A transaction's Put is authorised as PutItem,
    // and the condition key dynamodb:EnclosingOperation limits it to transactions
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html).
    {
      actions: ['dynamodb:PutItem'],
      resources: [props.dataTable.tableArn],
      conditions: { 'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] } },
    },
    // Only the admin function manages API keys. CreateApiKey is apigateway:POST on /apikeys, and with tags
    // it is also apigateway:PUT on the tags resource (/tags/<url-encoded key ARN>), or it is denied; the tag
    // keys it may set are ours only. GetApiKeys (GET /apikeys) finds a key by name on a retry; DeleteApiKey
    // is apigateway:DELETE on /apikeys/<id> (key ids are random, hence the wildcard).
    { actions: ['apigateway:POST', 'apigateway:GET'], resources: [apigatewayArn('/apikeys')] },
    {
      actions: ['apigateway:PUT'],
      resources: [apigatewayArn('/tags/*')],
      conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_TAG] } },
    },
    { actions: ['apigateway:DELETE'], resources: [apigatewayArn('/apikeys/*')] },
    { actions: ['apigateway:POST', 'apigateway:GET', 'apigateway:DELETE'], resources: planKeys },
  ];
}

/**
 * A purge continues by invoking the function itself, asynchronously. A policy of its own, not the role's
 * default policy: the function depends on that one, and naming the function in it would be a cycle.
 */
function allowInvokingItself(admin: ScimFunction): void {
  new iam.Policy(admin, 'InvokeItself', {
    roles: [admin.role],
    statements: [
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [admin.function.functionArn],
      }),
    ],
  });
  // Each step of a purge starts the next one on purpose, and stops when the tenant's data is gone: Lambda's
  // recursive loop detection must not cut a large purge short
  // (https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html).
  (admin.function.node.defaultChild as lambda.CfnFunction).recursiveLoop = lambda.RecursiveLoop.ALLOW;
}

/**
 * What the admin function may do: tenants and tokens; the tenants' API keys in this API's usage plans;
 * a tenant's purge (scan and delete in the data table); a tenant's policy item (a put in the data table,
 * in a transaction only); and invoking itself, to continue a purge.
 */
export function grantAdminPermissions(admin: ScimFunction, props: AdminPermissionsProps): void {
  const { role } = admin;
  const stack = Stack.of(role);
  const apigatewayArn = (path: string) => `arn:${stack.partition}:apigateway:${stack.region}::${path}`;
  for (const { actions, resources, conditions } of adminGrants(props, apigatewayArn)) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...actions],
        resources: [...resources],
        ...(conditions === undefined ? {} : { conditions }),
      }),
    );
  }
  allowInvokingItself(admin);
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          "API keys have random ids (apikeys/*), tagging one is PUT on tags/<its ARN> (tags/*, limited to the tenant tag key), and a purge scans the data table's items.",
        appliesTo: [
          { regex: '/^Resource::arn:.+:apigateway:.*::\\/apikeys\\/\\*$/g' },
          { regex: '/^Resource::arn:.+:apigateway:.*::\\/tags\\/\\*$/g' },
        ],
      },
    ],
    true,
  );
}
