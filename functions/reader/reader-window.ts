import { isResourceId } from '../scim/resource-id';
import type { ListWindow } from '../scim/resource-store-port';
import { ScimError } from '../scim/scim-error';

/** Where a page starts (the previous page's `nextCursor`; none for the first) and how many it holds. */
export interface PageOptions {
  readonly cursor?: string;
  readonly limit?: number;
}

/** A page's size unless asked otherwise, and the most one page holds. */
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1_000;

/**
 * The cursor window of a page (RFC 9865). A cursor is the id of the last resource (or member) of the
 * previous page, so anything that is not an id is no cursor of ours: a 400 `invalidCursor`, as on the
 * endpoint; a limit outside 1…MAX_PAGE_LIMIT is a 400 `invalidCount`.
 */
export function cursorWindow({
  cursor,
  limit = DEFAULT_PAGE_LIMIT,
}: PageOptions = {}): Extract<ListWindow, { by: 'cursor' }> {
  if (cursor !== undefined && !isResourceId(cursor)) {
    throw ScimError.badRequest('invalidCursor', 'The cursor is not valid');
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw ScimError.badRequest('invalidCount', `The limit must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
  }
  return { by: 'cursor', after: cursor, count: limit };
}
