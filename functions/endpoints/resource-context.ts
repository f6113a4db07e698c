import type { ScimRequest } from '../http/scim-request';
import type { Projection } from '../scim/projection';
import type { ResourceState } from '../scim/representation';
import type { ResourceStorePort } from '../scim/resource-store-port';
import type { ResourceType } from '../scim/schema/resource-type';

/**
 * Attributes computed from other items (User.groups, Group.members), added to the representations of a
 * page of resources when the projection returns them. Keyed by resource id.
 */
export type Decorate = (
  request: ScimRequest,
  resources: readonly ResourceState[],
  projection: Projection,
) => Promise<ReadonlyMap<string, Record<string, unknown>>>;

/** What the operations of one resource type work with: the type, its store, and its computed attributes. */
export interface ResourceContext {
  readonly resourceType: ResourceType;
  readonly store: ResourceStorePort;
  readonly decorate: Decorate;
}
