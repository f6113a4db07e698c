import { isReturned } from '../scim/projection';
import type { MembershipReader } from '../scim/resource-store-port';
import { GROUP_RESOURCE_TYPE } from '../scim/schema/resource-type';
import type { MemberBudget } from './member-budget';
import type { Decorate } from './resource-context';

/**
 * `members`, unless excluded: read page by page (in member-id order), within one budget per response
 * (at most `maxMembersPerResponse` members and `maxMemberBytesPerResponse` bytes across its groups).
 */
export function groupMembers(memberships: MembershipReader, budget: () => MemberBudget): Decorate {
  return async (request, resources, projection) => {
    const computed = new Map<string, Record<string, unknown>>();
    if (!isReturned(GROUP_RESOURCE_TYPE, projection, 'members')) return computed;
    const left = budget();
    for (const group of resources) {
      const members: Record<string, unknown>[] = [];
      if (left.membersLeft > 0) {
        const pageSize = Math.min(1000, left.membersLeft);
        // Never a member that no longer exists, should its DELETE have missed this membership.
        pages: for await (const page of memberships.livePages(request.tenant, group.id, pageSize)) {
          for (const member of page) if (!left.take(request.baseUrl, member, members)) break pages;
          if (left.membersLeft === 0) break;
        }
      }
      if (members.length > 0) computed.set(group.id, { members });
    }
    return computed;
  };
}
