import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { gatewayPaths, matchRoute, ROUTES, SCIM_BASE_PATH } from '../../../functions/http/route-table';
import { type Endpoints, scimHandler } from '../../../functions/http/scim-handler';

describe('matchRoute: the route a path below /scim/v2 falls on, as API Gateway chooses it', () => {
  it.each([
    // The server root (RFC 7644 §3.4.2.1), with or without its slash, and its .search.
    { path: '', route: '', function: 'users', pathParameters: {} },
    { path: '/', route: '', function: 'users', pathParameters: {} },
    { path: '/.search', route: '/.search', function: 'users', pathParameters: {} },
    { path: '/.SEARCH', route: '/.search', function: 'users', pathParameters: {} },
    { path: '/Users', route: '/Users', function: 'users', pathParameters: {} },
    { path: '/Users/', route: '/Users', function: 'users', pathParameters: {} },
    { path: '/Users//', route: '/Users', function: 'users', pathParameters: {} },
    { path: '/users', route: '/Users', function: 'users', pathParameters: {} },
    { path: '/USERS', route: '/Users', function: 'users', pathParameters: {} },
    // A literal segment wins over {id}, whatever its case.
    { path: '/Users/.search', route: '/Users/.search', function: 'users', pathParameters: {} },
    { path: '/Users/.SEARCH', route: '/Users/.search', function: 'users', pathParameters: {} },
    { path: '/Users/2819c223', route: '/Users/{id}', function: 'users', pathParameters: { id: '2819c223' } },
    // The id is taken as it is: its case is kept, and anything but a slash may be in it.
    { path: '/Users/AbC', route: '/Users/{id}', function: 'users', pathParameters: { id: 'AbC' } },
    { path: '/Users/a b#c', route: '/Users/{id}', function: 'users', pathParameters: { id: 'a b#c' } },
    { path: '/Users/search', route: '/Users/{id}', function: 'users', pathParameters: { id: 'search' } },
    { path: '/Groups', route: '/Groups', function: 'groups', pathParameters: {} },
    { path: '/Groups/.search', route: '/Groups/.search', function: 'groups', pathParameters: {} },
    {
      path: '/groups/e9e30dba/',
      route: '/Groups/{id}',
      function: 'groups',
      pathParameters: { id: 'e9e30dba' },
    },
    {
      path: '/ServiceProviderConfig',
      route: '/ServiceProviderConfig',
      function: 'discovery',
      pathParameters: {},
    },
    {
      path: '/serviceproviderconfig',
      route: '/ServiceProviderConfig',
      function: 'discovery',
      pathParameters: {},
    },
    { path: '/ResourceTypes', route: '/ResourceTypes', function: 'discovery', pathParameters: {} },
    {
      path: '/ResourceTypes/User',
      route: '/ResourceTypes/{id}',
      function: 'discovery',
      pathParameters: { id: 'User' },
    },
    { path: '/Schemas', route: '/Schemas', function: 'discovery', pathParameters: {} },
    {
      path: '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User',
      route: '/Schemas/{id}',
      function: 'discovery',
      pathParameters: { id: 'urn:ietf:params:scim:schemas:core:2.0:User' },
    },
    { path: '/Me', route: '/Me', function: 'discovery', pathParameters: {} },
    { path: '/Bulk', route: '/Bulk', function: 'discovery', pathParameters: {} },
  ])('$path: $route of $function', ({ path, ...expected }) => {
    const match = matchRoute(path);
    expect(
      match && {
        route: match.route.path,
        function: match.route.function,
        pathParameters: match.pathParameters,
      },
    ).toEqual(expected);
  });

  // No route: API Gateway answers 404 (its MISSING_AUTHENTICATION_TOKEN response), the local gateway too.
  it.each([
    '/Nope',
    '/User',
    '/Users/a/b',
    '/Users/.search/x',
    '/Users//x',
    '/Me/x',
    '/Bulk/x',
    '/ServiceProviderConfig/x',
    '/scim/v2/Users',
  ])('%j: no route', (path) => {
    expect(matchRoute(path)).toBeUndefined();
  });
});

