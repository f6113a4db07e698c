import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ResourceState } from '../scim/representation';
import type { GroupStorePort, MemberChange, MemberRef, WriteOutcome } from '../scim/resource-store-port';
import type { ScimResource } from '../scim/schema/resource-schema';
import { ScimError } from '../scim/scim-error';
import type { MembershipStoreOptions } from './membership-store';
import { OWN_TRANSACTION_ITEMS, ResourceStore } from './resource-store';
import { failedConditions } from './transaction';

const NO_CHANGE: MemberChange = { adds: [], removes: [] };

/**
 * Groups with their members: the group's item and its member items in one transaction when it holds
 * them (100 actions), else the members in transactions of their own with the compensation that keeps
 * a failure from leaving members behind.
 */
export class GroupStore extends ResourceStore implements GroupStorePort {
  constructor(
    db: DynamoDBDocumentClient,
    table: string,
    now: () => Date = () => new Date(),
    options: MembershipStoreOptions = {},
  ) {
    super(db, table, 'Group', now, options);
  }

  get members() {
    return this.memberships;
  }

  async createWithMembers(
    tenant: string,
    resource: ScimResource,
    members: readonly MemberRef[],
  ): Promise<ResourceState> {
    const change = { ...NO_CHANGE, adds: members };
    if (this.memberships.fitsBeside(change, OWN_TRANSACTION_ITEMS)) {
      // The group and its members in one transaction: it appears with all of them, or not at all.
      const related = (id: string) => this.memberships.changeActions(tenant, id, change);
      return checkingMembers(() => this.create(tenant, resource, { related }));
    }
    // Too many for one transaction: the members first, under the id the group will have. Until the group
    // exists nothing shows them; if it cannot be created they are taken back out (and any left behind by a
    // failure are invisible, and swept when those members are deleted).
    const id = randomUUID();
    await this.memberships.apply(tenant, id, members, []);
    try {
      return await this.create(tenant, resource, { id });
    } catch (error) {
      await this.memberships.removeAllMembers(tenant, id).catch(() => undefined);
      throw error;
    }
  }

  /**
   * The attributes and the member change go in one transaction when it holds them. A larger change is
   * written after that transaction (which then only commits the version it was computed at), in
   * idempotent transactions of 100, then the version is bumped again.
   */
  async replaceWithMembers(
    tenant: string,
    current: ResourceState,
    resource: ScimResource,
    change: MemberChange,
  ): Promise<WriteOutcome> {
    const membersChange = change.adds.length > 0 || change.removes.length > 0;
    const together = membersChange && this.memberships.fitsBeside(change, OWN_TRANSACTION_ITEMS);
    const outcome = together
      ? await checkingMembers(() =>
          this.replace(tenant, current, resource, this.memberships.changeActions(tenant, current.id, change)),
        )
      : await this.replace(tenant, current, resource);
    if (outcome.status !== 'written' || !membersChange || together) return outcome;
    await this.memberships.apply(tenant, current.id, change.adds, change.removes);
    return this.touched(tenant, current.id);
  }

  async changeMembers(
    tenant: string,
    groupId: string,
    change: MemberChange,
  ): Promise<WriteOutcome | undefined> {
    const changed = await this.memberships.apply(tenant, groupId, change.adds, change.removes);
    return changed ? this.touched(tenant, groupId) : undefined;
  }

  /**
   * The group's new version after its members changed. A group deleted while members were written outside
   * its own item's transaction may have had its members swept before they were written, so they are swept
   * again here (else they would be left behind, naming a group that no longer exists): `gone`. Once the
   * group is seen unmarked after the writes, a DELETE that follows sees them and removes them itself.
   */
  private async touched(tenant: string, groupId: string): Promise<WriteOutcome> {
    const stored = await this.touch(tenant, groupId);
    if (stored !== undefined) return { status: 'written', stored };
    await this.memberships.removeAllMembers(tenant, groupId);
    return { status: 'gone' };
  }
}

/**
 * Runs a write whose transaction also checks that added members exist (`related`): a failed check there
 * means a member was deleted since it was resolved, which is the client's 400 as if it had never existed.
 */
async function checkingMembers<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const failed = failedConditions(error);
    if (failed !== undefined && [...failed].some((role) => role.startsWith('memberExists:'))) {
      throw ScimError.badRequest('invalidValue', 'A member no longer exists');
    }
    throw error;
  }
}
