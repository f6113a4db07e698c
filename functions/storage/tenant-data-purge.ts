import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { send } from './dynamo-errors';
import { purgePatterns } from './table-design';

/** Where a purge's scan is: the key to start the next page from, undefined once the table is read. */
export type PurgeCursor = Record<string, unknown> | undefined;

const BATCH_WRITE_LIMIT = 25;
const UNPROCESSED_RETRIES = 8;

/**
 * Deletes a tenant's SCIM data (users, groups, memberships, unique-name and externalId items, counters),
 * one bounded page at a time, so that a caller can spread a large tenant over many invocations.
 */
export class TenantDataPurge {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    /** Items read per page (Scan's Limit): the work of one page is bounded by it. */
    private readonly pageSize = 1000,
  ) {}

  /** Reads one page of the table from `cursor` and deletes the tenant's items in it; returns the next cursor. */
  async page(tenantId: string, cursor: PurgeCursor): Promise<{ next: PurgeCursor; deleted: number }> {
    const request = purgePatterns.scanTenant(this.table, tenantId, cursor, this.pageSize);
    const result = await send(() => this.db.send(new ScanCommand(request)));
    const itemKeys = (result.Items ?? []).map(({ pk, sk }) => ({ pk, sk }));
    for (let i = 0; i < itemKeys.length; i += BATCH_WRITE_LIMIT) {
      await this.deleteBatch(itemKeys.slice(i, i + BATCH_WRITE_LIMIT));
    }
    return { next: result.LastEvaluatedKey, deleted: itemKeys.length };
  }

  /**
   * BatchWriteItem may leave items unprocessed under throttling; they are retried with backoff
   * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html).
   */
  private async deleteBatch(itemKeys: readonly Record<string, unknown>[]): Promise<void> {
    let pending = itemKeys;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > UNPROCESSED_RETRIES) throw new Error('DynamoDB left deletes unprocessed after retries');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const request = purgePatterns.deleteItems(this.table, pending);
      const { UnprocessedItems } = await send(() => this.db.send(new BatchWriteCommand(request)));
      pending = (UnprocessedItems?.[this.table] ?? []).flatMap((r) =>
        r.DeleteRequest?.Key === undefined ? [] : [r.DeleteRequest.Key],
      );
    }
  }
}
