import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { applyPatch } from '../scim/patch/apply-patch';
import type { PatchOperation } from '../scim/patch/patch-request';
import { isResourceId } from '../scim/resource-id';
import { GROUP_RESOURCE_TYPE } from '../scim/schema/resource-type';
import { ScimError } from '../scim/scim-error';
import type { GroupContext } from './group-context';
import { MemberChanges } from './member-changes';
import { patchGroup } from './patch-group';
import { refuseSelfMembership } from './refuse-self-membership';

/**
 * A PATCH that only adds or removes named members (what Entra and Okta send): the membership writes
 * first, conditional on changing something, then the group's version, whose update also proves the
 * group exists and is not being deleted. The group is only read when nothing changed, to answer with
 * its current version. Operations whose effect depends on the current members (replacing them all, or
 * removing by a filter other than `value eq`) read them, so they take the version-checked path.
 */
export async function patchMembers(
  context: GroupContext,
  request: ScimRequest,
  patch: readonly PatchOperation[],
): Promise<ScimResponse> {
  const { groups, operations } = context;
  const id = request.pathParameters.id ?? '';
  if (!isResourceId(id)) throw ScimError.notFound(`Group ${id} not found`);
  const changes = new MemberChanges();
  // Only `members` is targeted, so the placeholder resource only routes the operations to `changes`; the
  // built-in type, as a declared extension that groups require is not on the placeholder.
  applyPatch({ displayName: 'members only' }, patch, GROUP_RESOURCE_TYPE, {
    onComputedAttribute: (change) => changes.record(change),
  });
  if (changes.replaceAll || changes.removedBy.length > 0) return patchGroup(context, request, patch);
  refuseSelfMembership(id, changes.added.keys());
  const change = await changes.resolve(() => groups.members.pages(request.tenant, id));
  const outcome = await groups.changeMembers(request.tenant, id, change);
  if (outcome?.status === 'gone') throw ScimError.notFound(`Group ${id} not found`);
  const stored = outcome?.status === 'written' ? outcome.stored : await operations.load(request);
  return operations.patched(request, stored);
}
