import type { MemberRef, MembershipReader } from '../scim/resource-store-port';
import { ScimError } from '../scim/scim-error';

/** Members a request adds must exist in the tenant, checked before anything is written (with their types). */
export async function existingMembers(
  memberships: MembershipReader,
  tenant: string,
  members: readonly MemberRef[],
): Promise<MemberRef[]> {
  if (members.length === 0) return [];
  const { found, missing } = await memberships.resolve(tenant, members);
  if (missing.length > 0) {
    throw ScimError.badRequest(
      'invalidValue',
      `No User or Group with id ${missing.slice(0, 5).join(', ')} exists`,
    );
  }
  return found;
}
