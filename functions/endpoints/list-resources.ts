import { LAMBDA_PAYLOAD_LIMITS, payloadBytes } from '../http/lambda-payload';
import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { evaluateFilter } from '../scim/filter/evaluate-filter';
import type { ListRequest } from '../scim/list-request';
import { listResponse } from '../scim/list-response';
import { project } from '../scim/projection';
import { type ResourceState, toRepresentation } from '../scim/representation';
import { planList } from './plan-list';
import type { ResourceContext } from './resource-context';

/**
 * The bytes a page's resources may take in Lambda's response payload: its 6 MB limit (6291556 bytes,
 * LAMBDA_PAYLOAD_LIMITS) applies to the JSON of the proxy result, in which the page's JSON is a string, so
 * each resource is measured as it is there (payloadBytes: exact, escaping included; a value full of
 * control characters takes 7 bytes a character). 64 KiB are left for the rest, which is under 1 KiB: the
 * ListResponse envelope (schemas, totalResults, itemsPerPage, startIndex, nextCursor), the status code and
 * the headers. A page of users of about 89 KB each (issue 9) ends after about 70 of them.
 */
const PAGE_BUDGET_BYTES = LAMBDA_PAYLOAD_LIMITS.responseBytes - 64 * 1024;

/**
 * How many of `resources` a page carries: all of them, or those before the first that would take the page
 * over its budget (RFC 7644 §3.4.2.4: itemsPerPage may be below count, and the client asks for the next
 * page from startIndex + itemsPerPage or from nextCursor). Never none, so that paging always advances: one
 * resource is far below the budget (LIMITS.resourceBytes, plus a Group's members, see group-endpoints.ts).
 */
function fittingCount(resources: readonly unknown[]): number {
  let bytes = 0;
  for (const [index, resource] of resources.entries()) {
    // Each resource after the first is preceded by a comma.
    bytes += payloadBytes(JSON.stringify(resource)) + (index === 0 ? 0 : 1);
    if (bytes > PAGE_BUDGET_BYTES) return Math.max(1, index);
  }
  return resources.length;
}

/** `GET /Resources` and `POST /Resources/.search`: the plan executed by the store, the page projected. */
export async function listResources(
  context: ResourceContext,
  request: ScimRequest,
  query: ListRequest,
): Promise<ScimResponse> {
  const { resourceType, store, decorate } = context;
  const { baseUrl } = request;
  const { plan, filter, projection } = planList(resourceType, query);
  const matches = (stored: ResourceState) =>
    filter === undefined || evaluateFilter(filter, toRepresentation(stored, resourceType, baseUrl));
  const listed = await store.list(request.tenant, plan, matches);
  const paging = {
    ...(listed.totalResults === undefined ? {} : { totalResults: listed.totalResults }),
    ...(plan.window.by === 'index' ? { startIndex: plan.window.startIndex } : {}),
    ...(listed.nextCursor === undefined ? {} : { nextCursor: listed.nextCursor }),
  };
  const computed = await decorate(request, listed.resources, projection);
  const resources = listed.resources.map((stored) =>
    project(
      { ...toRepresentation(stored, resourceType, baseUrl), ...computed.get(stored.id) },
      resourceType,
      projection,
    ),
  );
  const fitting = fittingCount(resources);
  if (fitting === resources.length) return { status: 200, body: listResponse({ resources, ...paging }) };
  // Ended early where its size budget runs out: by cursor, resumed from there.
  const last = listed.resources[fitting - 1] as ResourceState;
  return {
    status: 200,
    body: listResponse({
      resources: resources.slice(0, fitting),
      ...paging,
      ...(query.cursor === undefined ? {} : { nextCursor: last.id }),
    }),
  };
}
