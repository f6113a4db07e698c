/**
 * The CDK app: `npx cdk deploy` deploys the default stack. Optional settings, as CDK context
 * (`-c name=value` or cdk.json):
 *   stackName          default ScimEndpoint
 *   alarmEmail         an address to notify when an alarm fires
 *   wafRateLimit       requests per bearer token per 5 minutes; enables the WAF web ACL
 *   authorizerCacheTtl seconds a token's authorization is cached (default 300)
 */
import { App, Aspects, Duration } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ScimStack } from '../lib/scim-stack';

const app = new App();
const context = (name: string): string | undefined => app.node.tryGetContext(name);

const alarmEmail = context('alarmEmail');
new ScimStack(app, context('stackName') ?? 'ScimEndpoint', {
  description: 'SCIM 2.0 provisioning endpoint for Microsoft Entra ID and Okta',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  ...(alarmEmail === undefined ? {} : { alarmEmail }),
  scim: {
    ...(context('wafRateLimit')
      ? { webAcl: { requestsPerTokenPer5Minutes: Number(context('wafRateLimit')) } }
      : {}),
    ...(context('authorizerCacheTtl')
      ? { authorizerCacheTtl: Duration.seconds(Number(context('authorizerCacheTtl'))) }
      : {}),
  },
});
// cdk-nag's AWS Solutions checks run on every synth: an unsuppressed error fails it.
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
