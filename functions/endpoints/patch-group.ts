import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { applyPatch } from '../scim/patch/apply-patch';
import type { PatchOperation } from '../scim/patch/patch-request';
import type { GroupContext } from './group-context';
import { MemberChanges } from './member-changes';
import { refuseSelfMembership } from './refuse-self-membership';
import { writeGroup } from './write-group';

/**
 * A PATCH: its operations applied to the group as just read, and its member operations resolved against
 * the members as just read. Members already there (or already gone) are left alone, so that a retried
 * PATCH changes nothing, not even the version.
 */
export async function patchGroup(
  context: GroupContext,
  request: ScimRequest,
  patch: readonly PatchOperation[],
): Promise<ScimResponse> {
  const { groups, operations } = context;
  const { tenant } = request;
  const stored = await writeGroup(context, request, async (current) => {
    const changes = new MemberChanges();
    const next = applyPatch(current.resource, patch, operations.context.resourceType, {
      onComputedAttribute: (change) => changes.record(change),
    });
    refuseSelfMembership(current.id, changes.added.keys());
    const asked = await changes.resolve(() => groups.members.pages(tenant, current.id));
    // A replaced member list is already the difference.
    const { adds, removes } = changes.replaceAll
      ? asked
      : await groups.members.effective(tenant, current.id, asked);
    // Members are checked before anything is written, so that a missing one fails the whole PATCH.
    return { next, adds: await groups.members.existing(tenant, adds), removes };
  });
  return operations.patched(request, stored);
}
