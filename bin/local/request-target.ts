import type { IncomingMessage } from 'node:http';
import { matchRoute, type RouteMatch, SCIM_BASE_PATH } from '../../functions/http/route-table';
import { TOKEN_PATH } from '../../functions/oauth/token-path';
import { ScimError } from '../../functions/scim/scim-error';

interface TargetBase {
  readonly url: URL;
  /** The request's path, percent-decoded. */
  readonly path: string;
  /** The API Gateway resource the path falls on: `/scim/v2/Users/{id}`, `/oauth2/token`. */
  readonly resource: string;
}

/** What a request names: a SCIM route (behind the authorizer) or the token endpoint (not behind it). */
export type RequestTarget =
  | (TargetBase & { readonly kind: 'scim'; readonly match: RouteMatch })
  | (TargetBase & { readonly kind: 'token' });

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

/**
 * The route of a request, as API Gateway matches it: below the SCIM base, or TOKEN_PATH when the gateway
 * serves the token endpoint (`withToken`), case-sensitive as API Gateway's paths are, a trailing slash
 * ignored as for the SCIM routes. Any other path is a 404. The method is not checked here: the token
 * endpoint's resource exists whatever the method (local-gateway.ts refuses all but POST as AWS does).
 */
export function requestTarget(request: IncomingMessage, withToken: boolean): RequestTarget {
  const url = new URL((request.url ?? '/').replaceAll('#', '%23'), 'http://localhost');
  const path = pathOf(url);
  if (withToken && path.replace(/\/+$/, '') === TOKEN_PATH) {
    return { kind: 'token', url, path, resource: TOKEN_PATH };
  }
  // Matched on the path as sent, segment by segment, and only then decoded, as API Gateway does: an encoded
  // slash (`/Users/<id>%2F`) is part of the id, which then names nothing (404), never a trailing slash.
  const raw = url.pathname;
  const below =
    raw === SCIM_BASE_PATH || raw.startsWith(`${SCIM_BASE_PATH}/`)
      ? raw.slice(SCIM_BASE_PATH.length)
      : undefined;
  const encoded = below === undefined ? undefined : matchRoute(below);
  if (encoded === undefined) throw ScimError.notFound(`No resource at ${path}`);
  const match = { route: encoded.route, pathParameters: decodedValues(encoded.pathParameters) };
  return { kind: 'scim', url, path, resource: `${SCIM_BASE_PATH}${match.route.path}`, match };
}

/** Path parameters as API Gateway gives them to a function: percent-decoded (the whole path decodes). */
function decodedValues(parameters: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(parameters).map(([name, value]) => [name, decodeURIComponent(value)]),
  );
}
