import { ENTRA_GROUP_SCHEMA, GROUP_SCHEMA } from '../../test/support/groups';
import { patchOp } from '../../test/support/users';

/** A group as Entra creates it: its ADSCIM schema URI beside the core one, no members. */
export function entraGroup(displayName: string, externalId: string): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA, ENTRA_GROUP_SCHEMA],
    externalId,
    displayName,
    meta: { resourceType: 'Group' },
  };
}

/** The PATCH that adds members, as Entra sends it (in batches of up to 100). */
export const addMembers = (ids: readonly string[]) =>
  patchOp({ op: 'add', path: 'members', value: ids.map((value) => ({ value })) });
