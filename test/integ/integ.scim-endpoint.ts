/**
 * The integration test of the stack, in CDK's own convention (@aws-cdk/integ-runner with
 * @aws-cdk/integ-tests-alpha): `npm run integ` deploys the default stack into the current AWS account,
 * runs the driver function against it (a tenant minted through the admin function, the Entra user
 * lifecycle through the real Tenant URL, a SCIM-shaped 429 beyond the tier), asserts its report, and
 * destroys everything. Offline, `npm test` only compares this app's synthesized template with the
 * committed snapshot (test/integ/snapshot.test.ts).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ScimStack } from '../../lib/scim-stack';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The stacks whose assets are bundled (cx-api BUNDLING_STACKS); none means no bundling at all. */
const BUNDLING_STACKS = 'aws:cdk:bundling-stacks';

/**
 * integ-runner synthesizes with every feature flag it recommends; the stack a vendor deploys is
 * synthesized with cdk.json's. Reset the former to cdk.json's, so that the stack under test is the one
 * that ships (context must be set before the app has children).
 */
function shippedApp(): App {
  const app = new App();
  const shipped: Record<string, unknown> = JSON.parse(
    readFileSync(`${PROJECT_ROOT}cdk.json`, 'utf8'),
  ).context;
  for (const key of Object.keys(app.node.getAllContext())) {
    if (key.startsWith('@aws-cdk') && !(key in shipped)) app.node.setContext(key, undefined);
  }
  for (const [key, value] of Object.entries(shipped)) app.node.setContext(key, value);
  // The offline snapshot check (snapshot.test.ts) ignores asset hashes, so it skips bundling, the slow
  // part of synth; a deployment always bundles.
  if (process.env.SCIM_INTEG_SKIP_BUNDLING === '1') app.node.setContext(BUNDLING_STACKS, []);
  return app;
}

/**
 * The stack keeps its tables, and its log groups' data, when it is deleted: right for a vendor, wrong for
 * a test that must leave nothing behind. Everything the test deploys is deleted with it, except the
 * account's API Gateway CloudWatch role, which is one per account and Region and shared by every API.
 */
function deleteWithStack(stack: Stack): void {
  for (const node of stack.node.findAll()) {
    if (!(node instanceof CfnResource)) continue;
    if (node.cfnResourceType === 'AWS::DynamoDB::GlobalTable') {
      node.applyRemovalPolicy(RemovalPolicy.DESTROY);
      // A table of this stack has one replica, in the stack's own Region (TableV2 without `replicas`).
      node.addPropertyOverride('Replicas.0.DeletionProtectionEnabled', false);
    } else if (node.cfnResourceType === 'AWS::Logs::LogGroup') {
      node.applyRemovalPolicy(RemovalPolicy.DESTROY);
    }
  }
}

/**
 * The newest @aws-cdk/integ-runner on npm (2.197.10) embeds a toolkit that reads cloud assembly schema 53
 * at most and refuses anything newer ("AssemblyVersionMismatch"), while aws-cdk-lib 2.275.0 writes 55.
 * The schema's major version grows with every addition, and this app uses none of 54's or 55's: so the
 * assembly is declared as 53, which is what lets integ-runner compare and deploy it at all. Remove this
 * once an integ-runner that reads 55 is published.
 */
const INTEG_RUNNER_SCHEMA = '53.0.0';
function declareSchemaForIntegRunner(outdir: string): void {
  for (const file of readdirSync(outdir)) {
    if (!['manifest.json', 'integ.json'].includes(file) && !file.endsWith('.assets.json')) continue;
    const manifest = JSON.parse(readFileSync(`${outdir}/${file}`, 'utf8'));
    if (Number.parseInt(manifest.version, 10) <= Number.parseInt(INTEG_RUNNER_SCHEMA, 10)) continue;
    manifest.version = INTEG_RUNNER_SCHEMA;
    delete manifest.minimumCliVersion;
    writeFileSync(`${outdir}/${file}`, JSON.stringify(manifest, undefined, 2));
  }
}

/**
 * integ-runner ignores asset hashes only for assets staged as `asset.<hash>`; an asset whose bundling was
 * skipped points at the project root instead. Name those as staged, for the offline check only (nothing
 * is ever published from a synth that skipped bundling).
 */
function nameSkippedAssets(outdir: string): void {
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.assets.json'))) {
    const manifest = JSON.parse(readFileSync(`${outdir}/${file}`, 'utf8'));
    for (const [id, asset] of Object.entries<{ source: { path?: string } }>(manifest.files ?? {})) {
      if (asset.source.path === PROJECT_ROOT.replace(/\/$/, '')) asset.source.path = `asset.${id}`;
    }
    writeFileSync(`${outdir}/${file}`, JSON.stringify(manifest, undefined, 2));
  }
}

const app = shippedApp();
const stack = new ScimStack(app, 'ScimEndpointInteg', {
  description: 'SCIM endpoint integration test (integ-runner); deleted when the test ends',
});
deleteWithStack(stack);

// The driver lives in the assertion stack: it is test machinery, not part of the snapshot compared.
const assertions = new Stack(app, 'ScimEndpointIntegAssertions');
const driverLogs = new logs.LogGroup(assertions, 'DriverLogs', {
  retention: logs.RetentionDays.ONE_WEEK,
  removalPolicy: RemovalPolicy.DESTROY,
});
const driver = new NodejsFunction(assertions, 'Driver', {
  entry: `${PROJECT_ROOT}test/integ/driver/handler.ts`,
  handler: 'handler',
  description: 'SCIM integration test driver: admin function, Entra sequence, tier',
  runtime: lambda.Runtime.NODEJS_24_X,
  architecture: lambda.Architecture.ARM_64,
  memorySize: 512,
  // The assertion provider invokes the driver synchronously and itself times out after 2 minutes.
  timeout: Duration.seconds(110),
  logGroup: driverLogs,
  projectRoot: PROJECT_ROOT,
  depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
  environment: {
    TENANT_URL: stack.scim.tenantUrl,
    ADMIN_FUNCTION_NAME: stack.scim.adminFunction.function.functionName,
  },
  bundling: {
    target: 'node24',
    format: OutputFormat.CJS,
    externalModules: ['@aws-sdk/*', '@smithy/*'],
    forceDockerBundling: false,
  },
});
// The driver's only permission beyond its logs: invoking the admin function, as the scim-admin CLI does.
stack.scim.adminFunction.function.grantInvoke(driver);

const integ = new IntegTest(app, 'ScimEndpoint', {
  testCases: [stack],
  assertionStack: assertions,
  // Asset hashes change with every edit of a function; the snapshot is about the infrastructure.
  diffAssets: false,
  // No update workflow: it would deploy the previous snapshot first, which needs its bundled assets in
  // git; the snapshot keeps templates only.
  stackUpdateWorkflow: false,
  cdkCommandOptions: { destroy: { args: { force: true } } },
});

integ.assertions
  .invokeFunction({ functionName: driver.functionName, logRetention: logs.RetentionDays.ONE_WEEK })
  .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(Match.objectLike({ failures: [] })) }));

const assembly = app.synth();
declareSchemaForIntegRunner(assembly.directory);
if (process.env.SCIM_INTEG_SKIP_BUNDLING === '1') nameSkippedAssets(assembly.directory);
