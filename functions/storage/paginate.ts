import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { send } from './dynamo-errors';

/** Where a Query or Scan resumes: its LastEvaluatedKey, undefined before the first page and after the last. */
export type StartKey = Record<string, unknown> | undefined;

/** An item as the document client returns it (attribute values unmarshalled, so typed as the SDK types them). */
export type Item = NonNullable<QueryCommandOutput['Items']>[number];

/** One page of a Query or Scan, and where the next page starts (undefined after the last). */
export interface ItemPage {
  readonly items: readonly Item[];
  readonly lastEvaluatedKey: StartKey;
}

/** A Query (with KeyConditionExpression) or a Scan, told apart the way DynamoDB does: by the key condition. */
export type PagedRequest = QueryCommandInput | ScanCommandInput;

/**
 * Reads one page of `request` from `startKey`: a Query when the request has a key condition, else a Scan.
 * The start key is set here, so that request builders never carry it.
 */
export async function readPage(
  db: DynamoDBDocumentClient,
  request: PagedRequest,
  startKey: StartKey = undefined,
): Promise<ItemPage> {
  const input = startKey === undefined ? request : { ...request, ExclusiveStartKey: startKey };
  const result = await send(() =>
    'KeyConditionExpression' in input && input.KeyConditionExpression !== undefined
      ? db.send(new QueryCommand(input))
      : db.send(new ScanCommand(input)),
  );
  return { items: result.Items ?? [], lastEvaluatedKey: result.LastEvaluatedKey };
}

/**
 * Every page of `request`, following LastEvaluatedKey until DynamoDB reports none
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html). Pages are read
 * as they are consumed, so memory stays bounded by one page.
 */
export async function* paginate(
  db: DynamoDBDocumentClient,
  request: PagedRequest,
  startKey: StartKey = undefined,
): AsyncGenerator<ItemPage> {
  let next = startKey;
  do {
    const page = await readPage(db, request, next);
    yield page;
    next = page.lastEvaluatedKey;
  } while (next !== undefined);
}

/** Every item of every page of `request`, mapped by `map`. */
export async function collect<T>(
  db: DynamoDBDocumentClient,
  request: PagedRequest,
  map: (item: Item) => T,
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of paginate(db, request)) for (const item of page.items) all.push(map(item));
  return all;
}
