import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { ifMatchAdmits } from '../scim/representation';
import { isResourceId } from '../scim/resource-id';
import { ScimError } from '../scim/scim-error';
import { loadResource } from './load-resource';
import type { ResourceContext } from './resource-context';

/**
 * `DELETE /Resources/{id}`, honouring If-Match; 404 if there is none. The resource is marked first: from
 * then on it is gone for the API and cannot be added to a group; then its memberships (a Group's member
 * items too) are removed, then its own items. A resource already being deleted is marked again, so a
 * retry after an interruption resumes (and, if nobody retries, the next request meeting it does). When the
 * tenant's policy retains deletions, the last step also leaves a tombstone that the reader returns for the
 * policy's days (SCIM never does: the id is a 404 and the name free at once).
 */
export async function deleteResource(context: ResourceContext, request: ScimRequest): Promise<ScimResponse> {
  const { resourceType, store } = context;
  const id = request.pathParameters.id ?? '';
  const ifMatch = request.headers['if-match'];
  let expectedVersion: number | undefined;
  if (ifMatch !== undefined) {
    const current = await loadResource(context, request);
    if (!ifMatchAdmits(ifMatch, current.version)) throw ScimError.preconditionFailed();
    expectedVersion = current.version;
  }
  // The tenant's policy decides whether the delete leaves a tombstone for the reader (retained deletion).
  const deletion = request.policy.deletion;
  const marked = isResourceId(id)
    ? await store.markDeleting(request.tenant, id, {
        deletion,
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
      })
    : undefined;
  if (marked === undefined) {
    if (expectedVersion !== undefined) throw ScimError.preconditionFailed();
    throw ScimError.notFound(`${resourceType.name} ${id} not found`);
  }
  await store.finishDeleting(request.tenant, marked);
  return { status: 204 };
}
