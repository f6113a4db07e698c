import type { ScimRequest } from '../http/scim-request';
import { deepEqual } from '../scim/patch/deep-equal';
import type { ResourceState } from '../scim/representation';
import type { MemberChange } from '../scim/resource-store-port';
import type { ScimResource } from '../scim/schema/resource-schema';
import type { GroupContext } from './group-context';

/** What a write of a group makes of the group as last read: its attributes and the member difference. */
export interface GroupChange extends MemberChange {
  readonly next: ScimResource;
}

/**
 * Writes a group: `change` computes, from the group as just read, its new attributes and the member
 * difference (reading the members it needs; added members resolved, so they exist), and the write is
 * conditional on the group's version. When another request changed the group in between, everything is
 * read and computed again (updateResource). How the difference is written (with the group's item in one
 * transaction, or after it in transactions of its own) is the store's.
 */
export function writeGroup(
  { operations, groups }: GroupContext,
  request: ScimRequest,
  change: (current: ResourceState) => Promise<GroupChange>,
  alreadyRead?: ResourceState,
): Promise<ResourceState> {
  return operations.update(
    request,
    async (current) => {
      const { next, adds, removes } = await change(current);
      // RFC 7644 §3.5.2.1: a change that changes nothing leaves the group, and its version, alone.
      if (adds.length === 0 && removes.length === 0 && deepEqual(next, current.resource)) return 'unchanged';
      return groups.replaceWithMembers(request.tenant, current, next, { adds, removes });
    },
    alreadyRead,
  );
}
