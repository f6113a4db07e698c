import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ScimError } from '../scim/scim-error';
import { send } from './dynamo-errors';
import type { Item } from './paginate';

/** DynamoDB's limit on the keys of one BatchGetItem. */
export const MAX_BATCH_GET = 100;
/** DynamoDB's limit on the writes of one BatchWriteItem. */
export const MAX_BATCH_WRITE = 25;
/** How often unprocessed keys or items are sent again before the request is answered 503. */
const UNPROCESSED_RETRIES = 8;

type ItemKey = Record<string, unknown>;

/** One put or delete of a BatchWriteItem. */
export type WriteRequest =
  | { readonly PutRequest: { readonly Item: Record<string, unknown> } }
  | { readonly DeleteRequest: { readonly Key: ItemKey } };

/**
 * Sends `attempt` again with what it left unprocessed, with exponential backoff (capped at 1 s), as AWS
 * asks of BatchGetItem and BatchWriteItem under throttling
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.BatchOperations);
 * still unprocessed after that, the data store is unavailable for now: a 503.
 */
async function untilProcessed<T>(pending: readonly T[], attempt: (pending: readonly T[]) => Promise<T[]>) {
  let left = pending;
  for (let retry = 0; left.length > 0; retry++) {
    if (retry > UNPROCESSED_RETRIES)
      throw ScimError.unavailable('The data store is temporarily unavailable, retry later');
    if (retry > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** retry)));
    left = await attempt(left);
  }
}

function chunks<T>(all: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < all.length; i += size) result.push(all.slice(i, i + size));
  return result;
}

/**
 * The items `request` asks of its one table, in no particular order (missing ones are skipped), read 100
 * keys at a time with the request's other settings (ConsistentRead, ProjectionExpression …).
 */
export async function batchGet(db: DynamoDBDocumentClient, request: BatchGetCommandInput): Promise<Item[]> {
  const [[table, { Keys = [], ...options }] = ['', {}]] = Object.entries(request.RequestItems ?? {});
  const found: Item[] = [];
  for (const chunk of chunks(Keys, MAX_BATCH_GET)) {
    await untilProcessed(chunk, async (pending) => {
      const page = { RequestItems: { [table]: { ...options, Keys: [...pending] } } };
      const result = await send(() => db.send(new BatchGetCommand(page)));
      found.push(...(result.Responses?.[table] ?? []));
      return (result.UnprocessedKeys?.[table]?.Keys ?? []) as ItemKey[];
    });
  }
  return found;
}

/** Writes `requests` to `table`, 25 at a time, each batch retried until processed. */
export async function batchWrite(
  db: DynamoDBDocumentClient,
  table: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  for (const chunk of chunks(requests, MAX_BATCH_WRITE)) {
    await untilProcessed(chunk, async (pending) => {
      const request = { RequestItems: { [table]: [...pending] } };
      const result = await send(() => db.send(new BatchWriteCommand(request)));
      return (result.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    });
  }
}

/** Deletes the items of `table` under `keys`, 25 at a time. */
export function batchDelete(
  db: DynamoDBDocumentClient,
  table: string,
  keys: readonly ItemKey[],
): Promise<void> {
  return batchWrite(
    db,
    table,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
  );
}
