import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readPage } from './paginate';
import type { ResourceStore } from './resource-store';
import { keys, lifecyclePatterns } from './table-design';

const DAY_MILLIS = 86_400_000;

export interface DeactivatedSweepOptions {
  /** Users read per page (the Query's Limit, before its filter): the bound on one page's reads. */
  readonly pageSize?: number;
  /** Purges run at once within a page (each waits out gsi1's lag once: membership-store.ts). */
  readonly concurrency?: number;
}

/** What one page of a tenant's sweep did, and where the next page starts (undefined: the tenant is done). */
export interface SweepPage {
  readonly purged: readonly string[];
  readonly next: string | undefined;
}

/**
 * The purge of deactivated users (a tenant's `purgeDeactivatedAfterDays`): a user whose `active` is false
 * and whose item has not changed for that many days is deleted as a DELETE deletes it (memberships, then
 * its items; no tombstone), after a mark that says why (`purgeReason: 'deactivated'`, which the events
 * report as a purge). The mark is conditional on the user still being inactive and at the version read,
 * so a reactivation at the same moment wins. The tenant's users are read a page at a time, in id order:
 * a caller with a deadline stops between pages and resumes after the last user id read.
 */
export class DeactivatedSweep {
  private readonly pageSize: number;
  private readonly concurrency: number;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly users: ResourceStore,
    private readonly now: () => Date = () => new Date(),
    options: DeactivatedSweepOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 100;
    this.concurrency = options.concurrency ?? 8;
  }

  /** One page of the sweep of `tenant`'s users after the id `after` (undefined: from the first). */
  async page(tenant: string, afterDays: number, after: string | undefined): Promise<SweepPage> {
    const cutoff = new Date(this.now().getTime() - afterDays * DAY_MILLIS).toISOString();
    const request = lifecyclePatterns.queryDeactivatedUsers(this.table, tenant, cutoff, this.pageSize);
    const startKey = after === undefined ? undefined : keys.resource(tenant, 'User', after);
    const { items, lastEvaluatedKey } = await readPage(this.db, request, startKey);
    const purged: string[] = [];
    const candidates = [...items];
    const worker = async () => {
      for (let item = candidates.shift(); item !== undefined; item = candidates.shift()) {
        if (await this.purge(tenant, String(item.id), Number(item.version), item.deleting === true, cutoff))
          purged.push(String(item.id));
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    const next =
      lastEvaluatedKey === undefined ? undefined : String(lastEvaluatedKey.sk).slice('User#'.length);
    return { purged: purged.sort(), next };
  }

  /**
   * Purges one user; whether this call did. A user an earlier sweep marked is finished if that sweep
   * stopped (the store's read finishes an abandoned delete), else left to the sweep still at work on it.
   */
  private async purge(
    tenant: string,
    id: string,
    version: number,
    marked: boolean,
    cutoff: string,
  ): Promise<boolean> {
    if (marked) {
      await this.users.get(tenant, id);
      return false;
    }
    const mark = await this.users.markDeactivated(tenant, id, version, cutoff);
    if (mark === undefined) return false;
    await this.users.finishDeleting(tenant, mark);
    return true;
  }
}
