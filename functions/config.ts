import * as v from 'valibot';

/**
 * Environment variables, read once at cold start and validated: a misconfigured function fails at init,
 * loudly, instead of on some later request.
 */
const region = v.optional(v.pipe(v.string(), v.minLength(1)), 'us-east-1');
const tableName = v.pipe(v.string('must be set'), v.minLength(1, 'must not be empty'));
/** DynamoDB Local's URL; unset in AWS. */
const endpoint = v.optional(v.pipe(v.string(), v.url('must be a URL')));

export const dataFunctionEnvironment = v.object({
  AWS_REGION: region,
  TABLE_NAME: tableName,
  DYNAMODB_ENDPOINT: endpoint,
});

export const tokensFunctionEnvironment = v.object({
  AWS_REGION: region,
  TOKENS_TABLE_NAME: tableName,
  DYNAMODB_ENDPOINT: endpoint,
});

export function readEnvironment<const S extends v.GenericSchema<unknown, unknown>>(
  schema: S,
  environment: Record<string, string | undefined> = process.env,
): v.InferOutput<S> {
  const result = v.safeParse(schema, environment);
  if (result.success) return result.output;
  const problems = result.issues.map((i) => `${v.getDotPath(i) ?? 'environment'} ${i.message}`);
  throw new Error(`Invalid environment: ${problems.join('; ')}`);
}
