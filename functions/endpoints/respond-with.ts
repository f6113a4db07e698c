import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { parseProjection, project } from '../scim/projection';
import { etagOf, locationOf, type ResourceState, toRepresentation } from '../scim/representation';
import type { ResourceContext } from './resource-context';

/**
 * A response carrying one resource, projected as the request asks, with its ETag, its Location and its
 * Content-Location, both equal to `meta.location` (RFC 7643 §3.1: "the value of the Content-Location header
 * MUST be the same as the value of the location attribute"; RFC 7644 §3.3 gives a 201 its Location).
 * `extra` replaces the computed attributes when the caller already has them.
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
  const location = locationOf(request.baseUrl, resourceType, stored.id);
  return {
    status,
    body: project(
      { ...toRepresentation(stored, resourceType, request.baseUrl), ...computed },
      resourceType,
      projection,
    ),
    headers: { ETag: etagOf(stored.version), Location: location, 'Content-Location': location },
  };
}
