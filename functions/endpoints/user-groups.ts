import { isReturned } from '../scim/projection';
import type { MembershipReader, ResourceStorePort } from '../scim/resource-store-port';
import { USER_RESOURCE_TYPE } from '../scim/schema/resource-type';
import type { Decorate } from './resource-context';

/**
 * `groups` (returned only on request): each user's direct groups, from the membership index, with the
 * groups' current displayName. Groups deleted meanwhile are left out.
 */
export function userGroups(groups: ResourceStorePort, memberships: MembershipReader): Decorate {
  return async (request, resources, projection) => {
    const computed = new Map<string, Record<string, unknown>>();
    if (!isReturned(USER_RESOURCE_TYPE, projection, 'groups')) return computed;
    for (const user of resources) {
      const groupIds = await memberships.groupIdsOf(request.tenant, user.id);
      const found = await groups.getMany(request.tenant, groupIds);
      computed.set(user.id, {
        groups: found
          .sort((a, b) => (a.id < b.id ? -1 : 1))
          .map((group) => ({
            value: group.id,
            $ref: `${request.baseUrl}/Groups/${group.id}`,
            display: group.resource.displayName,
            type: 'direct',
          })),
      });
    }
    return computed;
  };
}
