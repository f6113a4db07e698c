/**
 * The local event path of `npm start` (bin/local/local-event-stream.ts) on the run's DynamoDB Local: the
 * real stream reader and the deployed event function's handler, on the test data table's stream. The
 * stream carries every test's writes: a reader starts at LATEST and keeps only its test's tenants (as an
 * event source mapping's filter criteria would), so tests stay isolated and quick.
 */
import { randomBytes } from 'node:crypto';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { StoredEvent } from '../../bin/local/local-event-store';
import { type LocalEventStream, startLocalEventStream } from '../../bin/local/local-event-stream';
import { ENV } from '../../functions/environment-names';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import type { PutEventsSender } from '../../functions/storage/event-bus';
import { dynamoEndpoint } from './scim-server';
import { TEST_TABLES } from './test-tables';

export interface TestEventStream extends LocalEventStream {
  /** Reads the events of tenants added from now on. */
  watch(tenantId: string): void;
  /** Polls until the tenant has at least `count` events (at most 30 polls), then once more: all of them. */
  eventsOf(tenantId: string, count: number): Promise<StoredEvent[]>;
}

/** The tenant of a data-table key (`TENANT#<tenant>` or `TENANT#<tenant>#…`). */
function tenantOf(record: DynamoDBRecord): string | undefined {
  const keys = record.dynamodb?.Keys;
  if (keys === undefined) return undefined;
  const { pk } = unmarshall(keys as never) as { pk?: unknown };
  return typeof pk === 'string' ? /^TENANT#([^#]+)/.exec(pk)?.[1] : undefined;
}

export async function startTestEventStream(
  options: { consumer?: string; wrapSender?: (sender: PutEventsSender) => PutEventsSender } = {},
): Promise<TestEventStream> {
  // The event function reads its environment when imported, as at a cold start.
  process.env[ENV.EVENT_BUS_NAME] ??= 'scim-local';
  const tenants = new Set<string>();
  const stream = await startLocalEventStream({
    endpoint: dynamoEndpoint(),
    db: createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() }),
    table: TEST_TABLES.data,
    eventsTable: TEST_TABLES.events,
    consumer: options.consumer ?? `test-${randomBytes(6).toString('hex')}`,
    startingPosition: 'LATEST',
    filter: (record) => tenants.has(tenantOf(record) ?? ''),
    sleep: async () => {},
    onDiscard: (records, reason) => console.error('DISCARDED', records.length, reason),
    ...(options.wrapSender === undefined ? {} : { wrapSender: options.wrapSender }),
  });
  return {
    ...stream,
    watch: (tenantId) => {
      tenants.add(tenantId);
    },
    eventsOf: async (tenantId, count) => {
      for (let polls = 0; polls < 30; polls++) {
        await stream.poll();
        if ((await stream.store.list(tenantId)).length >= count) break;
      }
      await stream.poll();
      return stream.store.list(tenantId);
    },
  };
}