describe('gatewayPaths: what API Gateway serves', () => {
  const paths = gatewayPaths();

  it('holds every route and its lower-case spelling, each once, with its function', () => {
    const expected = ROUTES.flatMap((route) => {
      const lower = route.path.replace(/\/[A-Za-z]+/g, (segment) => segment.toLowerCase());
      return lower === route.path ? [route] : [route, { path: lower, function: route.function }];
    });
    expect([...paths].sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      expected
        .map((p) => ({ path: p.path, function: p.function }))
        .sort((a, b) => a.path.localeCompare(b.path)),
    );
    expect(new Set(paths.map((p) => p.path)).size).toBe(paths.length);
  });

  it.each(gatewayPaths())('$path falls on a route of its function', ({ path, function: name }) => {
    expect(matchRoute(path.replace('{id}', 'x'))?.route.function).toBe(name);
  });
});

/** A FAKE function's endpoints: each answers 200 with what it was called for. */
const METHODS = {
  '/Users': ['GET', 'POST'],
  '/Users/.search': ['POST'],
  '/Users/{id}': ['GET', 'PUT', 'PATCH', 'DELETE'],
} as const;
const endpoints: Endpoints = Object.fromEntries(
  Object.entries(METHODS).map(([route, methods]) => [
    route,
    Object.fromEntries(
      methods.map((method) => [
        method,
        async (request: { route: string; pathParameters: Readonly<Record<string, string>> }) => ({
          status: 200,
          body: { route: request.route, method, pathParameters: request.pathParameters },
        }),
      ]),
    ),
  ]),
);

/** The proxy event API Gateway sends for `method` on `path` (below the SCIM base). */
function eventFor(method: string, path: string): APIGatewayProxyEvent {
  const match = matchRoute(path);
  return {
    resource: `${SCIM_BASE_PATH}${match?.route.path ?? path}`,
    path: `${SCIM_BASE_PATH}${path}`,
    httpMethod: method,
    headers: { Host: 'scim.example' },
    pathParameters:
      match === undefined || Object.keys(match.pathParameters).length === 0 ? null : match.pathParameters,
    queryStringParameters: null,
    body: method === 'GET' || method === 'DELETE' ? null : '{}',
    isBase64Encoded: false,
    requestContext: { authorizer: { tenantId: 'tenant' }, domainName: 'scim.example' },
  } as unknown as APIGatewayProxyEvent;
}

describe("a function's dispatch: the endpoint for the route and method, 405 with Allow for another method", () => {
  const handler = scimHandler(endpoints);

  it.each([
    { method: 'GET', path: '/Users', route: '/Users', pathParameters: {} },
    { method: 'POST', path: '/users', route: '/Users', pathParameters: {} },
    { method: 'POST', path: '/Users/.search', route: '/Users/.search', pathParameters: {} },
    { method: 'GET', path: '/Users/u1', route: '/Users/{id}', pathParameters: { id: 'u1' } },
    { method: 'PATCH', path: '/Users/u1', route: '/Users/{id}', pathParameters: { id: 'u1' } },
    { method: 'DELETE', path: '/Users/u1/', route: '/Users/{id}', pathParameters: { id: 'u1' } },
  ])('$method $path: the endpoint of $route', async ({ method, path, route, pathParameters }) => {
    const result = await handler(eventFor(method, path), {} as Context);
    expect({ status: result.statusCode, body: JSON.parse(result.body) }).toEqual({
      status: 200,
      body: { route, method, pathParameters },
    });
  });

  it.each([
    { method: 'DELETE', path: '/Users', allow: 'GET, POST' },
    { method: 'PUT', path: '/Users', allow: 'GET, POST' },
    { method: 'GET', path: '/Users/.search', allow: 'POST' },
    { method: 'POST', path: '/Users/u1', allow: 'GET, PUT, PATCH, DELETE' },
  ])('$method $path: 405, Allow: $allow', async ({ method, path, allow }) => {
    const result = await handler(eventFor(method, path), {} as Context);
    expect({
      status: result.statusCode,
      allow: result.headers?.Allow,
      body: JSON.parse(result.body),
    }).toEqual({
      status: 405,
      allow,
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        detail: `${method} is not supported on ${matchRoute(path)?.route.path}`,
        status: '405',
      },
    });
  });

  it('answers a route the function does not serve with 404', async () => {
    const result = await handler(eventFor('GET', '/Groups'), {} as Context);
    expect({ status: result.statusCode, body: JSON.parse(result.body) }).toEqual({
      status: 404,
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        detail: 'No resource at /Groups',
        status: '404',
      },
    });
  });
});
