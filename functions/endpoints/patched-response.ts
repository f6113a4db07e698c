import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { etagOf, type ResourceState } from '../scim/representation';
import type { ResourceContext } from './resource-context';
import { respondWith } from './respond-with';

/** A PATCH's answer: 204 with the new ETag, or 200 with the resource if the client asked for attributes. */
export function patchedResponse(
  context: ResourceContext,
  request: ScimRequest,
  stored: ResourceState,
): Promise<ScimResponse> | ScimResponse {
  // RFC 7644 §3.5.2 allows 204; Microsoft's reference answers 204 and Entra and Okta accept it. A client
  // that wants the resource back asks for it with `attributes` or `excludedAttributes`.
  if (request.query.attributes !== undefined || request.query.excludedAttributes !== undefined) {
    return respondWith(context, request, stored, 200);
  }
  return { status: 204, headers: { ETag: etagOf(stored.version) } };
}
