import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ScimResource } from '../scim/schema/resource-schema';
import { batchWrite } from './batch-retry';
import { readPage } from './paginate';
import { resourceIdentity } from './stored-state';
import { emailItem, keys, purgePatterns } from './table-design';

/** What one page of a re-index wrote, and the id to resume after (undefined: the tenant is done). */
export interface ReindexPage {
  readonly users: number;
  readonly addresses: number;
  readonly next: string | undefined;
}

/**
 * `tenants reindex`: writes the email items of a tenant's users, a page at a time in id order, for users
 * stored before those items existed (issue 13), whom a lookup by email would not find until written again.
 * Each item is an unconditional Put of what a write would put, so a page can be run again, and a race with a
 * write is harmless: an item left for an address a user no longer has only costs a lookup a read, as the
 * filter is evaluated on the user itself (list-executor.ts), and a tenant's purge removes it.
 */
export class EmailReindex {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    /** Users read per page: the bound on one page's work. */
    private readonly pageSize = 500,
  ) {}

  async page(tenant: string, after: string | undefined): Promise<ReindexPage> {
    const request = purgePatterns.queryUserEmails(this.table, tenant, this.pageSize);
    const startKey = after === undefined ? undefined : keys.resource(tenant, 'User', after);
    const { items, lastEvaluatedKey } = await readPage(this.db, request, startKey);
    const puts = items.flatMap((item) => {
      const id = String(item.id);
      const { emails } = resourceIdentity('User', id, (item.resource ?? {}) as ScimResource);
      return emails.map((email) => ({ PutRequest: { Item: emailItem(tenant, 'User', email, id) } }));
    });
    await batchWrite(this.db, this.table, puts);
    const next =
      lastEvaluatedKey === undefined ? undefined : String(lastEvaluatedKey.sk).slice('User#'.length);
    return { users: items.length, addresses: puts.length, next };
  }
}
