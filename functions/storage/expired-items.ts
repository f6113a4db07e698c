import { DeleteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sendIfConditionHolds } from './dynamo-errors';
import { readPage, type StartKey } from './paginate';
import { lifecyclePatterns } from './table-design';

export interface PurgeExpiredOptions {
  /** Items read per Scan page. */
  readonly pageSize?: number;
  /** Pages read per call: the bound on one call's work (pageSize × maxPages items read). */
  readonly maxPages?: number;
}

/**
 * The local Time to Live: deletes the items of `table` whose `expiresAt` (epoch seconds) is at or before
 * `now`, as DynamoDB's TTL does in AWS, and returns how many it deleted. DynamoDB Local does not run TTL
 * ("TTL is currently not supported on DynamoDB local":
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html), so the
 * local endpoint calls this periodically. Each delete is conditional on the item still being expired,
 * as TTL's is (an item given a later expiry meanwhile stays), and is one DeleteItem, so the stream shows
 * an ordinary REMOVE of an expired item. Bounded: at most `maxPages` Scan pages per call; the next call
 * starts again from the beginning, and tables the local endpoint holds are small.
 */
export async function purgeExpired(
  db: DynamoDBDocumentClient,
  table: string,
  now: Date,
  { pageSize = 1000, maxPages = 100 }: PurgeExpiredOptions = {},
): Promise<number> {
  // TTL expires an item once its time is less than the current time, in whole seconds.
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const request = lifecyclePatterns.scanExpired(table, nowSeconds, pageSize);
  let startKey: StartKey;
  let deleted = 0;
  for (let page = 0; page < maxPages; page++) {
    const { items, lastEvaluatedKey } = await readPage(db, request, startKey);
    for (const { pk, sk } of items) {
      const expired = lifecyclePatterns.deleteExpired(table, { pk, sk }, nowSeconds);
      if ((await sendIfConditionHolds(() => db.send(new DeleteCommand(expired)))) !== undefined) deleted++;
    }
    startKey = lastEvaluatedKey;
    if (startKey === undefined) break;
  }
  return deleted;
}
