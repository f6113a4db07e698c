type Json = Record<string, unknown>;

/** DynamoDB's item size: attribute names plus values (strings by UTF-8 length, numbers ~1 byte per 2 digits). */
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

const readUnits = (bytes: number, consistent: boolean) =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const hasIndexKeys = (item: Json | undefined) => item !== undefined && 'gsi1pk' in item;

/**
 * Billed units of one request, from its input, its output and the units DynamoDB Local reported.
 * DynamoDB Local reports single-item and batch operations by item size, as DynamoDB does, but a
 * transaction as if it held one item; transactions are therefore modelled here:
 * every item of a transaction costs double (2 WCU per KB written, 2 RCU per 4 KB checked), and a write that
 * carries gsi1 keys also writes the index (1 WCU). Updated and deleted items are taken to be under 1 KB,
 * which holds for the membership, count, unique-name and group items transactions update or delete.
 */
export function billedUnits(
  command: string,
  input: Json,
  output: Json,
  reported: number,
): { read: number; write: number } {
  switch (command) {
    case 'TransactWriteItems': {
      let read = 0;
      let write = 0;
      for (const action of (input.TransactItems ?? []) as Json[]) {
        if (action.ConditionCheck !== undefined) read += 2;
        const put = action.Put as { Item?: Json } | undefined;
        if (put !== undefined) write += 2 * writeUnits(itemSize(put.Item)) + (hasIndexKeys(put.Item) ? 1 : 0);
        const update = action.Update as { UpdateExpression?: string } | undefined;
        if (update !== undefined) write += 2 + (String(update.UpdateExpression).includes('gsi1pk') ? 1 : 0);
        const remove = action.Delete as { Key?: Json } | undefined;
        if (remove !== undefined) write += 2 + (String(remove.Key?.sk).startsWith('MEMBER#') ? 1 : 0);
      }
      return { read, write };
    }
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
    case 'Scan':
      return { read: reported > 0 ? reported : readUnits(0, input.ConsistentRead === true), write: 0 };
    default:
      return { read: 0, write: reported };
  }
}
