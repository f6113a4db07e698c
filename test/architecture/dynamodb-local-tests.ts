import { filesUnder, importSpecifiers, readSource, resolveImport } from './source-imports.js';

/**
 * What reaches DynamoDB Local: the endpoint the global setup provides (`dynamodbEndpoint`), the variable
 * the handlers and the local server read (`DYNAMODB_ENDPOINT`), or a launch of its own.
 */
const REACHES_DYNAMODB_LOCAL = /\bdynamodbEndpoint\b|\bDYNAMODB_ENDPOINT\b|\bstartDynamoDbLocal\b/;

/**
 * Whether a test file needs DynamoDB Local (and so Java): it, or a test helper it imports (followed
 * through test/ only), names the endpoint. Everything else is a unit test and runs without the global
 * setup; a unit test that reaches DynamoDB after all fails for want of an endpoint, so a wrong guess shows.
 */
export function needsDynamoDbLocal(testFile: string, seen = new Set<string>()): boolean {
  if (seen.has(testFile)) return false;
  seen.add(testFile);
  const text = readSource(testFile);
  if (REACHES_DYNAMODB_LOCAL.test(text)) return true;
  return importSpecifiers(text)
    .map((specifier) => resolveImport(testFile, specifier))
    .some(
      (file) => file?.startsWith('test/') === true && file.endsWith('.ts') && needsDynamoDbLocal(file, seen),
    );
}

/** The test files that run against DynamoDB Local (vitest's `integration` project). */
export function integrationTestFiles(): string[] {
  return filesUnder('test', '.test.ts').filter((file) => needsDynamoDbLocal(file));
}
