/**
 * gsi1's lag, simulated. In AWS every read of a global secondary index is eventually consistent: a
 * membership just written may not be listed yet by a Query on gsi1
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html).
 * DynamoDB Local updates its indexes synchronously, so the tests would never see that. This middleware on
 * the storage layer's client hides, from Queries on gsi1, the items written through it less than
 * `lagMillis` ago (or until `catchUp()` when `lagMillis` is Infinity). The table itself is untouched.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface IndexLag {
  /** From now on the index shows every item written so far. */
  catchUp(): void;
  /** How many items Queries on gsi1 have been denied so far. */
  readonly hidden: number;
}

type Action = { Put?: { Item?: Record<string, unknown> }; Update?: UpdateAction };
type UpdateAction = { Key?: Record<string, unknown>; ExpressionAttributeValues?: Record<string, unknown> };

/** The keys of the items an action writes with a gsi1 key, if any. */
function indexedKey(action: Action): string | undefined {
  const item = action.Put?.Item;
  if (item?.gsi1pk !== undefined) return `${item.pk}|${item.sk}`;
  const update = action.Update;
  if (update?.ExpressionAttributeValues?.[':gsi1pk'] !== undefined)
    return `${update.Key?.pk}|${update.Key?.sk}`;
  return undefined;
}

export function simulateIndexLag(db: DynamoDBDocumentClient, lagMillis: number): IndexLag {
  const writtenAt = new Map<string, number>();
  let caughtUpAt = Number.NEGATIVE_INFINITY;
  let hidden = 0;
  const visible = (key: string, now: number) => {
    const at = writtenAt.get(key);
    return at === undefined || at <= caughtUpAt || now - at >= lagMillis;
  };
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? '');
      const input = args.input as {
        IndexName?: string;
        TransactItems?: Action[];
        Item?: Record<string, unknown>;
        Key?: Record<string, unknown>;
        ExpressionAttributeValues?: Record<string, unknown>;
      };
      const result = await next(args);
      const now = Date.now();
      const actions: Action[] =
        command === 'TransactWriteItemsCommand'
          ? (input.TransactItems ?? [])
          : command === 'PutItemCommand' || command === 'PutCommand'
            ? [{ Put: { Item: input.Item } }]
            : command === 'UpdateItemCommand' || command === 'UpdateCommand'
              ? [{ Update: input }]
              : [];
      for (const action of actions) {
        const key = indexedKey(action);
        if (key !== undefined) writtenAt.set(key, now);
      }
      if (/^Query/.test(command) && input.IndexName === 'gsi1') {
        const output = result.output as { Items?: Record<string, unknown>[]; Count?: number };
        const items = output.Items ?? [];
        const shown = items.filter((item) => visible(`${item.pk}|${item.sk}`, now));
        hidden += items.length - shown.length;
        output.Items = shown;
        output.Count = shown.length;
      }
      return result;
    },
    { step: 'initialize', name: 'simulatedIndexLag', priority: 'low' },
  );
  return {
    catchUp: () => {
      caughtUpAt = Date.now();
    },
    get hidden() {
      return hidden;
    },
  };
}
