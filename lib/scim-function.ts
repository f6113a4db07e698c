import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV, METRICS_NAMESPACE } from '../functions/config';
import { validateEnvironmentSize } from './environment-size';

/** The project root, where functions/ and package-lock.json are. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ScimFunctionProps {
  /** The entry point under functions/, e.g. `users` for functions/users.ts. */
  readonly entry: string;
  readonly description: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** In MB. Default 512. */
  readonly memorySize?: number;
  /** Default 28 seconds: within API Gateway's 29-second integration timeout, so a slow request ends here. */
  readonly timeout?: Duration;
  readonly logRetention: logs.RetentionDays;
  /** Concurrent executions reserved for (and capping) this function. Default: none, the shared pool. */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * Nothing is left out of the bundles: the AWS SDK v3 and its @smithy packages are bundled rather than taken
 * from the Lambda runtime, whose copy is whatever version AWS ships at the time, not the one the tests ran
 * against. AWS recommends bundling the SDK to control its version; the code relies on behaviour of the
 * locked version (`requestHandler.throwOnRequestTimeout`, which an older @smithy/node-http-handler
 * silently ignores). Minified, a bundle with the DynamoDB client measures about 360 KB (docs/aws-limits.md).
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-package.html
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
 */
export const BUNDLED_EXTERNAL_MODULES: readonly string[] = [];

/**
 * The package every SDK client takes its default credential chain from, and what the bundles use instead,
 * relative to the project root (esbuild's working directory); the bench bundles its floor with the same.
 */
export const CREDENTIAL_ALIAS = {
  '@aws-sdk/credential-provider-node': './functions/storage/default-provider.ts',
} as const;

/** How every function is bundled: minified with source maps, by the local esbuild, never Docker. */
const BUNDLING: BundlingOptions = {
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node24',
  format: OutputFormat.CJS,
  externalModules: [...BUNDLED_EXTERNAL_MODULES],
  // The SDK's ES module builds tree-shake; its CommonJS builds do not (about 560 KB instead of 360 KB).
  mainFields: ['module', 'main'],
  metafile: true,
  forceDockerBundling: false,
  // Only the environment's credentials, which is where Lambda puts the execution role's: the default
  // chain's other providers are never reached in Lambda and are ~130 KB of every bundle
  // (functions/storage/default-provider.ts). esbuild resolves an alias's relative path from its
  // working directory, the project root (https://esbuild.github.io/api/#alias).
  esbuildArgs: Object.fromEntries(
    Object.entries(CREDENTIAL_ALIAS).map(([from, to]) => [`--alias:${from}`, to]),
  ),
};

/**
 * A function of the service: Node.js on arm64, bundled and minified by the local esbuild (never Docker)
 * with source maps, its own log group with retention, and a role that may only write to that log group
 * until the caller grants more.
 */
export class ScimFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ScimFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description}: writes its own logs, and what it is granted`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.function = new NodejsFunction(this, 'Function', {
      entry: `${PROJECT_ROOT}functions/${props.entry}.ts`,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(28),
      role: this.role,
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.TEXT,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        [ENV.LOG_LEVEL]: 'info',
        // The logs' `service` and the metrics' `service` dimension: two stacks in one account keep their
        // metrics apart under the one namespace the dashboard and alarms read (docs/metrics.md).
        [ENV.POWERTOOLS_SERVICE_NAME]: Stack.of(this).stackName,
        [ENV.POWERTOOLS_METRICS_NAMESPACE]: METRICS_NAMESPACE,
        ...props.environment,
      },
      bundling: BUNDLING,
    });
    validateEnvironmentSize(this.function);
  }
}
