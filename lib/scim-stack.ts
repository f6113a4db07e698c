import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic';
import { ScimApi, type ScimApiProps } from './scim-api';

export interface ScimStackProps extends StackProps {
  readonly scim?: ScimApiProps;
  /** An address to notify when an alarm fires (an SNS topic with an email subscription). */
  readonly alarmEmail?: string;
}

/** The default deployment: the ScimApi construct and the two outputs the vendor's engineer needs. */
export class ScimStack extends Stack {
  readonly scim: ScimApi;

  constructor(scope: Construct, id: string, props: ScimStackProps = {}) {
    super(scope, id, props);
    let alarmTopic: sns.ITopic | undefined = props.scim?.alarmTopic;
    if (props.alarmEmail !== undefined) {
      alarmTopic = new AlarmTopic(this, 'AlarmTopic', { email: props.alarmEmail }).topic;
    }
    this.scim = new ScimApi(this, 'Scim', {
      ...props.scim,
      ...(alarmTopic === undefined ? {} : { alarmTopic }),
    });
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
