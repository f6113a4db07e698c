import { ScimError } from '../scim/scim-error';
import type { StartKey } from '../storage/paginate';
import type { ResourceStore } from '../storage/resource-store';

/**
 * The most Query pages `countActive` reads by default. A page is at most 1 MB (DynamoDB's limit), so about
 * a thousand users of ~1 KB each: the default counts tenants up to ~100,000 users.
 */
export const COUNT_ACTIVE_MAX_PAGES = 100;

/**
 * How many of a tenant's users have `active` true (RFC 7643 §4.1.1), for seat billing. No counter keeps
 * this (the table counts users, not active ones): the tenant's users are read, a 1 MB Query page at a time
 * (strongly consistent: 256 read units per full page), so the cost grows with the tenant. At most
 * `maxPages` pages are read: a tenant with more is a 400 `tooMany` rather than a count that is too low.
 * Users being deleted are not counted.
 */
export async function countActiveUsers(
  users: ResourceStore,
  tenant: string,
  maxPages: number = COUNT_ACTIVE_MAX_PAGES,
): Promise<number> {
  let active = 0;
  let startKey: StartKey;
  for (let pages = 0; pages < maxPages; pages++) {
    const page = await users.page(tenant, startKey);
    active += page.resources.filter((stored) => stored.resource.active === true).length;
    startKey = page.lastEvaluatedKey;
    if (startKey === undefined) return active;
  }
  throw ScimError.badRequest('tooMany', `The tenant has more users than ${maxPages} pages: raise maxPages`);
}
