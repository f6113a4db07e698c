import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ResourceKind } from '../scim/schema/resource-type';
import { send } from './dynamo-errors';
import { readPage, type StartKey } from './paginate';
import { keys, lifecyclePatterns, type TombstoneItem } from './table-design';

/** TTL expires an item once its time is less than the current time, in whole seconds. */
const secondsOf = (now: Date) => Math.floor(now.getTime() / 1000);

/**
 * Whether a tombstone's retention has ended. TTL deletes an expired item within a few days, and reads
 * return it until then (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html):
 * an expired one is gone already.
 */
function expired(item: TombstoneItem, now: Date): boolean {
  return typeof item.expiresAt !== 'number' || item.expiresAt <= secondsOf(now);
}

/** The tombstones of retained deletes, read only, the expired left out. */
export class TombstoneReads {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The tombstone of a deleted resource (strongly consistent), or undefined (none, or expired). */
  async get(tenant: string, kind: ResourceKind, id: string): Promise<TombstoneItem | undefined> {
    const request = lifecyclePatterns.getTombstone(this.table, tenant, kind, id);
    const { Item } = await send(() => this.db.send(new GetCommand(request)));
    const item = Item as TombstoneItem | undefined;
    return item === undefined || expired(item, this.now()) ? undefined : item;
  }

  /**
   * Up to `count` tombstones in id order after the id `after`. The Query's filter leaves the expired out
   * after its `Limit` has counted them, so pages are read until `count` are found or the tombstones end.
   */
  async page(
    tenant: string,
    kind: ResourceKind,
    after: string | undefined,
    count: number,
  ): Promise<TombstoneItem[]> {
    const nowSeconds = secondsOf(this.now());
    const found: TombstoneItem[] = [];
    let startKey: StartKey = after === undefined ? undefined : keys.tombstone(tenant, kind, after);
    do {
      const request = lifecyclePatterns.queryTombstones(
        this.table,
        tenant,
        kind,
        nowSeconds,
        count - found.length,
      );
      const page = await readPage(this.db, request, startKey);
      found.push(...(page.items as TombstoneItem[]));
      startKey = page.lastEvaluatedKey;
    } while (startKey !== undefined && found.length < count);
    return found;
  }
}
