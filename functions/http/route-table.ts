/**
 * Every route of the SCIM API under `/scim/v2`, and the function that serves it. The CDK construct creates
 * exactly these API Gateway resources and the local endpoint matches requests against them, so the two
 * cannot drift apart. Methods are dispatched inside each function (which answers 405 for the others).
 */
export type FunctionName = 'users' | 'groups' | 'discovery';

export interface RouteDefinition {
  /** Path below the SCIM base, with API Gateway's `{id}` syntax. */
  readonly path: string;
  readonly function: FunctionName;
}

export const SCIM_BASE_PATH = '/scim/v2';

export const ROUTES: readonly RouteDefinition[] = [
  // The server root (RFC 7644 §3.4.2.1, §3.4.3): `/scim/v2` itself. Served with /Users (root-query.ts).
  { path: '', function: 'users' },
  { path: '/.search', function: 'users' },
  { path: '/Users', function: 'users' },
  { path: '/Users/.search', function: 'users' },
  { path: '/Users/{id}', function: 'users' },
  { path: '/Groups', function: 'groups' },
  { path: '/Groups/.search', function: 'groups' },
  { path: '/Groups/{id}', function: 'groups' },
  { path: '/ServiceProviderConfig', function: 'discovery' },
  { path: '/ResourceTypes', function: 'discovery' },
  { path: '/ResourceTypes/{id}', function: 'discovery' },
  { path: '/Schemas', function: 'discovery' },
  { path: '/Schemas/{id}', function: 'discovery' },
  { path: '/Me', function: 'discovery' },
  { path: '/Bulk', function: 'discovery' },
];

/**
 * Every path API Gateway must serve: the routes, and their lower-case spellings (`/users`), which
 * Microsoft's reference collection uses. Paths are case-sensitive in API Gateway; resource types are not
 * meant to be (RFC 7643 §6 `endpoint` is matched as given by the client).
 */
export function gatewayPaths(): { path: string; function: FunctionName }[] {
  const paths = ROUTES.map((r) => ({ path: r.path, function: r.function }));
  for (const route of ROUTES) {
    const lower = route.path.replace(/\/[A-Za-z]+/g, (segment) => segment.toLowerCase());
    if (lower !== route.path) paths.push({ path: lower, function: route.function });
  }
  return paths;
}

/** A route and the values of its path parameters (`{id}`) in a request path. */
export interface RouteMatch {
  readonly route: RouteDefinition;
  readonly pathParameters: Record<string, string>;
}

/**
 * The route a request path (below the SCIM base) falls on, as API Gateway would choose it: a literal
 * segment (`.search`) wins over `{id}`, a trailing slash is ignored, and case is not significant.
 */
export function matchRoute(path: string): RouteMatch | undefined {
  const segments = path.replace(/\/+$/, '').split('/').slice(1);
  let best: { route: RouteDefinition; pathParameters: Record<string, string>; literals: number } | undefined;
  for (const route of ROUTES) {
    const pattern = route.path.split('/').slice(1);
    if (pattern.length !== segments.length) continue;
    const pathParameters: Record<string, string> = {};
    let literals = 0;
    const matches = pattern.every((part, i) => {
      const segment = segments[i] as string;
      const parameter = /^\{(\w+)\}$/.exec(part);
      if (parameter) {
        pathParameters[parameter[1] as string] = segment;
        return segment !== '';
      }
      literals++;
      return part.toLowerCase() === segment.toLowerCase();
    });
    if (matches && (best === undefined || literals > best.literals))
      best = { route, pathParameters, literals };
  }
  return best === undefined ? undefined : { route: best.route, pathParameters: best.pathParameters };
}
