import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { etagOf, ifMatchAdmits, locationOf } from '../scim/representation';
import { loadResource } from './load-resource';
import type { ResourceContext } from './resource-context';
import { respondWith } from './respond-with';

/** `GET /Resources/{id}`, answering 304 to a matching If-None-Match. */
export async function getResource(context: ResourceContext, request: ScimRequest): Promise<ScimResponse> {
  const stored = await loadResource(context, request);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifMatchAdmits(ifNoneMatch, stored.version)) {
    // RFC 7232 §4.1: a 304 carries the Content-Location and ETag that a 200 would have.
    const location = locationOf(request.baseUrl, context.resourceType, stored.id);
    return { status: 304, headers: { ETag: etagOf(stored.version), 'Content-Location': location } };
  }
  return respondWith(context, request, stored, 200);
}
