import type { ResourceItem } from './table-design';

/**
 * How long after its mark a DELETE may still be working on a resource. A DELETE runs in a function with a
 * 28-second timeout (lib/scim-api.ts), and Lambda stops a function at its timeout
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html); every DELETE marks again. A
 * mark older than this (twice the timeout, and clock skew) belongs to a DELETE that stopped and was never
 * retried: the next request that meets it finishes that delete, rather than racing one still running.
 */
export const ABANDONED_DELETE_MILLIS = 60_000;

/**
 * Whether the resource is marked as being deleted by a DELETE that stopped (see ABANDONED_DELETE_MILLIS).
 * Whoever finishes it needs not know the tenant's policy: a retained DELETE recorded its tombstone's expiry
 * on the mark (resource-deletion.ts), and finishing writes that tombstone.
 */
export function isAbandoned(item: ResourceItem, now: Date): boolean {
  if (item.deleting !== true) return false;
  const since = item.deletingSince === undefined ? 0 : Date.parse(item.deletingSince);
  return now.getTime() - since >= ABANDONED_DELETE_MILLIS;
}
