import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The project root, where functions/ and package-lock.json are. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ScimFunctionProps {
  /** The entry point under functions/, e.g. `users` for functions/users.ts. */
  readonly entry: string;
  readonly description: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly logRetention: logs.RetentionDays;
}

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
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.TEXT,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      environment: { NODE_OPTIONS: '--enable-source-maps', LOG_LEVEL: 'info', ...props.environment },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node24',
        format: OutputFormat.CJS,
        // The AWS SDK v3 comes from the Lambda runtime, which AWS keeps patched: bundled and minified it
        // would be ~330 KB of every function (smithy core, credential chain), against ~85 KB of our own code.
        externalModules: ['@aws-sdk/*', '@smithy/*'],
        metafile: true,
        forceDockerBundling: false,
      },
    });
  }
}
