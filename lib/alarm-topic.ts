import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  /** The address every alarm notifies (it must confirm the subscription e-mail SNS sends). */
  readonly email: string;
}

const CLOUDWATCH = new iam.ServicePrincipal('cloudwatch.amazonaws.com');

/**
 * An SNS topic that CloudWatch alarms can actually publish to, with an e-mail subscription.
 *
 * - Encrypted with a customer-managed key (rotated yearly): the AWS-managed `alias/aws/sns` key's policy
 *   does not let CloudWatch use it, and cannot be edited, so an alarm's notification to such a topic fails
 *   ("CloudWatch Alarms does not have authorization to access the SNS topic encryption key"). This key's
 *   policy lets cloudwatch.amazonaws.com call kms:Decrypt and kms:GenerateDataKey* for alarms of this account.
 *   https://repost.aws/knowledge-center/cloudwatch-configure-alarm-sns
 *   https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 * - A topic policy that allows cloudwatch.amazonaws.com to sns:Publish on behalf of this account's alarms in
 *   this Region (aws:SourceAccount, aws:SourceArn against the confused deputy), next to the deny of any
 *   request without TLS (enforceSSL).
 *   https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const alarmsOfThisAccount = `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`;

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the SCIM alarm topic; CloudWatch alarms of this account use it to publish',
      enableKeyRotation: true,
      // Alarm notifications are not kept once delivered: nothing remains to decrypt after the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsEncryptForTheTopic',
        principals: [CLOUDWATCH],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'SCIM endpoint alarms',
      enforceSSL: true,
      masterKey: this.key,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [CLOUDWATCH],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': alarmsOfThisAccount },
        },
      }),
    );
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}
