import type { Endpoint, Endpoints } from '../http/scim-handler';
import type { ScimRequest } from '../http/scim-request';
import { resourceTypeDocument, schemaDocument, schemasOf, serviceProviderConfig } from '../scim/discovery';
import { listResponse } from '../scim/list-response';
import type { ResourceType } from '../scim/schema/resource-type';
import { ScimError } from '../scim/scim-error';

/** RFC 7644 §4: filtering discovery endpoints is refused, so no client believes a filter was applied. */
function refuseFilter(request: ScimRequest): void {
  if (request.query.filter !== undefined) {
    throw new ScimError(403, 'Filtering is not supported on discovery endpoints');
  }
}

const notImplemented =
  (detail: string): Endpoint =>
  async () => {
    throw new ScimError(501, detail);
  };

/**
 * A discovery collection (RFC 7644 §4): `/<name>` lists every item (unfiltered, in one page), and
 * `/<name>/{id}` returns one by its id (else a 404 naming the `noun`).
 */
function collection<T extends { readonly id: string }>(
  name: string,
  noun: string,
  items: readonly T[],
  document: (item: T, baseUrl: string) => Record<string, unknown>,
): Endpoints {
  return {
    [`/${name}`]: {
      GET: async (request) => {
        refuseFilter(request);
        const resources = items.map((item) => document(item, request.baseUrl));
        return {
          status: 200,
          body: listResponse({ resources, totalResults: resources.length, startIndex: 1 }),
        };
      },
    },
    [`/${name}/{id}`]: {
      GET: async (request) => {
        const item = items.find((candidate) => candidate.id === request.pathParameters.id);
        if (item === undefined) throw ScimError.notFound(`No such ${noun}`);
        return { status: 200, body: document(item, request.baseUrl) };
      },
    },
  };
}

/** `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`, and the unsupported `/Me` and `/Bulk`. */
export function discoveryEndpoints(resourceTypes: readonly ResourceType[]): Endpoints {
  const me = notImplemented('/Me is not supported: tokens identify a tenant, not a user');
  return {
    '/ServiceProviderConfig': {
      GET: async (request) => {
        refuseFilter(request);
        return { status: 200, body: serviceProviderConfig(request.baseUrl) };
      },
    },
    ...collection('ResourceTypes', 'resource type', resourceTypes, resourceTypeDocument),
    ...collection('Schemas', 'schema', schemasOf(resourceTypes), schemaDocument),
    '/Me': { GET: me, POST: me, PUT: me, PATCH: me, DELETE: me },
    '/Bulk': { POST: notImplemented('Bulk operations are not supported (see ServiceProviderConfig)') },
  };
}
