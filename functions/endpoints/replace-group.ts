import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import type { GroupContext } from './group-context';
import { refuseSelfMembership } from './refuse-self-membership';
import { splitMembers } from './split-members';
import { writeGroup } from './write-group';

/** `PUT /Groups/{id}`: RFC 7644 §3.5.1, PUT replaces; members not listed are removed. Only the difference is written. */
export async function replaceGroup(context: GroupContext, request: ScimRequest): Promise<ScimResponse> {
  const { groups, operations } = context;
  const { resource, members = [] } = splitMembers(request.body);
  const next = operations.parseBody(resource);
  const wanted = new Set(members.map((m) => m.id));
  const group = await operations.load(request);
  refuseSelfMembership(group.id, wanted);
  const stored = await writeGroup(
    context,
    request,
    async (current) => {
      const have = await groups.members.memberIds(request.tenant, current.id);
      // Only the members new to the group are looked up (Okta's AIW apps PUT the whole list every time).
      const fresh = members.filter((m) => !have.has(m.id));
      const adds = await groups.members.existing(request.tenant, fresh);
      return { next, adds, removes: [...have].filter((id) => !wanted.has(id)) };
    },
    group,
  );
  return operations.respondWith(request, stored, 200);
}
