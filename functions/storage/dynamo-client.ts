import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

export interface DynamoClientOptions {
  readonly region: string;
  /** DynamoDB Local's URL; unset in AWS. */
  readonly endpoint?: string | undefined;
}

/**
 * A document client whose every request is bounded in time, so a stalled dependency surfaces as a 503
 * well within the Lambda timeout instead of a hang.
 */
export function createDocumentClient(options: DynamoClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region,
    maxAttempts: 3,
    // Without throwOnRequestTimeout the SDK only logs a warning when requestTimeout passes, and a request
    // DynamoDB never answers would wait until Lambda's own timeout.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
    ...(options.endpoint === undefined
      ? {}
      : {
          endpoint: options.endpoint,
          // DynamoDB Local accepts any credentials; the fixed pair keeps every process on the same database.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }),
  });
  // Middlewares that cost CPU on every call for nothing here: the logger middleware builds a copy of each
  // request and response, filtered of sensitive data, for a logger this client never has (about a third of
  // the SDK's CPU per call); the user-agent and recursion-detection headers feed AWS's SDK metrics and
  // X-Ray, which the functions do not use.
  for (const name of ['loggerMiddleware', 'getUserAgentMiddleware', 'recursionDetectionMiddleware']) {
    client.middlewareStack.remove(name);
  }
  // A copy: lib-dynamodb writes its defaults (convertTopLevelContainer) into the options it is given.
  return DynamoDBDocumentClient.from(client, { marshallOptions: { ...MARSHALL_OPTIONS } });
}

/** How the document client marshals; `marshalled` does the same. */
const MARSHALL_OPTIONS = Object.freeze({ removeUndefinedValues: true, convertClassInstanceToMap: false });

/** An item or key in DynamoDB's wire form, marshalled as the document client would. */
export function marshalled(item: Record<string, unknown>): Record<string, AttributeValue> {
  return marshall(item, MARSHALL_OPTIONS);
}

/**
 * The plain client under a document client, for the requests of the hot path (a create's request log line,
 * a userName lookup): a plain command with items marshalled by `marshalled` skips lib-dynamodb's translate
 * layer (its walk of the input and output and its two middlewares per command), about 50 µs of CPU per call
 * (docs/performance.md). It is the same client: one configuration and one middleware stack.
 */
export function plainClientOf(db: DynamoDBDocumentClient): DynamoDBClient {
  return db as unknown as DynamoDBClient;
}
