import { type AdminOptions, failure, notFound, type RemainingTime, success } from './admin-context';
import type { AdminResponse, RequestOf } from './admin-request';

/** Pages of users one `tenants reindex` call writes at most (500 users each): bounded work per call. */
export const REINDEX_PAGES_PER_CALL = 20;
/** Time kept back in the admin function for answering: no page starts with less left. */
const REINDEX_RESERVE_MS = 10_000;

/**
 * `tenants reindex <tenant> [--from <id>]`: writes the email items of the tenant's users (EmailReindex), so
 * that users stored before email matching existed are found by it. Bounded per call; when users remain it
 * answers `next`, the id to go on from (`--from`), and can be run again any time: the writes are idempotent.
 */
export async function reindexTenant(
  options: AdminOptions,
  request: RequestOf<'reindexTenant'>,
  remaining?: RemainingTime,
): Promise<AdminResponse> {
  const { reindex } = options;
  if (reindex === undefined) return failure('InvalidRequest', 'This admin function has no data table');
  const { tenantId } = request;
  if ((await options.tokens.getTenant(tenantId)) === undefined) return notFound(tenantId);
  let after = request.from;
  let users = 0;
  let addresses = 0;
  for (let pages = 1; ; pages++) {
    const page = await reindex.page(tenantId, after);
    users += page.users;
    addresses += page.addresses;
    after = page.next;
    if (after === undefined) return success({ tenantId, users, addresses, done: true });
    const outOfTime = remaining !== undefined && remaining() < REINDEX_RESERVE_MS;
    if (pages >= REINDEX_PAGES_PER_CALL || outOfTime)
      return success({ tenantId, users, addresses, done: false, next: after });
  }
}
