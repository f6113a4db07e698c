import { isResourceId } from '../scim/resource-id';
import type { ResourceType } from '../scim/schema/resource-type';
import type { TombstoneItem } from '../storage/table-design';
import type { TombstoneReads } from '../storage/tombstone-reads';
import { type ReaderPage, type ScimResourceBase, toScimResource } from './scim-resources';

/**
 * A resource deleted while its tenant's policy retained deletions, as it was when deleted, until its
 * retention ends (`purgeAfter`). The endpoint never shows it (a 404, its name free at once); only the
 * reader does.
 */
export interface DeletedResource<T extends ScimResourceBase> {
  /** The resource as the endpoint returned it before the DELETE (its last version). */
  readonly resource: T;
  /** When the DELETE removed it from the endpoint. */
  readonly deletedAt: string;
  /** When its retention ends: from then on it is gone from the reader too, and DynamoDB's TTL deletes it. */
  readonly purgeAfter: string;
  /** A User's direct groups when the DELETE began (ids, at most 1,000). */
  readonly groups?: readonly string[];
  /** Set when the user was in more groups than `groups` holds. */
  readonly groupsTruncated?: true;
}

/** The deleted resources of one tenant and type, as the reader returns them. */
export interface DeletedReader<T extends ScimResourceBase> {
  get(id: string): Promise<DeletedResource<T> | undefined>;
  list(window: {
    readonly after: string | undefined;
    readonly limit: number;
  }): Promise<ReaderPage<DeletedResource<T>>>;
}

export function deletedReader<T extends ScimResourceBase>(
  tombstones: TombstoneReads,
  tenant: string,
  resourceType: ResourceType,
  baseUrl: string | undefined,
): DeletedReader<T> {
  const scim = (item: TombstoneItem): DeletedResource<T> => ({
    resource: toScimResource(item, resourceType, baseUrl) as T,
    deletedAt: item.deletedAt,
    purgeAfter: new Date(item.expiresAt * 1000).toISOString(),
    ...(item.groups === undefined ? {} : { groups: item.groups }),
    ...(item.groupsTruncated === true ? { groupsTruncated: true as const } : {}),
  });
  const kind = resourceType.id;
  return {
    get: async (id) => {
      const item = isResourceId(id) ? await tombstones.get(tenant, kind, id) : undefined;
      return item === undefined ? undefined : scim(item);
    },
    // One more than the page is read, to tell whether another page exists.
    list: async ({ after, limit }) => {
      const found = await tombstones.page(tenant, kind, after, limit + 1);
      const resources = found.slice(0, limit).map(scim);
      const last = found[limit - 1];
      return found.length > limit && last !== undefined ? { resources, nextCursor: last.id } : { resources };
    },
  };
}
