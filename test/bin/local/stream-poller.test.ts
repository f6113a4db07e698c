/**
 * The local event source mapping (bin/local/stream-poller.ts) on DynamoDB Local's stream of the test data
 * table: what it hands the function, and what it does with the function's answer, as Lambda documents it
 * for DynamoDB streams (partial batch responses, bisect, retries, checkpoints). The stream carries every
 * test's writes: each test writes items of a tenant of its own and filters on it.
 */
import { randomBytes } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShardCheckpoints } from '../../../bin/local/shard-checkpoints';
import { StreamPoller, type StreamPollerOptions } from '../../../bin/local/stream-poller';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { dynamoEndpoint } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

const config = {
  region: 'local',
  endpoint: dynamoEndpoint(),
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};
const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const streams = new DynamoDBStreamsClient(config);
let streamArn: string;

beforeAll(async () => {
  const client = new DynamoDBClient(config);
  const { Table } = await client.send(new DescribeTableCommand({ TableName: TEST_TABLES.data }));
  streamArn = Table?.LatestStreamArn as string;
  client.destroy();
});
afterAll(() => {
  streams.destroy();
  db.destroy();
});

/** What the function answers on its n-th call (1, 2, …), given the batch's item names. */
type Script = (call: number, names: string[], records: DynamoDBRecord[]) => DynamoDBBatchResponse;

const nameOf = (record: DynamoDBRecord) => String(unmarshall(record.dynamodb?.Keys as never).sk);
const failAt = (records: DynamoDBRecord[], name: string): DynamoDBBatchResponse => ({
  batchItemFailures: [
    { itemIdentifier: records.find((r) => nameOf(r) === name)?.dynamodb?.SequenceNumber ?? '' },
  ],
});

/** A reader of a tenant's items, and the batches its function was called with (the items' names). */
async function reader(
  tenant: string,
  script: Script = () => ({ batchItemFailures: [] }),
  options: Partial<StreamPollerOptions> & { consumer?: string } = {},
) {
  const calls: string[][] = [];
  const discarded: string[][] = [];
  const poller = new StreamPoller({
    streams,
    streamArn,
    checkpoints: new ShardCheckpoints(
      db,
      options.consumer ?? `test-${randomBytes(6).toString('hex')}`,
      TEST_TABLES.events,
    ),
    startingPosition: 'LATEST',
    filter: (record) => String(unmarshall(record.dynamodb?.Keys as never).pk) === `TENANT#${tenant}`,
    sleep: async () => {},
    onDiscard: (records) => {
      discarded.push(records.map(nameOf));
    },
    handler: async (event) => {
      const names = event.Records.map(nameOf);
      calls.push(names);
      return script(calls.length, names, event.Records);
    },
    ...options,
  });
  await poller.prepare();
  return { poller, calls, discarded };
}

const newTenant = () => `t-${randomBytes(6).toString('hex')}`;
async function write(tenant: string, ...names: string[]): Promise<void> {
  for (const name of names) {
    await db.send(
      new PutCommand({ TableName: TEST_TABLES.data, Item: { pk: `TENANT#${tenant}`, sk: name } }),
    );
  }
}

describe('the local event source mapping', () => {
  it('hands a shard’s records in order, in batches of at most the batch size, each once', async () => {
    const tenant = newTenant();
    const { poller, calls } = await reader(tenant, undefined, { batchSize: 2 });
    await write(tenant, 'a', 'b', 'c', 'd', 'e');
    expect(await poller.poll()).toBe(5);
    expect(calls.flat()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(calls.every((batch) => batch.length <= 2)).toBe(true);
    expect(await poller.poll()).toBe(0);
  });

  it.each<[string, Script, string[][]]>([
    [
      'a reported record: those before it are done, the batch is retried from it',
      (call, _, records) => (call === 1 ? failAt(records, 'b') : { batchItemFailures: [] }),
      [
        ['a', 'b', 'c'],
        ['b', 'c'],
      ],
    ],
    [
      'several reported records: retried from the lowest sequence number',
      (call, _, records) =>
        call === 1
          ? {
              batchItemFailures: [
                ...failAt(records, 'c').batchItemFailures,
                ...failAt(records, 'b').batchItemFailures,
              ],
            }
          : { batchItemFailures: [] },
      [
        ['a', 'b', 'c'],
        ['b', 'c'],
      ],
    ],
    [
      'an empty itemIdentifier: the whole batch failed, retried whole',
      (call) => (call === 1 ? { batchItemFailures: [{ itemIdentifier: '' }] } : { batchItemFailures: [] }),
      [
        ['a', 'b', 'c'],
        ['a', 'b', 'c'],
      ],
    ],
    [
      'an unknown itemIdentifier: the whole batch failed, retried whole',
      (call) => (call === 1 ? { batchItemFailures: [{ itemIdentifier: '1' }] } : { batchItemFailures: [] }),
      [
        ['a', 'b', 'c'],
        ['a', 'b', 'c'],
      ],
    ],
    [
      'a function error: the batch is split in two and each half retried (bisect)',
      (call) => {
        if (call === 1) throw new Error('injected: the function failed');
        return { batchItemFailures: [] };
      },
      [['a', 'b', 'c'], ['a', 'b'], ['c']],
    ],
  ])('%s', async (_, script, expected) => {
    const tenant = newTenant();
    const { poller, calls } = await reader(tenant, script);
    await write(tenant, 'a', 'b', 'c');
    await poller.poll();
    expect(calls).toEqual(expected);
  });

  it('gives a record up after the retries, to the on-failure destination, and goes on', async () => {
    const tenant = newTenant();
    const { poller, calls, discarded } = await reader(
      tenant,
      (_, names, records) => (names.includes('b') ? failAt(records, 'b') : { batchItemFailures: [] }),
      { maximumRetryAttempts: 2 },
    );
    await write(tenant, 'a', 'b', 'c');
    await poller.poll();
    // The first call, then the retries from b: the first try and two retries.
    expect(calls).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c'],
      ['b', 'c'],
      ['b', 'c'],
    ]);
    expect(discarded).toEqual([['b', 'c']]);
    await write(tenant, 'd');
    await poller.poll();
    expect(calls.at(-1)).toEqual(['d']);
  });

  it('keeps its checkpoints: after a restart it goes on after the last record handled', async () => {
    const tenant = newTenant();
    const consumer = `test-${randomBytes(6).toString('hex')}`;
    const first = await reader(tenant, undefined, { consumer });
    await write(tenant, 'a', 'b');
    await first.poller.poll();
    expect(first.calls.flat()).toEqual(['a', 'b']);

    // Stopped; written to meanwhile; started again with the same checkpoints, then another reader anew.
    await write(tenant, 'c');
    const second = await reader(tenant, undefined, { consumer });
    const fresh = await reader(tenant);
    await write(tenant, 'd');
    await second.poller.poll();
    await fresh.poller.poll();
    expect(second.calls.flat()).toEqual(['c', 'd']);
    // A new reader at LATEST starts from the records written after it started.
    expect(fresh.calls.flat()).toEqual(['d']);
  });
});
