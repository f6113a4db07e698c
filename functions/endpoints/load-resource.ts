import type { ScimRequest } from '../http/scim-request';
import type { ResourceState } from '../scim/representation';
import { isResourceId } from '../scim/resource-id';
import { ScimError } from '../scim/scim-error';
import type { ResourceContext } from './resource-context';

/** The resource named by the path, or 404. */
export async function loadResource(
  { resourceType, store }: ResourceContext,
  request: ScimRequest,
): Promise<ResourceState> {
  const id = request.pathParameters.id ?? '';
  const stored = isResourceId(id) ? await store.get(request.tenant, id) : undefined;
  if (stored === undefined) throw ScimError.notFound(`${resourceType.name} ${id} not found`);
  return stored;
}
