/**
 * Where the local stream reader is in each shard, kept in the local events table so that a restart of
 * `npm start` goes on after the last record it handled (as an event source mapping keeps its checkpoint).
 */
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_EVENTS_TABLE } from './local-event-store';

export interface ShardCheckpoint {
  /** The last record handled (or passed over by the filter); absent before the first. */
  readonly sequenceNumber?: string;
  /** The shard is closed and every record of it handled. */
  readonly finished: boolean;
}

export class ShardCheckpoints {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    /** Whose checkpoints: one reader's (an event source mapping's) of its own. */
    private readonly consumer: string,
    private readonly table: string = LOCAL_EVENTS_TABLE,
  ) {}

  private get partition(): string {
    return `CHECKPOINT#${this.consumer}`;
  }

  /** The checkpoints of a stream, by shard id. */
  async load(streamArn: string): Promise<Map<string, ShardCheckpoint>> {
    const checkpoints = new Map<string, ShardCheckpoint>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :stream)',
          ExpressionAttributeValues: { ':pk': this.partition, ':stream': `${streamArn} ` },
          ConsistentRead: true,
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      for (const item of page.Items ?? []) {
        checkpoints.set(String(item.shardId), {
          ...(typeof item.sequenceNumber === 'string' ? { sequenceNumber: item.sequenceNumber } : {}),
          finished: item.finished === true,
        });
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return checkpoints;
  }

  async save(streamArn: string, shardId: string, checkpoint: ShardCheckpoint): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: this.partition, sk: `${streamArn} ${shardId}`, shardId, ...checkpoint },
      }),
    );
  }
}
