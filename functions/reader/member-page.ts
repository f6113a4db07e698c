import type { MemberRef } from '../scim/resource-store-port';
import type { DataClient } from '../storage/dynamo-stores';
import { readPage } from '../storage/paginate';
import { resolveMembers } from '../storage/resolve-members';
import { keys, type MembershipItem, membershipPatterns } from '../storage/table-design';
import type { ReaderPage, ScimMember } from './scim-resources';

/**
 * One page of a group's members in member-id order, after the member `after` (the cursor: the last member
 * id of the previous page). The store's own member pages have no start point, so this reads the same query
 * (membershipPatterns.queryMembers) from one. One item more than the page is read to tell whether another
 * page exists. Members that no longer exist (a DELETE whose sweep of gsi1 missed them) are left out, as the
 * endpoint does, but not removed: the reader never writes.
 */
export async function readMemberPage(
  db: DataClient,
  table: string,
  tenant: string,
  groupId: string,
  window: { readonly after: string | undefined; readonly limit: number },
): Promise<ReaderPage<ScimMember>> {
  const request = membershipPatterns.queryMembers(table, tenant, groupId, window.limit + 1);
  const startKey = window.after === undefined ? undefined : keys.membership(tenant, groupId, window.after);
  const { items } = await readPage(db, request, startKey);
  const recorded = items.slice(0, window.limit).map((item) => memberOf(item as MembershipItem));
  const last = recorded[recorded.length - 1];
  const { found } = await resolveMembers(db, table, tenant, recorded);
  const live = new Set(found.map((member) => member.id));
  const resources = recorded.filter((member) => live.has(member.id)).map(toScimMember);
  return items.length > window.limit && last !== undefined
    ? { resources, nextCursor: last.id }
    : { resources };
}

function memberOf(item: MembershipItem): MemberRef {
  return {
    id: item.sk.slice(keys.memberPrefix.length),
    type: item.memberType,
    ...(item.display === undefined ? {} : { display: item.display }),
  };
}

function toScimMember(member: MemberRef): ScimMember {
  return {
    value: member.id,
    type: member.type,
    ...(member.display === undefined ? {} : { display: member.display }),
  };
}
