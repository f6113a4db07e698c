/**
 * Which shards of a DynamoDB stream to read, in which order. Shards are ephemeral: DynamoDB closes a shard
 * and opens a child for the records after it, and "to process records in order, an application must process
 * a parent shard before it processes a child shard"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html).
 * A shard is closed when its SequenceNumberRange has an EndingSequenceNumber
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_DescribeStream.html).
 */

/** A shard as DescribeStream lists it. */
export interface ShardInfo {
  readonly shardId: string;
  readonly parentShardId?: string;
}

/**
 * The shards to read now, parents before children: those not finished whose parent is finished or no longer
 * listed (trimmed from the stream after 24 hours, its records gone with it).
 */
export function readableShards(shards: readonly ShardInfo[], finished: ReadonlySet<string>): ShardInfo[] {
  const listed = new Set(shards.map((s) => s.shardId));
  return shards.filter(
    (shard) =>
      !finished.has(shard.shardId) &&
      (shard.parentShardId === undefined ||
        finished.has(shard.parentShardId) ||
        !listed.has(shard.parentShardId)),
  );
}
