import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import type { GroupContext } from './group-context';
import { splitMembers } from './split-members';

/** `POST /Groups`: the group with its members, which must exist; answered with the members a GET shows. */
export async function createGroup(
  { groups, operations, budget }: GroupContext,
  request: ScimRequest,
): Promise<ScimResponse> {
  const { resource, members = [] } = splitMembers(request.body);
  const parsed = operations.parseBody(resource);
  const found = await groups.members.existing(request.tenant, members);
  const stored = await groups.createWithMembers(request.tenant, parsed, found);
  return operations.respondWith(request, stored, 201, {
    // The same members a GET would answer with: the first in member-id order within the budget.
    ...(found.length === 0 ? {} : { members: budget().fitting(request.baseUrl, found) }),
  });
}
