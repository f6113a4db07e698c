import { ERROR_CATALOGUE } from '../scim/error-catalogue';
import { ScimError } from '../scim/scim-error';
import type { TenantPolicy } from '../scim/tenant-policy';
import { ROUTES } from './route-table';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The routes of the resource functions (Users, Groups); discovery writes nothing. */
const RESOURCE_ROUTES = new Set(ROUTES.filter((r) => r.function !== 'discovery').map((r) => r.path));

/**
 * Whether a request of `method` on `route` (below the SCIM base, as ROUTES names it) writes: POST, PUT,
 * PATCH and DELETE on Users and Groups, except POST `/.search`, which is a query (RFC 7644 §3.4.3).
 */
export function isWrite(method: string, route: string): boolean {
  return WRITES.has(method) && RESOURCE_ROUTES.has(route) && !route.endsWith('/.search');
}

/**
 * Refuses a write of a paused tenant with the catalogue's 503 and Retry-After, before the endpoint runs,
 * so nothing is written; reads go on. The policy is the authorizer's, at most its cache TTL old.
 */
export function refusePausedWrite(policy: TenantPolicy, method: string, route: string): void {
  if (policy.paused && isWrite(method, route)) throw ScimError.from(ERROR_CATALOGUE.tenantPaused);
}
