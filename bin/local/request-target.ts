import type { IncomingMessage } from 'node:http';
import { matchRoute, type RouteMatch, SCIM_BASE_PATH } from '../../functions/http/route-table';
import { ScimError } from '../../functions/scim/scim-error';

/** What a request names: its URL, its percent-decoded path, and the route that path falls on. */
export interface RequestTarget {
  readonly url: URL;
  readonly path: string;
  readonly match: RouteMatch;
}

/**
 * The request's path, percent-decoded. A `#` in a request-target is no fragment (RFC 9112 §3.2: clients
 * never send one), so it stays part of the path and can only make an id that names nothing. A malformed
 * percent-encoding names no resource either: 404, not the 500 of a URIError.
 */
function pathOf(url: URL): string {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    throw ScimError.notFound(`No resource at ${url.pathname}`);
  }
}

/** The route of a request below the SCIM base, as API Gateway matches it; 404 for any other path. */
export function requestTarget(request: IncomingMessage): RequestTarget {
  const url = new URL((request.url ?? '/').replaceAll('#', '%23'), 'http://localhost');
  const path = pathOf(url);
  const below = path.startsWith(`${SCIM_BASE_PATH}/`) ? path.slice(SCIM_BASE_PATH.length) : undefined;
  const match = below === undefined ? undefined : matchRoute(below);
  if (match === undefined) throw ScimError.notFound(`No resource at ${path}`);
  return { url, path, match };
}
