import type { ScimRequest } from '../http/scim-request';
import { ifMatchAdmits, type ResourceState } from '../scim/representation';
import type { WriteOutcome } from '../scim/resource-store-port';
import { ScimError } from '../scim/scim-error';
import { loadResource } from './load-resource';
import type { ResourceContext } from './resource-context';

/** How often a write is retried when another request changed the resource in between. */
const MAX_WRITE_ATTEMPTS = 8;

/** What a write made of the resource as read: a store's outcome, or nothing to write (RFC 7644 §3.5.2.1). */
export type UpdateOutcome = WriteOutcome | 'unchanged';

/**
 * Read, change, write if the version is unchanged; retried when another request won the race (`write`
 * computes everything again from the resource as just read: a change computed from a stale read would undo
 * that request's). With If-Match the client asked for one specific version, so a lost race is its 412.
 * `alreadyRead` is the resource as the caller already read it, saving the first read.
 */
export async function updateResource(
  context: ResourceContext,
  request: ScimRequest,
  write: (current: ResourceState) => Promise<UpdateOutcome>,
  alreadyRead?: ResourceState,
): Promise<ResourceState> {
  const ifMatch = request.headers['if-match'];
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const current =
      attempt === 0 && alreadyRead !== undefined ? alreadyRead : await loadResource(context, request);
    if (!ifMatchAdmits(ifMatch, current.version)) throw ScimError.preconditionFailed();
    const outcome = await write(current);
    if (outcome === 'unchanged') return current;
    if (outcome.status === 'written') return outcome.stored;
    if (outcome.status === 'gone')
      throw ScimError.notFound(`${context.resourceType.name} ${current.id} not found`);
    if (ifMatch !== undefined) throw ScimError.preconditionFailed();
  }
  const what = context.resourceType.id === 'Group' ? 'group' : 'resource';
  throw new ScimError(409, `The ${what} was modified concurrently; retry the request`);
}
