import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import type { ListRequest } from '../scim/list-request';
import { isResourceId } from '../scim/resource-id';
import type { ListWindow } from '../scim/resource-store-port';
import { ScimError } from '../scim/scim-error';
import { listPage, type RepresentedPage } from './list-page';
import { pageResponse } from './page-response';
import { type ListingPlan, planList } from './plan-list';
import type { ResourceContext } from './resource-context';

/** A resource type's listing in a root query: its context and plan. */
interface TypeListing {
  readonly context: ResourceContext;
  readonly listing: ListingPlan;
}

/**
 * A query at the server root (RFC 7644 §3.4.2.1, `GET /?filter=…`, and §3.4.3, `POST /.search`): the
 * resources of every type in `contexts`, one type after the other (Users, then Groups), paged as if
 * they were one list. totalResults is the sum. A filter that names an attribute one type does not have
 * matches none of that type's resources (userName finds users only); a filter every type refuses is the
 * first type's error, as its own endpoint would answer.
 */
export async function rootQuery(
  contexts: readonly ResourceContext[],
  request: ScimRequest,
  query: ListRequest,
): Promise<ScimResponse> {
  const listings = planEach(contexts, { ...query, ...(query.cursor === undefined ? {} : { cursor: '' }) });
  if (query.cursor === undefined) {
    const window: ListWindow = { by: 'index', startIndex: query.startIndex, count: query.count };
    return pageResponse(await byIndex(listings, request, window), window);
  }
  const window: ListWindow = { by: 'cursor', after: query.cursor, count: query.count };
  return pageResponse(await byCursor(listings, request, query.cursor, query.count), window);
}

/** Each type's plan, leaving out a type the query cannot apply to; a query none can apply to is refused. */
function planEach(contexts: readonly ResourceContext[], query: ListRequest): TypeListing[] {
  const refusals: ScimError[] = [];
  const listings: TypeListing[] = [];
  for (const context of contexts) {
    try {
      listings.push({ context, listing: planList(context.resourceType, query) });
    } catch (error) {
      if (!(error instanceof ScimError) || error.status !== 400) throw error;
      refusals.push(error);
    }
  }
  if (listings.length === 0 && refusals[0] !== undefined) throw refusals[0];
  return listings;
}

const withWindow = (listing: ListingPlan, window: ListWindow): ListingPlan => ({
  ...listing,
  plan: { ...listing.plan, window },
});

/**
 * Index paging over the types in order: each type's page starts where the window, less the types before
 * it, falls in it, and takes what the window has left; a type past the window is still read for its total.
 */
async function byIndex(
  listings: readonly TypeListing[],
  request: ScimRequest,
  window: { startIndex: number; count: number },
) {
  const resources: Record<string, unknown>[] = [];
  let before = 0;
  for (const { context, listing } of listings) {
    const startIndex = Math.max(1, window.startIndex - before);
    const count = window.count - resources.length;
    const page = await listPage(context, request, withWindow(listing, { by: 'index', startIndex, count }));
    resources.push(...page.resources);
    before += page.totalResults ?? 0;
  }
  return { resources, cursors: [], totalResults: before };
}

/**
 * Cursor paging over the types in order. A root cursor names its type (`Users:<id>`, `Groups:` for the
 * start of the groups), so that the next page resumes in the right listing; the empty cursor starts
 * with the first type.
 */
async function byCursor(
  listings: readonly TypeListing[],
  request: ScimRequest,
  cursor: string,
  count: number,
): Promise<RepresentedPage> {
  let { at, after } = parseRootCursor(listings, cursor);
  const resources: Record<string, unknown>[] = [];
  const cursors: string[] = [];
  for (; at < listings.length; at++, after = undefined) {
    const { context, listing } = listings[at] as TypeListing;
    const name = context.resourceType.name;
    const left = count - resources.length;
    const page = await listPage(context, request, withWindow(listing, { by: 'cursor', after, count: left }));
    resources.push(...page.resources);
    cursors.push(...page.cursors.map((id) => `${name}:${id}`));
    if (page.nextCursor !== undefined)
      return { resources, cursors, nextCursor: `${name}:${page.nextCursor}` };
    const next = listings[at + 1];
    if (resources.length >= count && next !== undefined)
      return { resources, cursors, nextCursor: `${next.context.resourceType.name}:` };
  }
  return { resources, cursors };
}

/** The listing a root cursor resumes in, and after which resource; a cursor not of ours is `invalidCursor`. */
function parseRootCursor(listings: readonly TypeListing[], cursor: string) {
  if (cursor === '') return { at: 0, after: undefined };
  const colon = cursor.indexOf(':');
  const name = cursor.slice(0, colon);
  const id = cursor.slice(colon + 1);
  const at = listings.findIndex((l) => l.context.resourceType.name === name);
  if (colon < 0 || at < 0 || (id !== '' && !isResourceId(id)))
    throw ScimError.badRequest('invalidCursor', 'The cursor is not valid');
  return { at, after: id === '' ? undefined : id };
}
