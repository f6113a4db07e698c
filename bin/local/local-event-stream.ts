/**
 * `npm start`'s provisioning events: the data table's stream on DynamoDB Local, read by the local event
 * source mapping (stream-poller.ts), through the deployed event function's handler (local-event-function.ts),
 * into the local event store, as AWS does from the stream to the bus.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { PutEventsSender } from '../../functions/storage/event-bus';
import { localEventFunction } from './local-event-function';
import { LOCAL_EVENTS_TABLE, LocalEventStore } from './local-event-store';
import { ShardCheckpoints } from './shard-checkpoints';
import { StreamPoller, type StreamPollerOptions } from './stream-poller';

export interface LocalEventStreamOptions {
  /** DynamoDB Local's URL. */
  readonly endpoint: string;
  readonly db: DynamoDBDocumentClient;
  /** The data table, whose stream is read. */
  readonly table: string;
  /** The table of events and checkpoints (default scim-local-events). */
  readonly eventsTable?: string;
  /** Whose checkpoints these are: a reader of its own keeps its own. */
  readonly consumer: string;
  readonly startingPosition: StreamPollerOptions['startingPosition'];
  /** Polls this often (ms) until stopped; without it, only `poll()` reads. */
  readonly pollEvery?: number;
  readonly filter?: (record: DynamoDBRecord) => boolean;
  readonly wrapSender?: (sender: PutEventsSender) => PutEventsSender;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onDiscard?: StreamPollerOptions['onDiscard'];
  /** A poll that failed (DynamoDB Local stopping, say); the next poll tries again. */
  readonly onError?: (error: unknown) => void;
}

export interface LocalEventStream {
  readonly store: LocalEventStore;
  /** One pass over the stream: the records sent to the function. */
  poll(): Promise<number>;
  stop(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The stream of the table, which must have one (bin/local/create-tables.ts turns it on). */
async function streamArnOf(endpoint: string, table: string): Promise<string> {
  const client = new DynamoDBClient({ region: 'local', endpoint, credentials: LOCAL_CREDENTIALS });
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    if (Table?.LatestStreamArn === undefined || Table.StreamSpecification?.StreamEnabled !== true)
      throw new Error(`Table ${table} has no stream`);
    return Table.LatestStreamArn;
  } finally {
    client.destroy();
  }
}

export async function startLocalEventStream(options: LocalEventStreamOptions): Promise<LocalEventStream> {
  const eventsTable = options.eventsTable ?? LOCAL_EVENTS_TABLE;
  const store = new LocalEventStore(options.db, eventsTable);
  const handler = await localEventFunction({
    db: options.db,
    table: options.table,
    store,
    ...(options.wrapSender === undefined ? {} : { wrapSender: options.wrapSender }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  const streams = new DynamoDBStreamsClient({
    region: 'local',
    endpoint: options.endpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  const poller = new StreamPoller({
    streams,
    streamArn: await streamArnOf(options.endpoint, options.table),
    handler,
    checkpoints: new ShardCheckpoints(options.db, options.consumer, eventsTable),
    startingPosition: options.startingPosition,
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    ...(options.onDiscard === undefined ? {} : { onDiscard: options.onDiscard }),
  });
  await poller.prepare();
  // One poll at a time: a timer's poll and a caller's would read the same shard twice.
  let running: Promise<number> = Promise.resolve(0);
  const poll = () => {
    running = running.catch(() => 0).then(() => poller.poll());
    return running;
  };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped || options.pollEvery === undefined) return;
    timer = setTimeout(() => {
      poll()
        .catch((error: unknown) => options.onError?.(error))
        .finally(schedule);
    }, options.pollEvery);
  };
  schedule();
  return {
    store,
    poll,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => 0);
      streams.destroy();
    },
  };
}
