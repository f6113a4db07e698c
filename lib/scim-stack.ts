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

/** The default deployment: the ScimApi construct and the outputs the vendor's engineer needs. */
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
    new CfnOutput(this, 'TokenEndpoint', {
      value: this.scim.tokenEndpoint,
      description:
        'The OAuth 2.0 token endpoint customers paste into Microsoft Entra ID as the Token Endpoint (client credentials, workload identity)',
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: this.scim.dashboard.url,
      description:
        'The CloudWatch dashboard: traffic, failures and latency by route, throttling, tenants (README: Alarms)',
    });
    new CfnOutput(this, 'AdminFunctionName', {
      value: this.scim.adminFunction.function.functionName,
      description: 'The admin function the scim-admin CLI invokes',
    });
    // What the vendor's own stacks and the README's replay step need (docs/events.md, docs/reader.md).
    new CfnOutput(this, 'EventBusArn', {
      value: this.scim.eventBus.eventBusArn,
      description: 'The provisioning events bus (scim.user.*, scim.group.*): add rules and targets to it',
    });
    new CfnOutput(this, 'EventArchiveArn', {
      value: this.scim.events.archive.archiveArn,
      description: 'The archive of the provisioning events bus, to replay a time window to a new consumer',
    });
    new CfnOutput(this, 'DataTableName', {
      value: this.scim.dataTable.tableName,
      description: 'The data table the reader (scim-endpoint-aws/reader) reads: its SCIM_TABLE_NAME',
    });
  }
}
