import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { parseProjection, project } from '../scim/projection';
import { etagOf, type ResourceState, toRepresentation } from '../scim/representation';
import type { ResourceContext } from './resource-context';

/**
 * A response carrying one resource, projected as the request asks, with its ETag (and its Location for a
 * 201). `extra` replaces the computed attributes when the caller already has them.
 */
export async function respondWith(
  { resourceType, decorate }: ResourceContext,
  request: ScimRequest,
  stored: ResourceState,
  status: number,
  extra?: Record<string, unknown>,
): Promise<ScimResponse> {
  const projection = parseProjection(resourceType, request.query);
  const computed = extra ?? (await decorate(request, [stored], projection)).get(stored.id);
  const location = `${request.baseUrl}${resourceType.endpoint}/${stored.id}`;
  return {
    status,
    body: project(
      { ...toRepresentation(stored, resourceType, request.baseUrl), ...computed },
      resourceType,
      projection,
    ),
    headers: { ETag: etagOf(stored.version), ...(status === 201 ? { Location: location } : {}) },
  };
}
