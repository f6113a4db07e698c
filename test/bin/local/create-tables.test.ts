/** The local tables (bin/local/create-tables.ts): created from TABLES with their streams, and a table of an older data folder given its stream. */
import { randomBytes } from 'node:crypto';
import {
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createTableInput, ensureTables } from '../../../bin/local/create-tables';
import { TABLES, type TableDefinition } from '../../../functions/storage/table-design';
import { dynamoEndpoint } from '../../support/scim-server';

const client = new DynamoDBClient({
  region: 'local',
  endpoint: dynamoEndpoint(),
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const created: string[] = [];
afterAll(async () => {
  for (const name of created) await client.send(new DeleteTableCommand({ TableName: name }));
  client.destroy();
});

const streamOf = async (name: string) =>
  (await client.send(new DescribeTableCommand({ TableName: name }))).Table?.StreamSpecification;
const plain: TableDefinition = { partitionKey: 'pk', sortKey: 'sk', indexes: [] };

describe('the local tables', () => {
  it('gives the data table its stream of new and old images, and the tokens table none', () => {
    expect(createTableInput('d', TABLES.data).StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(createTableInput('t', TABLES.tokens)).not.toHaveProperty('StreamSpecification');
  });

  it.each<[string, TableDefinition]>([
    ['a table without a stream', plain],
    ['a table whose stream has other images', { ...plain, stream: 'KEYS_ONLY' }],
  ])('turns the stream on for %s, created before its definition had one', async (_, before) => {
    const name = `tables-${randomBytes(6).toString('hex')}`;
    await ensureTables(client, { [name]: before });
    created.push(name);
    await ensureTables(client, { [name]: { ...plain, stream: 'NEW_AND_OLD_IMAGES' } });
    expect(await streamOf(name)).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    // Run again (every `npm start`): nothing to change.
    await ensureTables(client, { [name]: { ...plain, stream: 'NEW_AND_OLD_IMAGES' } });
    expect(await streamOf(name)).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('sets the Time to Live attribute of a table that has one, once', async () => {
    const name = `tables-${randomBytes(6).toString('hex')}`;
    const definition = { ...plain, timeToLiveAttribute: 'expiresAt' };
    await ensureTables(client, { [name]: definition });
    created.push(name);
    await ensureTables(client, { [name]: definition });
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });
});
