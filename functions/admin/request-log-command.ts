import { type AdminOptions, failure, notFound, success } from './admin-context';
import type { AdminResponse, RequestOf } from './admin-request';

/** Lines one `logs` call returns at most: its answer stays far within Lambda's 6 MB response. */
export const REQUEST_LOG_PAGE = 500;

/**
 * `logs <tenant>` on a deployed stack: a page of the tenant's request log (docs/request-log.md) from `since`
 * on, oldest first, and where the next page starts (`next`, the sort key of the last line) when there may
 * be more. The CLI filters and prints them (bin/admin/logs-list.ts).
 */
export async function listRequestLog(
  options: AdminOptions,
  request: RequestOf<'listRequestLog'>,
): Promise<AdminResponse> {
  const { requestLog } = options;
  if (requestLog === undefined) return failure('InvalidRequest', 'This admin function has no data table');
  const { tenantId } = request;
  if ((await options.tokens.getTenant(tenantId)) === undefined) return notFound(tenantId);
  const page = await requestLog.page(tenantId, new Date(request.since), REQUEST_LOG_PAGE, request.after);
  return success({ lines: page.lines, ...(page.next === undefined ? {} : { next: page.next }) });
}
