import { isResourceId } from '../scim/resource-id';
import { ScimError } from '../scim/scim-error';
import { keys, type ResourceKind } from './table-design';

/**
 * A cursor (RFC 9865) is the id of the last resource of a page. It carries no partition: the partition
 * is rebuilt from the caller's own tenant, so a cursor copied from another tenant can only ever point
 * into the caller's own data.
 */
export function encodeCursor(lastKey: Record<string, unknown>, kind: ResourceKind): string {
  const sk = String(lastKey.sk);
  return sk.slice(keys.resourcePrefix(kind).length);
}

/** The DynamoDB start key for a cursor; anything that is not a cursor of ours is a 400 `invalidCursor`. */
export function decodeCursor(cursor: string, tenant: string, kind: ResourceKind): Record<string, unknown> {
  if (!isResourceId(cursor)) throw ScimError.badRequest('invalidCursor', 'The cursor is not valid');
  return keys.resource(tenant, kind, cursor);
}
