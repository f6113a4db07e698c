/**
 * A vendor's stack (the sample of docs/events.md and docs/reader.md): the SCIM endpoint, and a function of
 * the vendor's own that reacts to deactivated users, subscribed by an EventBridge rule on `scim.eventBus`
 * and given the reader's permissions by `scim.grantRead(fn)`. test/lib/sample-consumer.test.ts synthesizes
 * it. A vendor imports the same names from their git dependency `scim-endpoint-aws`.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ScimApi } from 'scim-endpoint-aws/lib/scim-api';

export class VendorStack extends Stack {
  readonly scim: ScimApi;
  readonly onUserDeactivated: NodejsFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    this.scim = new ScimApi(this, 'Scim');

    const logGroup = new logs.LogGroup(this, 'OnUserDeactivatedLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A role of its own that writes only its log group (not the AWS managed AWSLambdaBasicExecutionRole).
    const role = new iam.Role(this, 'OnUserDeactivatedRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    this.onUserDeactivated = new NodejsFunction(this, 'OnUserDeactivated', {
      entry: fileURLToPath(new URL('on-user-deactivated.ts', import.meta.url)),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(30),
      role,
      logGroup,
    });
    // GetItem, Query and BatchGetItem on the data table, and SCIM_TABLE_NAME (docs/reader.md).
    this.scim.grantRead(this.onUserDeactivated);

    // Events have source `scim-endpoint` and their type as `detail-type` (docs/events.md, On the bus).
    this.rule = new events.Rule(this, 'UserDeactivated', {
      eventBus: this.scim.eventBus,
      description: 'Revoke the access of users their identity provider deactivated',
      eventPattern: { source: ['scim-endpoint'], detailType: ['scim.user.deactivated'] },
      // EventBridge retries a failed invocation for up to 24 hours by default; say so rather than rely on it.
      targets: [
        new targets.LambdaFunction(this.onUserDeactivated, {
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
  }
}
