/**
 * A DynamoDB stream read as Lambda's event source mapping reads it for the deployed event function
 * (lib/scim-events.ts), so that `npm start` emits what AWS emits, from DynamoDB Local's stream:
 *
 * - per shard, in order, parents before children (shard-lineage.ts); a closed shard read to its end
 *   (GetRecords answers no NextShardIterator:
 *   https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html);
 * - batches of up to 100 records (BatchSize's default and the stack's), starting at TRIM_HORIZON or LATEST
 *   (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html);
 * - ReportBatchItemFailures: the records before the lowest reported sequence number are done and the rest
 *   are retried from it; an empty list is success; an empty, missing or unknown itemIdentifier fails the
 *   whole batch (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html);
 * - a function error fails the batch, which is split in two and retried (BisectBatchOnFunctionError); after
 *   MaximumRetryAttempts the records are discarded to the on-failure destination (here: `onDiscard`);
 * - filter criteria: records that do not match are passed over, never sent to the function;
 * - the checkpoint of each shard is kept (shard-checkpoints.ts), so a restart goes on where it stopped;
 *   delivery is at least once, as in AWS: the store de-duplicates on the event id.
 *
 * Shard iterators expire after 15 minutes
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetShardIterator.html): an
 * expired one is obtained again from the checkpoint.
 */
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { ShardCheckpoint, ShardCheckpoints } from './shard-checkpoints';
import { readableShards, type ShardInfo } from './shard-lineage';
import { lambdaRecord } from './stream-record';

