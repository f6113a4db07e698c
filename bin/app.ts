/**
 * The CDK app: `npx cdk deploy` deploys the default stack. Optional settings, as CDK context
 * (`-c name=value` or cdk.json), each checked by lib/stack-context.ts (which also refuses one of these
 * names in the wrong case, `-c wafratelimit=…`, that CDK would otherwise ignore):
 *   stackName          default ScimEndpoint
 *   alarmEmail         an address to notify when an alarm fires
 *   wafRateLimit       requests per bearer token per 5 minutes (10 to 2,000,000,000); enables the WAF web ACL
 *   authorizerCacheTtl seconds a token's authorization is cached (0 to 3600, default 300)
 *   schemaExtensions   the path of a JSON file declaring extension schemas (docs/schema-extensions.md)
 */
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ScimStack } from '../lib/scim-stack';
import { readStackContext } from '../lib/stack-context';

const app = new App();
const { stackName, props } = readStackContext(
  (name) => app.node.tryGetContext(name),
  Object.keys(app.node.getAllContext()),
);
new ScimStack(app, stackName, {
  description: 'SCIM 2.0 provisioning endpoint for Microsoft Entra ID and Okta',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  ...props,
});
// cdk-nag's AWS Solutions checks run on every synth: an unsuppressed error fails it.
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
