import type { TestProject } from 'vitest/node';
import { ensureTables } from '../../bin/local/create-tables';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../bin/local/dynamodb-local';
import { LOCAL_EVENTS_DEFINITION } from '../../bin/local/local-event-store';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import { TABLES } from '../../functions/storage/table-design';
import { TEST_TABLES } from './test-tables';

let dynamo: DynamoDbLocal | undefined;

/** One DynamoDB Local for the whole run; test files isolate themselves by tenant. */
export async function setup(project: TestProject): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dynamo = await startDynamoDbLocal();
  const db = createDocumentClient({ region: 'local', endpoint: dynamo.endpoint });
  await ensureTables(db as never, {
    [TEST_TABLES.data]: TABLES.data,
    [TEST_TABLES.tokens]: TABLES.tokens,
    [TEST_TABLES.events]: LOCAL_EVENTS_DEFINITION,
  });
  db.destroy();
  project.provide('dynamodbEndpoint', dynamo.endpoint);
}

export async function teardown(): Promise<void> {
  await dynamo?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}
