import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { etagOf, ifMatchAdmits } from '../scim/representation';
import { loadResource } from './load-resource';
import type { ResourceContext } from './resource-context';
import { respondWith } from './respond-with';

/** `GET /Resources/{id}`, answering 304 to a matching If-None-Match. */
export async function getResource(context: ResourceContext, request: ScimRequest): Promise<ScimResponse> {
  const stored = await loadResource(context, request);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifMatchAdmits(ifNoneMatch, stored.version)) {
    return { status: 304, headers: { ETag: etagOf(stored.version) } };
  }
  return respondWith(context, request, stored, 200);
}
