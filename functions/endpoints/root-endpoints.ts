import type { Endpoints } from '../http/scim-handler';
import { parseListQuery, parseSearchRequest } from '../scim/list-request';
import type { ResourceContext } from './resource-context';
import { rootQuery } from './root-query';

/**
 * The server root's queries, RFC 7644 §3.4.2.1 (`GET /scim/v2?filter=…`) and §3.4.3 (`POST
 * /scim/v2/.search`), across the resource types of `contexts`. The root route is `''` (route-table.ts).
 */
export function rootEndpoints(contexts: readonly ResourceContext[]): Endpoints {
  return {
    '': { GET: (request) => rootQuery(contexts, request, parseListQuery(request.query)) },
    '/.search': { POST: (request) => rootQuery(contexts, request, parseSearchRequest(request.body)) },
  };
}
