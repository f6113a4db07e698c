import type { ResourceState } from '../scim/representation';
import { isResourceId } from '../scim/resource-id';
import type { ListPlan } from '../scim/resource-store-port';
import type { ResourceType } from '../scim/schema/resource-type';
import type { ResourceStore } from '../storage/resource-store';
import { cursorWindow, type PageOptions } from './reader-window';
import { type ReaderPage, type ScimResourceBase, toScimResource } from './scim-resources';

/** A page of a listing with the tenant's count of resources of that kind (from the table's counters). */
export interface ListedResources<T> extends ReaderPage<T> {
  readonly totalResults: number;
}

/** What the reader offers of Users and of Groups alike, in one tenant. */
export interface ResourceReader<T extends ScimResourceBase> {
  /** The tenant's resources in id order, a page at a time (RFC 9865 cursors). */
  list(options?: PageOptions): Promise<ListedResources<T>>;
  /** The resource with this id, or undefined (none, another tenant's, or being deleted). */
  get(id: string): Promise<T | undefined>;
  /** The resources whose externalId is exactly this (RFC 7643 §3.1: case-exact), in id order. */
  findByExternalId(externalId: string): Promise<T[]>;
}

/** The resource holding a unique name (User `userName`, Group `displayName`), case-insensitively. */
export type FindByName<T> = (name: string) => Promise<T | undefined>;

/** The resources with these ids that exist, in id order. */
export type ByIds<T> = (ids: readonly string[]) => Promise<T[]>;

const every = () => true;
/** A lookup reads only the keys it names, so its window holds all it finds. */
const ALL = { by: 'index', startIndex: 1, count: Number.MAX_SAFE_INTEGER } as const;

/**
 * Users or Groups of one tenant, read through the store's list plans: the same reads (and the same
 * leaving out of resources being deleted) as the endpoint's GET. Only the store's read methods are used;
 * `get` is a lookup by id, not the store's `get`, which would finish an abandoned DELETE (a write).
 */
export function resourceReader<T extends ScimResourceBase>(
  store: ResourceStore,
  resourceType: ResourceType,
  tenant: string,
  baseUrl: string | undefined,
): ResourceReader<T> & { readonly findByName: FindByName<T>; readonly byIds: ByIds<T> } {
  const scim = (page: { readonly resources: readonly ResourceState[] }) =>
    page.resources.map((state) => toScimResource(state, resourceType, baseUrl) as T);
  const lookUp = async (
    by: Partial<Pick<Extract<ListPlan, { read: 'lookup' }>, 'ids' | 'names' | 'externalIds'>>,
  ) =>
    scim(
      await store.list(
        tenant,
        { read: 'lookup', ids: [], names: [], externalIds: [], emails: [], ...by, window: ALL },
        every,
      ),
    );
  return {
    async list(options) {
      const plan: ListPlan = { read: 'scan', window: cursorWindow(options), everyResourceMatches: true };
      const page = await store.list(tenant, plan, every);
      return {
        resources: scim(page),
        totalResults: page.totalResults ?? 0,
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      };
    },
    // Only ids this server issues name a resource (as the endpoint's plan keeps only those).
    get: async (id) => (isResourceId(id) ? (await lookUp({ ids: [id] }))[0] : undefined),
    findByExternalId: (externalId) => lookUp({ externalIds: [externalId] }),
    findByName: async (name) => (await lookUp({ names: [name] }))[0],
    byIds: (ids) => lookUp({ ids: ids.filter(isResourceId) }),
  };
}
