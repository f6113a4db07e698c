import type { ScimRequest } from '../http/scim-request';
import { parseListQuery, parseSearchRequest } from '../scim/list-request';
import type { ResourceState } from '../scim/representation';
import type { ResourceStorePort } from '../scim/resource-store-port';
import type { ResourceType } from '../scim/schema/resource-type';
import { deleteResource } from './delete-resource';
import { getResource } from './get-resource';
import { listResources } from './list-resources';
import { loadResource } from './load-resource';
import { parseResourceBody } from './parse-resource-body';
import { patchedResponse } from './patched-response';
import type { Decorate, ResourceContext } from './resource-context';
import { respondWith } from './respond-with';
import { type UpdateOutcome, updateResource } from './update-resource';

const noDecoration: Decorate = async () => new Map();

/**
 * The operations every resource type shares (RFC 7644 §3.2–3.6), bound to one type and its store: each is
 * its own module; this only hands them the context.
 */
export function resourceOperations(
  resourceType: ResourceType,
  store: ResourceStorePort,
  decorate: Decorate = noDecoration,
) {
  const context: ResourceContext = { resourceType, store, decorate };
  return {
    context,
    load: (request: ScimRequest) => loadResource(context, request),
    parseBody: (body: unknown) => parseResourceBody(resourceType, body),
    update: (
      request: ScimRequest,
      write: (current: ResourceState) => Promise<UpdateOutcome>,
      alreadyRead?: ResourceState,
    ) => updateResource(context, request, write, alreadyRead),
    respondWith: (
      request: ScimRequest,
      stored: ResourceState,
      status: number,
      extra?: Record<string, unknown>,
    ) => respondWith(context, request, stored, status, extra),
    list: (request: ScimRequest) => listResources(context, request, parseListQuery(request.query)),
    search: (request: ScimRequest) => listResources(context, request, parseSearchRequest(request.body)),
    get: (request: ScimRequest) => getResource(context, request),
    delete: (request: ScimRequest) => deleteResource(context, request),
    patched: (request: ScimRequest, stored: ResourceState) => patchedResponse(context, request, stored),
  };
}

export type ResourceOperations = ReturnType<typeof resourceOperations>;
