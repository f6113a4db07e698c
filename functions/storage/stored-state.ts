import { foldCase } from '../scim/filter/fold-case';
import type { ResourceState } from '../scim/representation';
import type { ScimResource } from '../scim/schema/resource-schema';
import { type ResourceKind, UNIQUE_ATTRIBUTE } from '../scim/schema/resource-type';
import type { ResourceIdentity, ResourceItem } from './table-design';

/** A resource item's state, without its keys and marks. */
export function toStored(item: ResourceItem): ResourceState {
  return {
    id: item.id,
    version: item.version,
    created: item.created,
    lastModified: item.lastModified,
    resource: item.resource,
  };
}

/** What a resource's uniqueness and lookup items are derived from: its folded unique name, its externalId. */
export function resourceIdentity(kind: ResourceKind, id: string, resource: ScimResource): ResourceIdentity {
  const name = resource[UNIQUE_ATTRIBUTE[kind]];
  const externalId = resource.externalId;
  return {
    kind,
    id,
    foldedName: foldCase(typeof name === 'string' ? name : ''),
    externalId: typeof externalId === 'string' ? externalId : undefined,
  };
}
