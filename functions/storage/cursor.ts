import type { ResourceKind } from '../scim/schema/resource-type';
import { keys } from './table-design';

/**
 * A cursor (RFC 9865) is the id of the last resource of a page. It carries no partition: the partition
 * is rebuilt from the caller's own tenant, so a cursor copied from another tenant can only ever point
 * into the caller's own data. (The listing's plan has already refused anything that is not an id.)
 */
export function encodeCursor(lastKey: Record<string, unknown>, kind: ResourceKind): string {
  const sk = String(lastKey.sk);
  return sk.slice(keys.resourcePrefix(kind).length);
}

/** The DynamoDB start key after the resource a cursor names, in the caller's tenant. */
export function decodeCursor(cursor: string, tenant: string, kind: ResourceKind): Record<string, unknown> {
  return keys.resource(tenant, kind, cursor);
}
