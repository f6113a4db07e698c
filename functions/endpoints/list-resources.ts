import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import type { ListRequest } from '../scim/list-request';
import { listPage } from './list-page';
import { pageResponse } from './page-response';
import { planList } from './plan-list';
import type { ResourceContext } from './resource-context';

/** `GET /Resources` and `POST /Resources/.search`: the plan executed by the store, the page projected. */
export async function listResources(
  context: ResourceContext,
  request: ScimRequest,
  query: ListRequest,
): Promise<ScimResponse> {
  const listing = planList(context.resourceType, query);
  const page = await listPage(context, request, listing);
  return pageResponse(page, listing.plan.window);
}
