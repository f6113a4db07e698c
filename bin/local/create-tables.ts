import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
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
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html).
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
 * Sets the table's Time to Live attribute, as the stack does. DynamoDB Local keeps the setting but deletes
 * nothing (the local endpoint's TTL emulator does), and TTL is set by UpdateTimeToLive, never by
 * CreateTable (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html),
 * which refuses to enable it twice: the current setting is read first.
 */
async function ensureTimeToLive(
  client: DynamoDBClient,
  name: string,
  definition: TableDefinition,
): Promise<void> {
  const attribute = definition.timeToLiveAttribute;
  if (attribute === undefined) return;
  const { TimeToLiveDescription: current } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: name }),
  );
  if (current?.TimeToLiveStatus === 'ENABLED' && current.AttributeName === attribute) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { Enabled: true, AttributeName: attribute },
    }),
  );
}

/**
 * Creates the tables that do not exist yet, and turns on the stream and TTL of those that lack them (the
 * local endpoint and the tests; CDK does this in AWS).
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
      await ensureTimeToLive(client, name, definition);
      continue;
    }
    await ensureStream(client, name, table, definition);
    await ensureTimeToLive(client, name, definition);
  }
}
