import { Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NagSuppressions } from 'cdk-nag';
import type { ScimFunction } from './scim-function';
import type { ScimTable } from './scim-table';

export interface AdminPermissionsProps {
  readonly tokensTable: ScimTable;
  readonly dataTable: ScimTable;
  readonly usagePlans: Readonly<Record<string, apigw.UsagePlan>>;
}

/** The tag every tenant's API key carries (functions/storage/api-key-store.ts). */
const TENANT_TAG = 'scim:tenant';

/**
 * What the admin function may do: tenants and tokens; the tenants' API keys in this API's usage plans;
 * a tenant's purge (scan and delete in the data table); and invoking itself, to continue a purge.
 * API Gateway's management permissions are by HTTP verb on resource paths
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagement.html).
 */
export function grantAdminPermissions(admin: ScimFunction, props: AdminPermissionsProps): void {
  const { role } = admin;
  const stack = Stack.of(role);
  const apigatewayArn = (path: string) => `arn:${stack.partition}:apigateway:${stack.region}::${path}`;
  const allow = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions, resources, ...(conditions === undefined ? {} : { conditions }) }),
    );

  allow(
    [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
    ],
    [props.tokensTable.tableArn, `${props.tokensTable.tableArn}/index/*`],
  );
  // `tenants delete --purge`: a filtered Scan finds the tenant's items and BatchWriteItem deletes them
  // (functions/storage/tenant-data-purge.ts). Nothing else on the data table, and not its index.
  allow(['dynamodb:Scan', 'dynamodb:BatchWriteItem'], [props.dataTable.tableArn]);

  // Only the admin function manages API keys. CreateApiKey is apigateway:POST on /apikeys, and with tags it
  // is also apigateway:PUT on the tags resource (/tags/<url-encoded key ARN>), or it is denied; the tag keys
  // it may set are ours only. GetApiKeys (GET /apikeys) finds a key by name on a retry; DeleteApiKey is
  // apigateway:DELETE on /apikeys/<id> (key ids are random, hence the wildcard).
  allow(['apigateway:POST', 'apigateway:GET'], [apigatewayArn('/apikeys')]);
  allow(['apigateway:PUT'], [apigatewayArn('/tags/*')], {
    'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_TAG] },
  });
  allow(['apigateway:DELETE'], [apigatewayArn('/apikeys/*')]);
  allow(
    ['apigateway:POST', 'apigateway:GET', 'apigateway:DELETE'],
    Object.values(props.usagePlans).flatMap((plan) => [
      apigatewayArn(`/usageplans/${plan.usagePlanId}/keys`),
      apigatewayArn(`/usageplans/${plan.usagePlanId}/keys/*`),
    ]),
  );

  // A purge continues by invoking the function itself, asynchronously. A policy of its own, not the role's
  // default policy: the function depends on that one, and naming the function in it would be a cycle.
  new iam.Policy(admin, 'InvokeItself', {
    roles: [role],
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
