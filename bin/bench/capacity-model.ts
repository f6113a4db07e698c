import { type IndexEntry, ItemSizes, itemSize, type StoredItem, storedItem, updatedItem } from './item-sizes';

export { itemSize } from './item-sizes';

type Json = Record<string, unknown>;

/** How a read is made: each mode's units per 4 KB. */
export type ReadMode = 'eventual' | 'strong' | 'transactional';
const READ_UNITS_PER_4KB: Readonly<Record<ReadMode, number>> = { eventual: 0.5, strong: 1, transactional: 2 };

/**
 * Read units of one item: 1 per 4 KB (rounded up) strongly consistent, half that eventually consistent,
 * twice that in a transaction.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 */
export const readUnits = (bytes: number, mode: ReadMode) =>
  Math.max(1, Math.ceil(bytes / 4096)) * READ_UNITS_PER_4KB[mode];

/**
 * Write units of one item: 1 per KB (rounded up), twice that in a transaction (one write to prepare it, one
 * to commit it). https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling
 */
export const writeUnits = (bytes: number, transactional = false) =>
  Math.max(1, Math.ceil(bytes / 1024)) * (transactional ? 2 : 1);

/**
 * What a write costs gsi1: nothing if the item is in the index neither before nor after or its index keys
 * stay (keys only are projected, so nothing else of the entry changes); one write to put or delete the
 * entry; two (a delete, then a put) when the index keys change. Each by the entry's size, 1 WCU per KB.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes
 * Not doubled inside a transaction: DynamoDB propagates a transaction's changes to its indexes after the
 * transaction completes (transaction-apis.html). An assumption: no AWS page prices a transactional item's
 * index write.
 */
export function indexWriteUnits(before: IndexEntry | undefined, after: IndexEntry | undefined): number {
  if (before === undefined) return after === undefined ? 0 : writeUnits(after.bytes);
  if (after === undefined) return writeUnits(before.bytes);
  if (before.pk === after.pk && before.sk === after.sk) return 0;
  return writeUnits(before.bytes) + writeUnits(after.bytes);
}

/** A write billed by the larger of the item's size before and after it (as DynamoDB bills PutItem and UpdateItem). */
const itemWrite = (before: StoredItem | undefined, after: StoredItem | undefined) =>
  writeUnits(Math.max(before?.bytes ?? 0, after?.bytes ?? 0), true) +
  indexWriteUnits(before?.index, after?.index);

/**
 * A transaction's units, item by item, by the stored items' sizes (`sizes`, as the meter saw them written or
 * read; a key alone when it never saw the item). Every action is a write: a ConditionCheck is billed as
 * write capacity, 2 WCU per KB of the checked item, like any item of a TransactWriteItems (characterised
 * against DynamoDB: https://github.com/paritysuite/dynamodb-conformance/pull/67; AWS: "DynamoDB performs two
 * underlying reads or writes of every item in the transaction", transaction-apis.html).
 */
export function transactionUnits(input: Json, sizes: ItemSizes = new ItemSizes()): number {
  let write = 0;
  for (const action of (input.TransactItems ?? []) as Json[]) {
    const check = action.ConditionCheck as Json | undefined;
    const put = action.Put as Json | undefined;
    const update = action.Update as Json | undefined;
    const remove = action.Delete as Json | undefined;
    if (check !== undefined) {
      const key = check.Key as Json;
      write += writeUnits(sizes.get(check.TableName, key)?.bytes ?? itemSize(key), true);
    }
    if (put !== undefined) {
      const item = put.Item as Json;
      write += itemWrite(sizes.get(put.TableName, item), storedItem(item));
    }
    if (update !== undefined) {
      const before = sizes.get(update.TableName, update.Key as Json);
      write += itemWrite(before, updatedItem(before, update));
    }
    if (remove !== undefined) {
      const key = remove.Key as Json;
      write += itemWrite(sizes.get(remove.TableName, key) ?? { bytes: itemSize(key) }, undefined);
    }
  }
  return write;
}

/**
 * Billed units of one request, from its input, its output and the units DynamoDB Local reported.
 * DynamoDB Local reports single-item and batch operations by item size, as DynamoDB does, but a
 * transaction as if it held one item: transactions are modelled here (`transactionUnits`).
 */
export function billedUnits(
  command: string,
  input: Json,
  output: Json,
  reported: number,
  sizes?: ItemSizes,
): { read: number; write: number } {
  switch (command) {
    case 'TransactWriteItems':
      return { read: 0, write: transactionUnits(input, sizes) };
    case 'BatchGetItem': {
      // Keys that find no item still cost the minimum read.
      let requested = 0;
      let consistent = false;
      for (const request of Object.values((input.RequestItems ?? {}) as Record<string, Json>)) {
        requested += Array.isArray(request.Keys) ? request.Keys.length : 0;
        consistent ||= request.ConsistentRead === true;
      }
      const returned = Object.values((output.Responses ?? {}) as Record<string, unknown[]>).reduce(
        (n, items) => n + items.length,
        0,
      );
      return { read: reported + (requested - returned) * (consistent ? 1 : 0.5), write: 0 };
    }
    case 'GetItem':
    case 'Query':
    case 'Scan': {
      const mode = input.ConsistentRead === true ? 'strong' : 'eventual';
      return { read: reported > 0 ? reported : readUnits(0, mode), write: 0 };
    }
    default:
      return { read: 0, write: reported };
  }
}
