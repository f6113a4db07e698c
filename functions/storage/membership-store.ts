import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MemberChange, MemberRef, MembershipReader, ResolvedMembers } from '../scim/resource-store-port';
import { batchDelete, batchGet } from './batch-retry';
import { retryOnConflict } from './dynamo-errors';
import { collect, paginate, readPage } from './paginate';
import { rejectMissing, resolveMembers } from './resolve-members';
import { keys, type MembershipItem, membershipPatterns } from './table-design';
import { failedConditions, MAX_TRANSACTION_ITEMS, type Transaction, writeTransaction } from './transaction';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long a membership write may take to appear in gsi1. All reads of a global secondary index are
 * eventually consistent (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html),
 * and AWS states that writes propagate to a GSI within 1 second
 * (https://repost.aws/knowledge-center/dynamodb-missing-table-items-gsi).
 */
export const INDEX_LAG_MILLIS = 1_000;

export interface MembershipStoreOptions {
  /** How long after a DELETE began its sweep of gsi1 is repeated (default INDEX_LAG_MILLIS). */
  readonly indexLagMillis?: number;
}

/**
 * Group membership: one item per (group, member) in the group's partition, and gsi1 for the groups of a
 * member. No item grows with the size of a group, and no change reads or rewrites the member list.
 */
export class MembershipStore implements MembershipReader {
  private readonly indexLagMillis: number;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
    options: MembershipStoreOptions = {},
  ) {
    this.indexLagMillis = options.indexLagMillis ?? INDEX_LAG_MILLIS;
  }

  /** A group's members in member-id order, a page at a time (so memory stays bounded). */
  async *pages(tenant: string, groupId: string, pageSize?: number): AsyncGenerator<MemberRef[]> {
    const request = membershipPatterns.queryMembers(this.table, tenant, groupId, pageSize);
    for await (const page of paginate(this.db, request)) {
      yield page.items.map((item) => toMember(item as MembershipItem));
    }
  }

  /** A group's members, a page at a time, leaving out (and removing) members that no longer exist. */
  async *livePages(tenant: string, groupId: string, pageSize?: number): AsyncGenerator<MemberRef[]> {
    for await (const page of this.pages(tenant, groupId, pageSize)) {
      yield await this.withoutDangling(tenant, groupId, page);
    }
  }

  /** All member ids of a group, for computing a PUT's difference (ids only: ~40 bytes per member). */
  async memberIds(tenant: string, groupId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for await (const page of this.pages(tenant, groupId)) for (const member of page) ids.add(member.id);
    return ids;
  }

  /** The ids of the groups `memberId` is a direct member of (gsi1: eventually consistent). */
  async groupIdsOf(tenant: string, memberId: string): Promise<string[]> {
    const request = membershipPatterns.queryGroupsOf(this.table, tenant, memberId);
    return collect(this.db, request, (item) => String(item.gsi1sk).slice('Group#'.length));
  }

  /** Which of `references` name an existing User or Group of the tenant, and of which type. */
  resolve(tenant: string, references: readonly MemberRef[]): Promise<ResolvedMembers> {
    return resolveMembers(this.db, this.table, tenant, references);
  }

  async existing(tenant: string, references: readonly MemberRef[]): Promise<MemberRef[]> {
    if (references.length === 0) return [];
    const { found, missing } = await this.resolve(tenant, references);
    rejectMissing(missing);
    return found;
  }

  /**
   * Of the changes asked for, those that change something: an add of a member that is not there yet (or
   * is there with another `display`), a remove of a member that is there. RFC 7644 §3.5.2.1: adding a
   * value that is already present changes nothing, not even the modify time, so a retried PATCH is a no-op.
   */
  async effective(tenant: string, groupId: string, { adds, removes }: MemberChange): Promise<MemberChange> {
    const ids = [...new Set([...adds.map((m) => m.id), ...removes])];
    const request = membershipPatterns.getMemberships(this.table, tenant, groupId, ids);
    const present = new Map<string, string | undefined>();
    for (const item of await batchGet(this.db, request)) {
      const display = typeof item.display === 'string' ? item.display : undefined;
      present.set(String(item.sk).slice(keys.memberPrefix.length), display);
    }
    return {
      adds: adds.filter(
        (m) => !present.has(m.id) || (m.display !== undefined && m.display !== present.get(m.id)),
      ),
      removes: removes.filter((id) => present.has(id)),
    };
  }

  /** Whether a member change fits in one transaction beside `reserved` actions of the caller's own. */
  fitsBeside({ adds, removes }: MemberChange, reserved: number): boolean {
    return adds.length * 2 + removes.length + reserved <= MAX_TRANSACTION_ITEMS;
  }

  /**
   * A member change as transaction actions, for the caller to write together with its own (a Group's
   * item): each added member is checked to exist and not be being deleted (`memberExists:<id>`), so a
   * cancelled transaction with a failed check among them means a member is gone. `adds` must carry
   * resolved types.
   */
  changeActions(tenant: string, groupId: string, change: MemberChange): Transaction {
    return membershipPatterns.changeMembers(this.table, tenant, groupId, change, this.timestamp(), {
      checked: true,
      onlyIfChanging: false,
    });
  }

  /**
   * Adds and removes members of a group, and says whether anything changed: adding a member that is there,
   * or removing one that is not, changes nothing (RFC 7644 §3.5.2.1), so a retried PATCH is a no-op. Each
   * write is conditional on that, and a transaction cancelled only by such conditions is written again
   * without them: no read is needed to find them.
   *
   * Up to 100 changes are all-or-nothing (one transaction); more are written in transactions of 100, each
   * idempotent, so a retry converges to the same result. A member that does not exist in the tenant is a
   * 400 `invalidValue` before anything is written.
   */
  async apply(
    tenant: string,
    groupId: string,
    adds: readonly MemberRef[],
    removes: readonly string[],
  ): Promise<boolean> {
    if (adds.length === 0 && removes.length === 0) return false;
    if (adds.length * 2 + removes.length <= MAX_TRANSACTION_ITEMS) {
      // Small change: the added members read (their type, display), then checked again in the transaction.
      const found = await this.existing(tenant, adds);
      return this.writeChecked(tenant, groupId, found, removes);
    }
    const { found, missing } = await this.resolve(tenant, adds);
    rejectMissing(missing);
    const writes: { add?: MemberRef; remove?: string }[] = [
      ...found.map((add) => ({ add })),
      ...removes.map((remove) => ({ remove })),
    ];
    let changed = false;
    for (let i = 0; i < writes.length; i += MAX_TRANSACTION_ITEMS) {
      const chunk = writes.slice(i, i + MAX_TRANSACTION_ITEMS);
      const chunkAdds = chunk.flatMap((w) => (w.add === undefined ? [] : [w.add]));
      const chunkRemoves = chunk.flatMap((w) => (w.remove === undefined ? [] : [w.remove]));
      if (await this.writeConditional(tenant, groupId, chunkAdds, chunkRemoves, false)) changed = true;
    }
    // A member deleted between the check and the write: take its membership back out, as its deletion would.
    const after = await this.resolve(tenant, found);
    if (after.missing.length > 0) {
      await this.batchDelete(after.missing.map((id) => keys.membership(tenant, groupId, id)));
    }
    return changed;
  }

  /** Adds with an existence check of each member in the same transaction; at most 100 items. */
  private async writeChecked(
    tenant: string,
    groupId: string,
    adds: readonly MemberRef[],
    removes: readonly string[],
  ): Promise<boolean> {
    let members = [...adds];
    let typesResolved = false;
    for (;;) {
      try {
        return await this.writeConditional(tenant, groupId, members, removes, true);
      } catch (error) {
        const failedChecks = (error as { failedChecks?: MemberRef[] }).failedChecks;
        if (failedChecks === undefined || typesResolved) {
          if (failedChecks !== undefined) rejectMissing(failedChecks.map((m) => m.id));
          throw error;
        }
        // A check failed: the member is of the other type, or does not exist. Resolve and try again.
        const { found, missing } = await this.resolve(tenant, failedChecks);
        rejectMissing(missing);
        typesResolved = true;
        const types = new Map(found.map((m) => [m.id, m.type]));
        members = members.map((m) => ({ ...m, type: types.get(m.id) ?? m.type }));
      }
    }
  }

  /**
   * One transaction of conditional membership writes (with member checks if `checked`), written again
   * without the adds and removes that changed nothing; true if any did change something. A failed member
   * check is thrown as an error carrying `failedChecks`.
   */
  private async writeConditional(
    tenant: string,
    groupId: string,
    adds: readonly MemberRef[],
    removes: readonly string[],
    checked: boolean,
  ): Promise<boolean> {
    let pendingAdds = [...adds];
    let pendingRemoves = [...removes];
    for (let attempt = 0; attempt <= adds.length + removes.length; attempt++) {
      if (pendingAdds.length === 0 && pendingRemoves.length === 0) return false;
      const written = membershipPatterns.changeMembers(
        this.table,
        tenant,
        groupId,
        { adds: pendingAdds, removes: pendingRemoves },
        this.timestamp(),
        { checked, onlyIfChanging: true },
      );
      try {
        await retryOnConflict(() => writeTransaction(this.db, written));
        return true;
      } catch (error) {
        const failed = failedConditions(error);
        if (failed === undefined) throw error;
        const failedChecks = pendingAdds.filter((m) => failed.has(`memberExists:${m.id}`));
        if (failedChecks.length > 0) throw Object.assign(error as Error, { failedChecks });
        const present = new Set(pendingAdds.filter((m) => failed.has(`member:${m.id}`)).map((m) => m.id));
        const absent = new Set(pendingRemoves.filter((id) => failed.has(`removeMember:${id}`)));
        if (present.size === 0 && absent.size === 0) throw error;
        pendingAdds = pendingAdds.filter((m) => !present.has(m.id));
        pendingRemoves = pendingRemoves.filter((id) => !absent.has(id));
      }
    }
    throw new Error('membership writes did not settle');
  }

  /** Deletes every member item of a group, page by page; safe to run again after an interruption. */
  async removeAllMembers(tenant: string, groupId: string): Promise<void> {
    const request = membershipPatterns.queryMembers(this.table, tenant, groupId, 1000);
    for (;;) {
      const { items, lastEvaluatedKey } = await readPage(this.db, request);
      await this.batchDelete(items.map((item) => ({ pk: item.pk, sk: item.sk })));
      // The query is strongly consistent: a last page means there was nothing more. (Adds racing the DELETE
      // find the group marked and take their own writes back out.)
      if (lastEvaluatedKey === undefined) return;
    }
  }

  /**
   * Removes a resource from every group it is a member of; safe to run again. Called once the resource is
   * marked as being deleted, from when no membership of it can be added any more (the adds check the mark
   * in their transaction). gsi1 is eventually consistent, so a membership written shortly before the mark
   * may not show yet: the sweep runs until gsi1 lists none, and again once the index has had the time to
   * catch up (`indexLagMillis` after this began). Reading a group's members leaves out any member that no
   * longer exists all the same (withoutDangling), should the index be later still.
   */
  async removeFromAllGroups(tenant: string, memberId: string): Promise<void> {
    const started = this.now().getTime();
    await this.sweepGroupsOf(tenant, memberId);
    const wait = started + this.indexLagMillis - this.now().getTime();
    if (wait > 0) await sleep(wait);
    await this.sweepGroupsOf(tenant, memberId);
  }

  private async sweepGroupsOf(tenant: string, memberId: string): Promise<void> {
    for (;;) {
      const groupIds = await this.groupIdsOf(tenant, memberId);
      if (groupIds.length === 0) return;
      await this.batchDelete(groupIds.map((groupId) => keys.membership(tenant, groupId, memberId)));
    }
  }

  /**
   * The members of a page that still exist, in their order. A member that no longer exists (its DELETE
   * missed this membership in gsi1, which lags) is left out, and its membership item removed.
   */
  async withoutDangling(
    tenant: string,
    groupId: string,
    members: readonly MemberRef[],
  ): Promise<MemberRef[]> {
    if (members.length === 0) return [];
    const { found, missing } = await this.resolve(tenant, members);
    if (missing.length > 0) await this.batchDelete(missing.map((id) => keys.membership(tenant, groupId, id)));
    const live = new Set(found.map((m) => m.id));
    return members.filter((m) => live.has(m.id));
  }

  private batchDelete(itemKeys: readonly Record<string, unknown>[]): Promise<void> {
    return batchDelete(this.db, this.table, itemKeys);
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}

function toMember(item: MembershipItem): MemberRef {
  return {
    id: item.sk.slice(keys.memberPrefix.length),
    type: item.memberType,
    ...(item.display === undefined ? {} : { display: item.display }),
  };
}
