import type { ScimRequest } from '../http/scim-request';
import { evaluateFilter } from '../scim/filter/evaluate-filter';
import { project } from '../scim/projection';
import { type ResourceState, toRepresentation } from '../scim/representation';
import type { ListingPlan } from './plan-list';
import type { ResourceContext } from './resource-context';

/** One listing of one resource type, as representations: what a ListResponse is made from. */
export interface RepresentedPage {
  readonly resources: readonly Record<string, unknown>[];
  /** The cursor resuming after each resource (its id; a root query qualifies it with its type). */
  readonly cursors: readonly string[];
  readonly totalResults?: number;
  /** RFC 9865: where the next page starts, when another page may hold matches. */
  readonly nextCursor?: string;
}

/** A listing's plan executed by the store of its type, and the page represented and projected. */
export async function listPage(
  context: ResourceContext,
  request: ScimRequest,
  { plan, filter, projection }: ListingPlan,
): Promise<RepresentedPage> {
  const { resourceType, store, decorate } = context;
  const { baseUrl } = request;
  const matches = (stored: ResourceState) =>
    filter === undefined || evaluateFilter(filter, toRepresentation(stored, resourceType, baseUrl));
  const listed = await store.list(request.tenant, plan, matches);
  const computed = await decorate(request, listed.resources, projection);
  return {
    resources: listed.resources.map((stored) =>
      project(
        { ...toRepresentation(stored, resourceType, baseUrl), ...computed.get(stored.id) },
        resourceType,
        projection,
      ),
    ),
    cursors: listed.resources.map((stored) => stored.id),
    ...(listed.totalResults === undefined ? {} : { totalResults: listed.totalResults }),
    ...(listed.nextCursor === undefined ? {} : { nextCursor: listed.nextCursor }),
  };
}
