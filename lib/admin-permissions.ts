import { Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { ScimTable } from './scim-table';

export interface AdminPermissionsProps {
  readonly tokensTable: ScimTable;
  readonly dataTable: ScimTable;
  readonly usagePlans: Readonly<Record<string, apigw.UsagePlan>>;
}

/** What the admin function may do: tenants and tokens, and the tenants' API keys in this API's usage plans. */
export function grantAdminPermissions(role: iam.IRole, props: AdminPermissionsProps): void {
  const stack = Stack.of(role);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
        'dynamodb:ConditionCheckItem',
      ],
      resources: [props.tokensTable.tableArn, `${props.tokensTable.tableArn}/index/*`],
    }),
  );
  // Only the admin function manages API keys: create them, and place them in this API's usage plans.
  const apigatewayArn = (path: string) => `arn:${stack.partition}:apigateway:${stack.region}::${path}`;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['apigateway:POST'], resources: [apigatewayArn('/apikeys')] }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['apigateway:POST', 'apigateway:DELETE'],
      resources: Object.values(props.usagePlans).flatMap((plan) => [
        apigatewayArn(`/usageplans/${plan.usagePlanId}/keys`),
        apigatewayArn(`/usageplans/${plan.usagePlanId}/keys/*`),
      ]),
    }),
  );
}