export interface StreamPollerOptions {
  readonly streams: Pick<DynamoDBStreamsClient, 'send'>;
  readonly streamArn: string;
  /** The function, as Lambda invokes it with a batch. */
  readonly handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  readonly checkpoints: ShardCheckpoints;
  /** Where a new reader starts in the shards open when it first starts (children always at their start). */
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Default 100, the stack's. */
  readonly batchSize?: number;
  /** Filter criteria: records it refuses are passed over. */
  readonly filter?: (record: DynamoDBRecord) => boolean;
  /** Default 10, the stack's. */
  readonly maximumRetryAttempts?: number;
  /** Default true, the stack's. */
  readonly bisectBatchOnFunctionError?: boolean;
  /** The on-failure destination: records given up after the retries. */
  readonly onDiscard?: (records: readonly DynamoDBRecord[], reason: string) => void | Promise<void>;
  /** Waits between retries and polls; tests pass one that does not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
}

type Outcome =
  | { readonly kind: 'done'; readonly failed: number }
  | { readonly kind: 'error'; readonly reason: string };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const sequenceOf = (record: DynamoDBRecord | undefined) => record?.dynamodb?.SequenceNumber ?? '';

export class StreamPoller {
  private readonly iterators = new Map<string, string>();
  private checkpointed = new Map<string, ShardCheckpoint>();
  /** A reader with no checkpoint yet: LATEST applies to the shards open now. */
  private fresh = false;
  private readonly initialShards = new Set<string>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: StreamPollerOptions) {
    this.sleep = options.sleep ?? wait;
  }

  /**
   * Loads the checkpoints and, for a new reader starting at LATEST, takes the open shards' iterators now:
   * every record written after `prepare` resolves is read.
   */
  async prepare(): Promise<void> {
    this.checkpointed = await this.options.checkpoints.load(this.options.streamArn);
    this.fresh = this.checkpointed.size === 0;
    const shards = await this.describe();
    for (const shard of shards) this.initialShards.add(shard.shardId);
    if (!this.fresh || this.options.startingPosition !== 'LATEST') return;
    for (const shard of shards) {
      if (shard.closed) await this.save(shard.shardId, { finished: true });
      else this.iterators.set(shard.shardId, await this.iterator(shard.shardId, 'LATEST'));
    }
  }

  /** One pass: every readable shard read until it has no more records now. The records sent to the function. */
  async poll(): Promise<number> {
    const shards = await this.describe();
    let sent = 0;
    for (let progressed = true; progressed; ) {
      progressed = false;
      const finished = new Set([...this.checkpointed].filter(([, c]) => c.finished).map(([id]) => id));
      for (const shard of readableShards(shards, finished)) {
        const read = await this.readShard(shard.shardId);
        sent += read.sent;
        progressed ||= read.finished;
      }
    }
    return sent;
  }

  /** Reads a shard from its iterator until it is caught up (open) or read to its end (closed). */
  private async readShard(shardId: string): Promise<{ sent: number; finished: boolean }> {
    let iterator = this.iterators.get(shardId) ?? (await this.startingIterator(shardId));
    let sent = 0;
    for (;;) {
      const page = await this.records(iterator);
      if (page === 'expired' || page === 'trimmed') {
        // Records older than the stream's 24 hours are gone: read from the oldest left. (DynamoDB Local
        // also answers so for an iterator taken at LATEST while the shard was still empty.)
        iterator = await (page === 'trimmed'
          ? this.iterator(shardId, 'TRIM_HORIZON')
          : this.startingIterator(shardId));
        continue;
      }
      const records = (page.Records ?? []).map((r) => lambdaRecord(r, this.options.streamArn));
      if (records.length > 0) sent += await this.handleBatch(shardId, records);
      if (page.NextShardIterator === undefined) {
        this.iterators.delete(shardId);
        await this.save(shardId, { ...this.checkpointed.get(shardId), finished: true });
        return { sent, finished: true };
      }
      iterator = page.NextShardIterator;
      if (records.length === 0) {
        this.iterators.set(shardId, iterator);
        return { sent, finished: false };
      }
    }
  }

  /** GetRecords, or why a new iterator is needed: it expired, or it points at trimmed records. */
  private async records(iterator: string) {
    try {
      return await this.options.streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize ?? 100 }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'ExpiredIteratorException') return 'expired' as const;
      if (name === 'TrimmedDataAccessException') return 'trimmed' as const;
      throw error;
    }
  }

  private async startingIterator(shardId: string): Promise<string> {
    const after = this.checkpointed.get(shardId)?.sequenceNumber;
    if (after !== undefined) return this.iterator(shardId, 'AFTER_SEQUENCE_NUMBER', after);
    const latest =
      this.options.startingPosition === 'LATEST' && this.fresh && this.initialShards.has(shardId);
    return this.iterator(shardId, latest ? 'LATEST' : 'TRIM_HORIZON');
  }

  private async iterator(shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string> {
    const { ShardIterator } = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.options.streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }),
      }),
    );
    if (ShardIterator === undefined) throw new Error(`No iterator for shard ${shardId}`);
    return ShardIterator;
  }

  /** Every shard of the stream (DescribeStream pages by ExclusiveStartShardId). */
  private async describe(): Promise<(ShardInfo & { closed: boolean })[]> {
    const shards: (ShardInfo & { closed: boolean })[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription: description } = await this.options.streams.send(
        new DescribeStreamCommand({
          StreamArn: this.options.streamArn,
          ...(start === undefined ? {} : { ExclusiveStartShardId: start }),
        }),
      );
      for (const shard of description?.Shards ?? []) {
        if (shard.ShardId === undefined) continue;
        shards.push({
          shardId: shard.ShardId,
          ...(shard.ParentShardId === undefined ? {} : { parentShardId: shard.ParentShardId }),
          closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
        });
      }
      start = description?.LastEvaluatedShardId;
    } while (start !== undefined);
    return shards;
  }

  /** A batch read: its matching records delivered, then the shard checkpointed after its last record. */
  private async handleBatch(shardId: string, records: readonly DynamoDBRecord[]): Promise<number> {
    const matching = this.options.filter === undefined ? records : records.filter(this.options.filter);
    if (matching.length > 0) await this.deliver(shardId, matching);
    await this.checkpoint(shardId, records[records.length - 1]);
    return matching.length;
  }

  /** Invokes until every record is done or given up, retrying from the first failed one. */
  private async deliver(shardId: string, records: readonly DynamoDBRecord[]): Promise<void> {
    let pending = records;
    let attempts = 0;
    while (pending.length > 0) {
      const outcome = await this.invoke(pending);
      if (
        outcome.kind === 'error' &&
        pending.length > 1 &&
        this.options.bisectBatchOnFunctionError !== false
      ) {
        const half = Math.ceil(pending.length / 2);
        await this.deliver(shardId, pending.slice(0, half));
        await this.deliver(shardId, pending.slice(half));
        return;
      }
      const failed = outcome.kind === 'error' ? 0 : outcome.failed;
      if (failed >= pending.length) return this.checkpoint(shardId, pending[pending.length - 1]);
      if (failed > 0) {
        await this.checkpoint(shardId, pending[failed - 1]);
        pending = pending.slice(failed);
        attempts = 0;
        continue;
      }
      attempts++;
      if (attempts > (this.options.maximumRetryAttempts ?? 10)) {
        const reason = outcome.kind === 'error' ? outcome.reason : 'batch item failures';
        await this.options.onDiscard?.(pending, reason);
        return this.checkpoint(shardId, pending[pending.length - 1]);
      }
      await this.sleep(Math.min(10_000, 100 * 2 ** attempts));
    }
  }

  /** One invocation: the index of the first record to retry (the batch's length when all are done). */
  private async invoke(records: readonly DynamoDBRecord[]): Promise<Outcome> {
    let response: DynamoDBBatchResponse | undefined;
    try {
      response = await this.options.handler({ Records: [...records] });
    } catch (error) {
      return { kind: 'error', reason: error instanceof Error ? error.message : String(error) };
    }
    const failures = response?.batchItemFailures ?? [];
    if (failures.length === 0) return { kind: 'done', failed: records.length };
    const indexes = failures.map((f) =>
      typeof f.itemIdentifier === 'string' && f.itemIdentifier !== ''
        ? records.findIndex((r) => sequenceOf(r) === f.itemIdentifier)
        : -1,
    );
    if (indexes.some((i) => i < 0)) return { kind: 'done', failed: 0 };
    return { kind: 'done', failed: Math.min(...indexes) };
  }

  private async checkpoint(shardId: string, record: DynamoDBRecord | undefined): Promise<void> {
    const sequenceNumber = sequenceOf(record);
    if (sequenceNumber === '') return;
    await this.save(shardId, { sequenceNumber, finished: false });
  }

  private async save(shardId: string, checkpoint: ShardCheckpoint): Promise<void> {
    this.checkpointed.set(shardId, checkpoint);
    await this.options.checkpoints.save(this.options.streamArn, shardId, checkpoint);
  }
}
