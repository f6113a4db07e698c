import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MemberRef, ResolvedMembers } from '../scim/resource-store-port';
import type { ResourceKind } from '../scim/schema/resource-type';
import { ScimError } from '../scim/scim-error';
import { batchGet } from './batch-retry';
import { keys, membershipPatterns } from './table-design';

/**
 * Which of `references` name an existing User or Group of the tenant (not being deleted), of which type,
 * and what their `display` is: the resource's `displayName`, else a User's `userName` (issue 13), never
 * what the client sent. A reference's `type` is a hint: it is looked up first, the other type only if that
 * fails.
 */
export async function resolveMembers(
  db: DynamoDBDocumentClient,
  table: string,
  tenant: string,
  references: readonly MemberRef[],
): Promise<ResolvedMembers> {
  const unique = [...new Map(references.map((r) => [r.id, r])).values()];
  const existing = await existingMembers(db, table, tenant, unique);
  const other = unique
    .filter((r) => !existing.has(r.id))
    .map((r) => ({ ...r, type: r.type === 'User' ? ('Group' as const) : ('User' as const) }));
  if (other.length > 0)
    for (const [id, member] of await existingMembers(db, table, tenant, other)) existing.set(id, member);
  const found: MemberRef[] = [];
  const missing: string[] = [];
  for (const reference of unique) {
    const member = existing.get(reference.id);
    if (member === undefined) missing.push(reference.id);
    else found.push(member);
  }
  return { found, missing };
}

/** A member's `display` is at most this long: it is repeated in every answer that lists the member. */
export const MAX_DISPLAY_LENGTH = 256;

async function existingMembers(
  db: DynamoDBDocumentClient,
  table: string,
  tenant: string,
  references: readonly MemberRef[],
): Promise<Map<string, MemberRef>> {
  const itemKeys = references.map((r) => keys.resource(tenant, r.type, r.id));
  const items = await batchGet(db, membershipPatterns.getResourceStates(table, itemKeys));
  const members = new Map<string, MemberRef>();
  for (const item of items) {
    if (item.deleting === true) continue;
    const id = String(item.id);
    const display = displayOf(item.resource as Record<string, unknown> | undefined);
    members.set(id, { id, type: item.type as ResourceKind, ...(display === undefined ? {} : { display }) });
  }
  return members;
}

function displayOf(resource: Record<string, unknown> | undefined): string | undefined {
  const name = resource?.displayName ?? resource?.userName;
  return typeof name === 'string' && name !== '' ? name.slice(0, MAX_DISPLAY_LENGTH) : undefined;
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
