import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MemberRef, ResolvedMembers } from '../scim/resource-store-port';
import type { ResourceKind } from '../scim/schema/resource-type';
import { ScimError } from '../scim/scim-error';
import { batchGet } from './batch-retry';
import { keys, membershipPatterns } from './table-design';

/**
 * Which of `references` name an existing User or Group of the tenant (not being deleted), and of which
 * type. A reference's `type` is a hint: it is looked up first, the other type only if that fails.
 */
export async function resolveMembers(
  db: DynamoDBDocumentClient,
  table: string,
  tenant: string,
  references: readonly MemberRef[],
): Promise<ResolvedMembers> {
  const unique = [...new Map(references.map((r) => [r.id, r])).values()];
  const types = await existingTypes(db, table, tenant, unique);
  const other = unique
    .filter((r) => !types.has(r.id))
    .map((r) => ({ ...r, type: r.type === 'User' ? ('Group' as const) : ('User' as const) }));
  if (other.length > 0)
    for (const [id, type] of await existingTypes(db, table, tenant, other)) types.set(id, type);
  const found: MemberRef[] = [];
  const missing: string[] = [];
  for (const reference of unique) {
    const type = types.get(reference.id);
    if (type === undefined) missing.push(reference.id);
    else found.push({ ...reference, type });
  }
  return { found, missing };
}

async function existingTypes(
  db: DynamoDBDocumentClient,
  table: string,
  tenant: string,
  references: readonly MemberRef[],
): Promise<Map<string, ResourceKind>> {
  const itemKeys = references.map((r) => keys.resource(tenant, r.type, r.id));
  const items = await batchGet(db, membershipPatterns.getResourceStates(table, itemKeys));
  const types = new Map<string, ResourceKind>();
  for (const item of items) {
    if (item.deleting !== true) types.set(String(item.id), item.type as ResourceKind);
  }
  return types;
}

/** Members that do not exist are the client's 400 `invalidValue`, naming the first five. */
export function rejectMissing(missing: readonly string[]): void {
  if (missing.length === 0) return;
  const shown = missing.slice(0, 5).join(', ');
  throw ScimError.badRequest(
    'invalidValue',
    `No User or Group with id ${shown}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} exists`,
  );
}
