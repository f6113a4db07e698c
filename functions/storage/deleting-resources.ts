/**
 * Which resources of some committed changes are being deleted, or are gone: what the event builder asks
 * (`BuildOptions.deleting`) to tell a membership removed by a group's or member's DELETE, which emits
 * nothing (the deletion is the event), from one removed by a PATCH. The builder sees the deletes of its own
 * batch; a DELETE whose marking committed in an earlier batch is only in the table.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CommittedChange } from '../events/committed-change';
import type { ResourceKind } from '../scim/schema/resource-type';
import { batchGet } from './batch-retry';
import { keys, membershipPatterns } from './table-design';

type Deleting = (tenantId: string, id: string) => boolean;

const idKey = (tenantId: string, id: string) => `${tenantId}/${id}`;

/**
 * The groups and members of the changes' membership changes, read with strongly consistent BatchGetItems
 * of ids, types and marks only (one per tenant: the projection has no key, so ids are matched within their
 * tenant): a resource marked `deleting`, or no longer there, is being deleted.
 */
export async function deletingResources(
  db: DynamoDBDocumentClient,
  table: string,
  changes: readonly CommittedChange[],
): Promise<Deleting> {
  const concerned = new Map<string, Map<string, ResourceKind>>();
  for (const change of changes) {
    if (change.kind !== 'membership') continue;
    const ofTenant = concerned.get(change.tenantId) ?? new Map<string, ResourceKind>();
    ofTenant.set(change.groupId, 'Group');
    ofTenant.set(change.member.id, change.member.type);
    concerned.set(change.tenantId, ofTenant);
  }
  const deleting = new Set<string>();
  for (const [tenantId, resources] of concerned) {
    const itemKeys = [...resources].map(([id, kind]) => keys.resource(tenantId, kind, id));
    const items = await batchGet(db, membershipPatterns.getResourceStates(table, itemKeys));
    const live = new Set(items.flatMap((item) => (item.deleting === true ? [] : [String(item.id)])));
    for (const id of resources.keys()) if (!live.has(id)) deleting.add(idKey(tenantId, id));
  }
  return (tenantId, id) => deleting.has(idKey(tenantId, id));
}
