import { LAMBDA_PAYLOAD_LIMITS, payloadBytes } from '../http/lambda-payload';
import type { ScimResponse } from '../http/scim-response';
import { listResponse } from '../scim/list-response';
import type { ListWindow } from '../scim/resource-store-port';
import type { RepresentedPage } from './list-page';

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

/** The ListResponse of a page asked for with `window`, ended early where its size budget runs out. */
export function pageResponse(page: RepresentedPage, window: ListWindow): ScimResponse {
  const { resources, cursors, totalResults, nextCursor } = page;
  const paging = {
    totalResults,
    ...(window.by === 'index' ? { startIndex: window.startIndex } : {}),
    nextCursor,
  };
  const fitting = fittingCount(resources);
  if (fitting === resources.length) return { status: 200, body: listResponse({ resources, ...paging }) };
  // Ended early: by cursor, resumed after the last resource returned; by index, from startIndex + itemsPerPage.
  return {
    status: 200,
    body: listResponse({
      resources: resources.slice(0, fitting),
      ...paging,
      nextCursor: window.by === 'cursor' ? cursors[fitting - 1] : undefined,
    }),
  };
}
