import { Stack, Token } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * Lambda's quota on a function's environment variables: 4 KB "for all environment variables associated with
 * the function, in aggregate" (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); over
 * it, CreateFunction and UpdateFunctionConfiguration fail ("Lambda function configuration exceeds 4096 byte
 * limit") and so does the deploy, half-way. Measured as the JSON of the variables, names included, which
 * counts more than the names and values alone: a safe side.
 */
export const LAMBDA_ENVIRONMENT_BYTES = 4096;

/**
 * A value only known at deploy time (a table's or a bus's name) is counted at the longest it can be: 255,
 * DynamoDB's and EventBridge's longest names.
 */
const DEPLOY_TIME_VALUE_BYTES = 255;

/** The bytes of `variables` as counted against LAMBDA_ENVIRONMENT_BYTES; unresolved values at their longest. */
export function environmentBytes(variables: Readonly<Record<string, unknown>>): number {
  const entries = Object.entries(variables);
  // {} and the commas between entries.
  let bytes = 2 + Math.max(0, entries.length - 1);
  for (const [name, value] of entries) {
    const valueBytes =
      typeof value === 'string' && !Token.isUnresolved(value)
        ? Buffer.byteLength(JSON.stringify(value))
        : DEPLOY_TIME_VALUE_BYTES + 2;
    bytes += Buffer.byteLength(JSON.stringify(name)) + 1 + valueBytes; // "name":"value"
  }
  return bytes;
}

/** Fails the synth, naming the function, when its environment would not fit Lambda's quota. */
export function validateEnvironmentSize(fn: lambda.Function): void {
  fn.node.addValidation({
    validate: () => {
      const resolved = Stack.of(fn).resolve((fn.node.defaultChild as lambda.CfnFunction).environment) as
        | { variables?: Record<string, unknown> }
        | undefined;
      const bytes = environmentBytes(resolved?.variables ?? {});
      return bytes <= LAMBDA_ENVIRONMENT_BYTES
        ? []
        : [
            `${fn.node.path}: its environment variables take up to ${bytes} bytes, over Lambda's ${LAMBDA_ENVIRONMENT_BYTES}; declare fewer or shorter schema extensions (schemaExtensions)`,
          ];
    },
  });
}
