type Json = Record<string, unknown>;

/**
 * DynamoDB's item size: attribute names plus values (strings by UTF-8 length, numbers ~1 byte per 2 digits).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
export function itemSize(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + itemSize(v), 0);
  if (typeof value === 'object') {
    return Object.entries(value as Json).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + itemSize(v), 3);
  }
  return 0;
}

/** An item's gsi1 entry: its index keys and its size (the data table's gsi1 projects keys only). */
export interface IndexEntry {
  readonly pk: unknown;
  readonly sk: unknown;
  readonly bytes: number;
}

/** What DynamoDB bills a write of an item by: its size, and its gsi1 entry if it has one. */
export interface StoredItem {
  readonly bytes: number;
  readonly index?: IndexEntry;
}

const keyOf = (table: unknown, key: Json) => `${String(table)}\u0000${String(key.pk)}\u0000${String(key.sk)}`;

/** An item as stored: its size, and its gsi1 entry (table keys and index keys) when it carries gsi1 keys. */
export function storedItem(item: Json): StoredItem {
  const { pk, sk, gsi1pk, gsi1sk } = item;
  const indexed = gsi1pk !== undefined && gsi1sk !== undefined;
  return {
    bytes: itemSize(item),
    ...(indexed ? { index: { pk: gsi1pk, sk: gsi1sk, bytes: itemSize({ pk, sk, gsi1pk, gsi1sk }) } } : {}),
  };
}

/** The value an update expression sets `attribute` to (`attribute = :placeholder`), if it sets it. */
function setValue(update: Json, attribute: string): unknown {
  const match = new RegExp(`\\b${attribute}\\s*=\\s*(:\\w+)`).exec(String(update.UpdateExpression ?? ''));
  const values = (update.ExpressionAttributeValues ?? {}) as Json;
  return match?.[1] === undefined ? undefined : values[match[1]];
}

/**
 * An item after an update, modelled from the request alone (DynamoDB Local does not say): its size before
 * (or its key's, if it did not exist) plus the values the update sets, and its gsi1 entry moved to the keys
 * the update sets. Close enough for the small membership, count and marker items updated here.
 */
export function updatedItem(before: StoredItem | undefined, update: Json): StoredItem {
  const key = (update.Key ?? {}) as Json;
  const values = (update.ExpressionAttributeValues ?? {}) as Json;
  const bytes = (before?.bytes ?? itemSize(key)) + Math.max(0, itemSize(values) - 3);
  const pk = setValue(update, 'gsi1pk') ?? before?.index?.pk;
  const sk = setValue(update, 'gsi1sk') ?? before?.index?.sk;
  const indexed = pk !== undefined && sk !== undefined;
  return {
    bytes,
    ...(indexed
      ? { index: { pk, sk, bytes: itemSize({ pk: key.pk, sk: key.sk, gsi1pk: pk, gsi1sk: sk }) } }
      : {}),
  };
}

/**
 * The sizes of the items the metered client has seen written or read whole (seeding included), so that
 * writes that only name a key (a transaction's Update, Delete and ConditionCheck) are billed by the stored
 * item's size, as DynamoDB bills them, not by a fixed 1 KB.
 */
export class ItemSizes {
  readonly #items = new Map<string, StoredItem>();

  get(table: unknown, key: Json): StoredItem | undefined {
    return this.#items.get(keyOf(table, key));
  }

  set(table: unknown, key: Json, item: StoredItem): void {
    this.#items.set(keyOf(table, key), item);
  }

  delete(table: unknown, key: Json): void {
    this.#items.delete(keyOf(table, key));
  }

  /** What a request that succeeded changed or showed of the table's items. */
  learn(command: string, input: Json, output: Json): void {
    const table = input.TableName;
    const whole = input.ProjectionExpression === undefined && input.IndexName === undefined;
    if (command === 'PutItem') this.#put(table, input.Item as Json);
    if (command === 'DeleteItem') this.delete(table, input.Key as Json);
    if (command === 'UpdateItem') this.#update(input, output);
    if (command === 'GetItem' && whole && output.Item !== undefined) this.#put(table, output.Item as Json);
    if ((command === 'Query' || command === 'Scan') && whole) {
      for (const item of (output.Items ?? []) as Json[]) this.#put(table, item);
    }
    if (command === 'BatchGetItem') this.#batchGet(input, output);
    if (command === 'BatchWriteItem') this.#batchWrite(input);
    if (command === 'TransactWriteItems') this.#transaction(input);
  }

  #put(table: unknown, item: Json | undefined) {
    if (item !== undefined) this.set(table, item, storedItem(item));
  }

  #update(update: Json, output: Json) {
    const key = update.Key as Json;
    // ReturnValues ALL_NEW gives the item as stored: better than the model.
    const after = update.ReturnValues === 'ALL_NEW' ? (output.Attributes as Json | undefined) : undefined;
    const item =
      after === undefined ? updatedItem(this.get(update.TableName, key), update) : storedItem(after);
    this.set(update.TableName, key, item);
  }

  #batchGet(input: Json, output: Json) {
    const requests = (input.RequestItems ?? {}) as Record<string, Json>;
    const responses = (output.Responses ?? {}) as Record<string, Json[]>;
    for (const [table, request] of Object.entries(requests)) {
      if (request.ProjectionExpression !== undefined) continue;
      for (const item of responses[table] ?? []) this.#put(table, item);
    }
  }

  #batchWrite(input: Json) {
    const requests = (input.RequestItems ?? {}) as Record<string, Json[]>;
    for (const [table, writes] of Object.entries(requests)) {
      for (const write of writes) {
        const put = write.PutRequest as { Item?: Json } | undefined;
        const remove = write.DeleteRequest as { Key?: Json } | undefined;
        this.#put(table, put?.Item);
        if (remove?.Key !== undefined) this.delete(table, remove.Key);
      }
    }
  }

  #transaction(input: Json) {
    for (const action of (input.TransactItems ?? []) as Json[]) {
      const put = action.Put as Json | undefined;
      const update = action.Update as Json | undefined;
      const remove = action.Delete as Json | undefined;
      if (put !== undefined) this.#put(put.TableName, put.Item as Json);
      if (update !== undefined) this.#update(update, {});
      if (remove !== undefined) this.delete(remove.TableName, remove.Key as Json);
    }
  }
}
