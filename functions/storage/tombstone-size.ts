import type { TombstoneItem } from './table-design';

/**
 * DynamoDB's item size limit, 400 KB, counting attribute names and values
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-items), less
 * a margin for what the estimate below does not count exactly (numbers, list and map overheads).
 */
const MAX_TOMBSTONE_BYTES = 400 * 1024 - 8 * 1024;

/** About the bytes DynamoDB counts for an item: its JSON, which counts names, values and a little more. */
function estimatedBytes(item: TombstoneItem): number {
  return Buffer.byteLength(JSON.stringify(item));
}

/**
 * The tombstone, its group ids cut so that it fits in one item. The resource's own item fitted with its
 * mark, which is about the tombstone's other attributes, so only the group ids (up to ~40 KB) can push it
 * over: a transaction with an oversized item would fail every time, and the delete never finish.
 */
export function fitTombstone(item: TombstoneItem): TombstoneItem {
  if (item.groups === undefined || estimatedBytes(item) <= MAX_TOMBSTONE_BYTES) return item;
  const { groups, groupsTruncated: _truncated, ...rest } = item;
  const spare = MAX_TOMBSTONE_BYTES - estimatedBytes({ ...rest, groups: [], groupsTruncated: true });
  // Each id costs its bytes plus its quotes and comma in the JSON.
  let used = 0;
  const kept = groups.filter((id) => {
    used += Buffer.byteLength(id) + 3;
    return used <= spare;
  });
  return { ...rest, groups: kept, groupsTruncated: true };
}
