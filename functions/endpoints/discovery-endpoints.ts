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

/** `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`, and the unsupported `/Me` and `/Bulk`. */
export function discoveryEndpoints(resourceTypes: readonly ResourceType[]): Endpoints {
  const schemas = schemasOf(resourceTypes);
  const me = notImplemented('/Me is not supported: tokens identify a tenant, not a user');
  return {
    '/ServiceProviderConfig': {
      GET: async (request) => {
        refuseFilter(request);
        return { status: 200, body: serviceProviderConfig(request.baseUrl) };
      },
    },
    '/ResourceTypes': {
      GET: async (request) => {
        refuseFilter(request);
        const resources = resourceTypes.map((r) => resourceTypeDocument(r, request.baseUrl));
        return {
          status: 200,
          body: listResponse({ resources, totalResults: resources.length, startIndex: 1 }),
        };
      },
    },
    '/ResourceTypes/{id}': {
      GET: async (request) => {
        const resourceType = resourceTypes.find((r) => r.id === request.pathParameters.id);
        if (resourceType === undefined) throw ScimError.notFound('No such resource type');
        return { status: 200, body: resourceTypeDocument(resourceType, request.baseUrl) };
      },
    },
    '/Schemas': {
      GET: async (request) => {
        refuseFilter(request);
        const resources = schemas.map((s) => schemaDocument(s, request.baseUrl));
        return {
          status: 200,
          body: listResponse({ resources, totalResults: resources.length, startIndex: 1 }),
        };
      },
    },
    '/Schemas/{id}': {
      GET: async (request) => {
        const schema = schemas.find((s) => s.id === request.pathParameters.id);
        if (schema === undefined) throw ScimError.notFound('No such schema');
        return { status: 200, body: schemaDocument(schema, request.baseUrl) };
      },
    },
    '/Me': { GET: me, POST: me, PUT: me, PATCH: me, DELETE: me },
    '/Bulk': { POST: notImplemented('Bulk operations are not supported (see ServiceProviderConfig)') },
  };
}
