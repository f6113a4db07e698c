import { randomInt } from 'node:crypto';
import { type DynamoDBDocumentClient, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DeleteOptions, MarkedResource } from '../scim/resource-store-port';
import type { ResourceKind } from '../scim/schema/resource-type';
import { retryOnConflict, sendIfConditionHolds } from './dynamo-errors';
import { readPage } from './paginate';
import { toStored } from './stored-state';
import {
  accessPatterns,
  type DeletionMarkAttributes,
  keys,
  lifecyclePatterns,
  MAX_TOMBSTONE_GROUPS,
  type ResourceIdentity,
  type ResourceItem,
} from './table-design';
import { fitTombstone } from './tombstone-size';
import { failedConditions, writeTransaction } from './transaction';

const DAY_MILLIS = 86_400_000;

/**
 * The marks and the last step of deleting Users or Groups (ResourceStore delegates to it): the mark of a
 * DELETE (hard, or retained: recording the tombstone's expiry and a User's groups), the daily sweep's mark
 * of a deactivated user, and the final transaction, which puts the tombstone of a retained delete.
 */
export class ResourceDeletion {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly kind: ResourceKind,
    private readonly now: () => Date,
  ) {}

  /**
   * A DELETE's mark (at `expectedVersion`, if given). A retained `deletion` also records when the tombstone
   * expires and (a User) its groups now, before any is removed: so whichever request finishes the delete
   * writes the same tombstone, without knowing the tenant's policy.
   */
  async mark(
    tenant: string,
    id: string,
    { expectedVersion, deletion }: DeleteOptions,
  ): Promise<MarkedResource | undefined> {
    const now = this.now();
    const at = now.toISOString();
    if (deletion?.mode !== 'retain') {
      return this.marked(accessPatterns.markDeleting(this.table, tenant, this.kind, id, at, expectedVersion));
    }
    const until = new Date(now.getTime() + deletion.days * DAY_MILLIS).toISOString();
    const groups = this.kind === 'User' ? await this.groupsNow(tenant, id) : undefined;
    const mark = (kept: typeof groups) =>
      lifecyclePatterns.markDeletingRetained(
        this.table,
        tenant,
        this.kind,
        id,
        at,
        until,
        kept,
        expectedVersion,
      );
    try {
      return await this.marked(mark(groups));
    } catch (error) {
      // The item and the group ids would exceed DynamoDB's 400 KB per item: the mark goes without them.
      if (groups === undefined || !isItemTooLarge(error)) throw error;
      return this.marked(mark({ ids: [], truncated: true }));
    }
  }

  /**
   * The daily sweep's mark of a deactivated user (its purge, a hard delete): only if it is still inactive,
   * at `version`, unchanged since `cutoff` and not being deleted. Undefined otherwise: a reactivation (or
   * any change) since the sweep read it wins.
   */
  markDeactivated(
    tenant: string,
    id: string,
    version: number,
    cutoff: string,
  ): Promise<MarkedResource | undefined> {
    const now = this.now().toISOString();
    return this.marked(lifecyclePatterns.markDeactivatedPurge(this.table, tenant, id, now, version, cutoff));
  }

  /** Removes the resource's own items and uncounts it; a retained delete puts its tombstone with them. */
  async removeItems(tenant: string, marked: MarkedResource, identity: ResourceIdentity): Promise<void> {
    const shard = randomInt(keys.counterShards);
    const { retention } = marked;
    const written =
      retention === undefined
        ? accessPatterns.deleteResource(this.table, tenant, identity, shard)
        : lifecyclePatterns.deleteResourceRetained(
            this.table,
            tenant,
            identity,
            shard,
            fitTombstone(
              lifecyclePatterns.tombstone(
                tenant,
                this.kind,
                marked,
                retention.deletedAt,
                retention.retainUntil,
                retention.groups,
              ),
            ),
          );
    try {
      await retryOnConflict(() => writeTransaction(this.db, written));
    } catch (error) {
      // Already deleted by a concurrent request: the outcome the caller wanted.
      if (failedConditions(error)?.has('resource') === true) return;
      throw error;
    }
  }

  /** The groups a member is in (gsi1), at most MAX_TOMBSTONE_GROUPS; one page read. */
  private async groupsNow(tenant: string, memberId: string): Promise<{ ids: string[]; truncated: boolean }> {
    const request = lifecyclePatterns.queryGroupsOfPage(
      this.table,
      tenant,
      memberId,
      MAX_TOMBSTONE_GROUPS + 1,
    );
    const { items, lastEvaluatedKey } = await readPage(this.db, request);
    const ids = items.map((item) => String(item.gsi1sk).slice('Group#'.length)).sort();
    const truncated = ids.length > MAX_TOMBSTONE_GROUPS || lastEvaluatedKey !== undefined;
    return { ids: ids.slice(0, MAX_TOMBSTONE_GROUPS), truncated };
  }

  /** The resource after a mark of `deleting`; undefined if its condition does not hold. */
  private async marked(request: UpdateCommandInput): Promise<MarkedResource | undefined> {
    const result = await sendIfConditionHolds(() => this.db.send(new UpdateCommand(request)));
    return result?.Attributes === undefined ? undefined : toMarked(result.Attributes as ResourceItem);
  }
}

/** DynamoDB's refusal of a write whose item would exceed 400 KB (a ValidationException naming the size). */
function isItemTooLarge(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && /size/i.test(error.message);
}

/** A marked item as the port's MarkedResource: its state, and what a retained DELETE recorded on the mark. */
export function toMarked(item: ResourceItem & DeletionMarkAttributes): MarkedResource {
  const stored = toStored(item);
  if (item.retainUntil === undefined) return stored;
  const groups =
    item.retainGroups === undefined
      ? undefined
      : { ids: item.retainGroups, truncated: item.retainGroupsTruncated === true };
  return {
    ...stored,
    retention: {
      deletedAt: item.deletingSince ?? item.lastModified,
      retainUntil: item.retainUntil,
      ...(groups === undefined ? {} : { groups }),
    },
  };
}
