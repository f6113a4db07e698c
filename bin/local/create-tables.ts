import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import type { TableDefinition } from '../../functions/storage/table-design';

/** CreateTable input for a definition of `TABLES`: on-demand, string keys, its stream if it has one. */
export function createTableInput(name: string, definition: TableDefinition): CreateTableCommandInput {
  const attributes = new Set([definition.partitionKey, definition.sortKey]);
  for (const index of definition.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: definition.partitionKey, KeyType: 'HASH' },
      { AttributeName: definition.sortKey, KeyType: 'RANGE' },
    ],
    ...(definition.stream === undefined
      ? {}
      : { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } }),
    ...(definition.indexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: definition.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
              { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: index.projection },
          })),
        }),
  };
}

/**
 * Turns on the stream of a table created before its definition had one (a data folder of an older
 * `npm start`). A stream's view type cannot be changed in place: a stream of another type is turned off
 * first, and the new one is a new stream (a new ARN), whose records start now
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Enabling).
 */
async function ensureStream(
  client: DynamoDBClient,
  name: string,
  table: TableDescription | undefined,
  definition: TableDefinition,
): Promise<void> {
  const current = table?.StreamSpecification;
  if (definition.stream === undefined) return;
  if (current?.StreamEnabled === true && current.StreamViewType === definition.stream) return;
  if (current?.StreamEnabled === true) {
    await client.send(
      new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }),
    );
  }
  await client.send(
    new UpdateTableCommand({
      TableName: name,
      StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream },
    }),
  );
}

/**
 * Creates the tables that do not exist yet, and turns on the stream of those that lack theirs (the local
 * endpoint and the tests; CDK does this in AWS).
 */
export async function ensureTables(
  client: DynamoDBClient,
  tables: Readonly<Record<string, TableDefinition>>,
): Promise<void> {
  for (const [name, definition] of Object.entries(tables)) {
    let table: TableDescription | undefined;
    try {
      table = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ResourceNotFoundException') throw error;
      await client.send(new CreateTableCommand(createTableInput(name, definition)));
      continue;
    }
    await ensureStream(client, name, table, definition);
  }
}
