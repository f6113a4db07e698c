import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ScimApi, type ScimApiProps } from './scim-api';

export interface ScimStackProps extends StackProps {
  readonly scim?: ScimApiProps;
}

/** The default deployment: the ScimApi construct and the two outputs the vendor's engineer needs. */
export class ScimStack extends Stack {
  readonly scim: ScimApi;

  constructor(scope: Construct, id: string, props: ScimStackProps = {}) {
    super(scope, id, props);
    this.scim = new ScimApi(this, 'Scim', props.scim);
    new CfnOutput(this, 'TenantUrl', {
      value: this.scim.tenantUrl,
      description:
        'The Tenant URL customers paste into Microsoft Entra ID or Okta (append ?aadOptscim062020 for Entra)',
    });
    new CfnOutput(this, 'AdminFunctionName', {
      value: this.scim.adminFunction.function.functionName,
      description: 'The admin function the scim-admin CLI invokes',
    });
  }
}
