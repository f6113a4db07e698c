import type { Filter } from '../scim/filter/filter-ast';
import { indexedLookup } from '../scim/filter/indexed-lookup';
import { parseFilter } from '../scim/filter/parse-filter';
import type { ListRequest } from '../scim/list-request';
import { type Projection, parseProjection } from '../scim/projection';
import { isResourceId } from '../scim/resource-id';
import type { ListPlan, ListWindow } from '../scim/resource-store-port';
import { type ResourceType, UNIQUE_ATTRIBUTE } from '../scim/schema/resource-type';
import { ScimError } from '../scim/scim-error';

/** A bound on the items one cursor page examines, so that a rare match never means reading the whole tenant. */
export const MAX_ITEMS_EXAMINED_PER_CURSOR_PAGE = 5_000;

/** How a listing is answered: what the store reads (`plan`), what it keeps (`filter`), what is returned. */
export interface ListingPlan {
  readonly plan: ListPlan;
  readonly filter: Filter | undefined;
  readonly projection: Projection;
}

/**
 * The plan of a listing (RFC 7644 §3.4.2, RFC 9865 cursors): a pure function of the request. A filter
 * whose matches are all found by key (`userName eq`, `externalId eq`, `id eq`, an email, and their `or`) reads those
 * keys only; any other listing scans the tenant in id order.
 */
export function planList(resourceType: ResourceType, query: ListRequest): ListingPlan {
  const filter = query.filter === undefined ? undefined : parseFilter(query.filter, resourceType);
  const projection = parseProjection(resourceType, query);
  const window = windowOf(query);
  const lookups = filter === undefined ? undefined : indexedLookup(filter, UNIQUE_ATTRIBUTE[resourceType.id]);
  if (lookups !== undefined) {
    const values = (by: string) => lookups.filter((lookup) => lookup.by === by).map((lookup) => lookup.value);
    return {
      plan: {
        read: 'lookup',
        ids: values('id').filter(isResourceId),
        names: values('name'),
        externalIds: values('externalId'),
        emails: values('email'),
        window,
      },
      filter,
      projection,
    };
  }
  const bound = window.by === 'cursor' ? { maxExamined: MAX_ITEMS_EXAMINED_PER_CURSOR_PAGE } : {};
  return {
    plan: { read: 'scan', window, everyResourceMatches: filter === undefined, ...bound },
    filter,
    projection,
  };
}

/** The page asked for; a cursor that is not one of ours (an id) is a 400 `invalidCursor`. */
function windowOf({ cursor, startIndex, count }: ListRequest): ListWindow {
  if (cursor === undefined) return { by: 'index', startIndex, count };
  if (cursor !== '' && !isResourceId(cursor))
    throw ScimError.badRequest('invalidCursor', 'The cursor is not valid');
  return { by: 'cursor', after: cursor === '' ? undefined : cursor, count };
}
