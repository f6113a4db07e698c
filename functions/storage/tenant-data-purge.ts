import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchDelete } from './batch-retry';
import { readPage } from './paginate';
import { purgePatterns } from './table-design';

/** Where a purge's scan is: the key to start the next page from, undefined once the table is read. */
export type PurgeCursor = Record<string, unknown> | undefined;

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
    const request = purgePatterns.scanTenant(this.table, tenantId, this.pageSize);
    const { items, lastEvaluatedKey } = await readPage(this.db, request, cursor);
    // BatchWriteItem may leave items unprocessed under throttling: batchDelete sends them again.
    await batchDelete(
      this.db,
      this.table,
      items.map(({ pk, sk }) => ({ pk, sk })),
    );
    return { next: lastEvaluatedKey, deleted: items.length };
  }
}
