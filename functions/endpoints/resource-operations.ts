import { LAMBDA_PAYLOAD_LIMITS, payloadBytes } from '../http/lambda-payload';
import type { ScimRequest } from '../http/scim-request';
import type { ScimResponse } from '../http/scim-response';
import { evaluateFilter } from '../scim/filter/evaluate-filter';
import { type IndexedLookup, indexedLookup } from '../scim/filter/indexed-lookup';
import { parseFilter } from '../scim/filter/parse-filter';
import { type ListRequest, parseListQuery, parseSearchRequest } from '../scim/list-request';
import { listResponse } from '../scim/list-response';
import { deepEqual } from '../scim/patch/deep-equal';
import { type Projection, parseProjection, project } from '../scim/projection';
import { etagOf, ifMatchAdmits, toRepresentation } from '../scim/representation';
import { isResourceId } from '../scim/resource-id';
import {
  isPlainObject,
  parseOrThrow,
  resourceSchema,
  type ScimResource,
} from '../scim/schema/resource-schema';
import type { ResourceType } from '../scim/schema/resource-type';
import { ScimError } from '../scim/scim-error';
import { decodeCursor, encodeCursor } from '../storage/cursor';
import type { RelatedItems, ResourceStore, StoredResource } from '../storage/resource-store';

/** How often a write is retried when another request changed the resource in between. */
const MAX_WRITE_ATTEMPTS = 8;

/** A bound on the items one cursor page examines, so that a rare match never means reading the whole tenant. */
const MAX_ITEMS_EXAMINED_PER_CURSOR_PAGE = 5_000;

/**
 * The bytes a page's resources may take in Lambda's response payload: its 6 MB limit (6291556 bytes,
 * LAMBDA_PAYLOAD_LIMITS) applies to the JSON of the proxy result, in which the page's JSON is a string, so
 * each resource is measured as it is there (payloadBytes: exact, escaping included; a value full of
 * control characters takes 7 bytes a character). 64 KiB are left for the rest, which is under 1 KiB: the
 * ListResponse envelope (schemas, totalResults, itemsPerPage, startIndex, nextCursor), the status code and
 * the headers. A page of users of about 89 KB each (issue 9) ends after about 70 of them.
 */
const PAGE_BUDGET_BYTES = LAMBDA_PAYLOAD_LIMITS.responseBytes - 64 * 1024;

/**
 * How many of `resources` a page carries: all of them, or those before the first that would take the page
 * over its budget (RFC 7644 §3.4.2.4: itemsPerPage may be below count, and the client asks for the next
 * page from startIndex + itemsPerPage or from nextCursor). Never none, so that paging always advances: one
 * resource is far below the budget (LIMITS.resourceBytes, plus a Group's members, see group-endpoints.ts).
 */
function fittingCount(resources: readonly unknown[]): number {
  let bytes = 0;
  for (const [index, resource] of resources.entries()) {
    // Each resource after the first is preceded by a comma.
    bytes += payloadBytes(JSON.stringify(resource)) + (index === 0 ? 0 : 1);
    if (bytes > PAGE_BUDGET_BYTES) return Math.max(1, index);
  }
  return resources.length;
}

/**
 * Attributes computed from other items (User.groups, Group.members), added to the representations of a
 * page of resources when the projection returns them. Keyed by resource id.
 */
export type Decorate = (
  request: ScimRequest,
  resources: readonly StoredResource[],
  projection: Projection,
) => Promise<ReadonlyMap<string, Record<string, unknown>>>;

const noDecoration: Decorate = async () => new Map();

/**
 * What the endpoints of every resource type share (RFC 7644 §3.2–3.6): loading, validating bodies,
 * conditional updates, listing with filters and paging, and responses.
 */
export function resourceOperations(
  resourceType: ResourceType,
  store: ResourceStore,
  decorate: Decorate = noDecoration,
) {
  const schema = resourceSchema(resourceType);
  const uniqueName = resourceType.id === 'User' ? 'userName' : 'displayName';

  const respondWith = async (
    request: ScimRequest,
    stored: StoredResource,
    status: number,
    extra?: Record<string, unknown>,
  ): Promise<ScimResponse> => {
    const projection = parseProjection(resourceType, request.query);
    const computed = extra ?? (await decorate(request, [stored], projection)).get(stored.id);
    const location = `${request.baseUrl}${resourceType.endpoint}/${stored.id}`;
    return {
      status,
      body: project(
        { ...toRepresentation(stored, resourceType, request.baseUrl), ...computed },
        resourceType,
        projection,
      ),
      headers: { ETag: etagOf(stored.version), ...(status === 201 ? { Location: location } : {}) },
    };
  };

  /** The resource named by the path, or 404. */
  const load = async (request: ScimRequest): Promise<StoredResource> => {
    const id = request.pathParameters.id ?? '';
    const stored = isResourceId(id) ? await store.get(request.tenant, id) : undefined;
    if (stored === undefined) throw ScimError.notFound(`${resourceType.name} ${id} not found`);
    return stored;
  };

  /** The body as a resource of this type: an object whose `schemas`, if given, name this type. */
  const parseBody = (body: unknown): ScimResource => {
    if (!isPlainObject(body))
      throw ScimError.badRequest('invalidSyntax', 'The request body must be a JSON object');
    const schemas = body.schemas;
    if (schemas !== undefined && schemas !== null) {
      const names = Array.isArray(schemas) ? schemas.map((s) => String(s).toLowerCase()) : [];
      if (!names.includes(resourceType.schema.id.toLowerCase())) {
        throw ScimError.badRequest('invalidValue', `schemas must contain ${resourceType.schema.id}`);
      }
    }
    return parseOrThrow(schema, body, `The ${resourceType.name}`);
  };

  /**
   * Read, change, write if the version is unchanged; retried when another request won the race. With
   * If-Match the client asked for one specific version, so a lost race is its 412.
   */
  const update = async (
    request: ScimRequest,
    change: (current: StoredResource) => ScimResource,
    /** The resource as the caller already read it, saving the first read. */
    alreadyRead?: StoredResource,
    /** Items written in the same transaction (a Group's member changes): a change of the resource too. */
    related: RelatedItems = [],
  ): Promise<StoredResource> => {
    const ifMatch = request.headers['if-match'];
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const current = attempt === 0 && alreadyRead !== undefined ? alreadyRead : await load(request);
      if (!ifMatchAdmits(ifMatch, current.version)) throw ScimError.preconditionFailed();
      const next = change(current);
      // RFC 7644 §3.5.2.1: a change that changes nothing leaves the resource, and its version, alone.
      if (deepEqual(next, current.resource) && related.length === 0) return current;
      const outcome = await store.replace(request.tenant, current, next, related);
      if (outcome.ok) return outcome.stored;
      if (ifMatch !== undefined) throw ScimError.preconditionFailed();
    }
    throw new ScimError(409, 'The resource was modified concurrently; retry the request');
  };

  /** Resources matching `filter`, found by key lookups: the cost does not depend on the tenant's size. */
  const lookUp = async (tenant: string, lookups: readonly IndexedLookup[]) => {
    const ids = new Set<string>();
    for (const lookup of lookups) {
      if (lookup.by === 'id') {
        if (isResourceId(lookup.value)) ids.add(lookup.value);
      } else if (lookup.by === 'name') {
        const id = await store.findIdByName(tenant, lookup.value);
        if (id !== undefined) ids.add(id);
      } else {
        for (const id of await store.findIdsByExternalId(tenant, lookup.value)) ids.add(id);
      }
    }
    const found = await store.getMany(tenant, [...ids]);
    return found.sort((a, b) => (a.id < b.id ? -1 : 1));
  };

  const list = async (request: ScimRequest, query: ListRequest): Promise<ScimResponse> => {
    const { tenant, baseUrl } = request;
    const filter = query.filter === undefined ? undefined : parseFilter(query.filter, resourceType);
    const projection = parseProjection(resourceType, query);
    const matches = (stored: StoredResource) =>
      filter === undefined || evaluateFilter(filter, toRepresentation(stored, resourceType, baseUrl));
    /** The page as a response, ended early where its size budget runs out (by cursor: resumed from there). */
    const respond = async (
      page: StoredResource[],
      paging: { totalResults?: number; startIndex?: number; nextCursor?: string },
    ) => {
      const computed = await decorate(request, page, projection);
      const resources = page.map((stored) =>
        project(
          { ...toRepresentation(stored, resourceType, baseUrl), ...computed.get(stored.id) },
          resourceType,
          projection,
        ),
      );
      const fitting = fittingCount(resources);
      if (fitting === resources.length) return { status: 200, body: listResponse({ resources, ...paging }) };
      const last = page[fitting - 1] as StoredResource;
      return {
        status: 200,
        body: listResponse({
          resources: resources.slice(0, fitting),
          ...paging,
          ...(query.cursor === undefined ? {} : { nextCursor: last.id }),
        }),
      };
    };

    const lookups = filter === undefined ? undefined : indexedLookup(filter, uniqueName);
    if (filter !== undefined && lookups !== undefined) {
      const found = (await lookUp(tenant, lookups)).filter(matches);
      if (query.cursor === undefined) {
        const offset = query.startIndex - 1;
        return respond(found.slice(offset, offset + query.count), {
          totalResults: found.length,
          startIndex: query.startIndex,
        });
      }
      // RFC 9865: after the cursor's resource (found is in id order), a next cursor while more remain.
      const cursor = query.cursor;
      if (cursor !== '') decodeCursor(cursor, tenant, store.kind); // 400 invalidCursor for anything not ours
      const after = cursor === '' ? found : found.filter((stored) => stored.id > cursor);
      const page = after.slice(0, query.count);
      const last = page[page.length - 1];
      return respond(page, {
        totalResults: found.length,
        ...(last !== undefined && after.length > page.length ? { nextCursor: last.id } : {}),
      });
    }

    if (query.cursor !== undefined) {
      // RFC 9865: resume after the cursor's resource; a next cursor only when another match exists.
      const totalResults = filter === undefined ? await store.count(tenant) : undefined;
      let startKey = query.cursor === '' ? undefined : decodeCursor(query.cursor, tenant, store.kind);
      const page: StoredResource[] = [];
      let nextCursor: string | undefined;
      let examined = 0;
      scan: while (query.count > 0) {
        const result = await store.page(tenant, startKey, filter === undefined ? query.count + 1 : undefined);
        for (const stored of result.resources) {
          examined++;
          if (!matches(stored)) continue;
          if (page.length === query.count) {
            nextCursor = (page[page.length - 1] as StoredResource).id;
            break scan;
          }
          page.push(stored);
        }
        if (result.lastEvaluatedKey === undefined) break;
        startKey = result.lastEvaluatedKey;
        if (examined >= MAX_ITEMS_EXAMINED_PER_CURSOR_PAGE) {
          nextCursor = encodeCursor(startKey, store.kind);
          break;
        }
      }
      return respond(page, {
        ...(totalResults === undefined ? {} : { totalResults }),
        ...(nextCursor === undefined ? {} : { nextCursor }),
      });
    }

    // Index paging: read the tenant's resources in id order, keeping only the requested window.
    const window: StoredResource[] = [];
    const first = query.startIndex - 1;
    if (filter === undefined) {
      const totalResults = await store.count(tenant);
      let skipped = 0;
      let startKey: Record<string, unknown> | undefined;
      while (window.length < query.count && first < totalResults) {
        const result = await store.page(tenant, startKey);
        for (const stored of result.resources) {
          if (skipped < first) skipped++;
          else if (window.length < query.count) window.push(stored);
        }
        if (result.lastEvaluatedKey === undefined) break;
        startKey = result.lastEvaluatedKey;
      }
      return respond(window, { totalResults, startIndex: query.startIndex });
    }
    let totalResults = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await store.page(tenant, startKey);
      for (const stored of result.resources) {
        if (!matches(stored)) continue;
        if (totalResults >= first && window.length < query.count) window.push(stored);
        totalResults++;
      }
      startKey = result.lastEvaluatedKey;
    } while (startKey !== undefined);
    return respond(window, { totalResults, startIndex: query.startIndex });
  };

  return {
    load,
    parseBody,
    update,
    respondWith,
    /** `GET /Resources` and `POST /Resources/.search`. */
    list: (request: ScimRequest) => list(request, parseListQuery(request.query)),
    search: (request: ScimRequest) => list(request, parseSearchRequest(request.body)),
    /** `GET /Resources/{id}`, answering 304 to a matching If-None-Match. */
    get: async (request: ScimRequest): Promise<ScimResponse> => {
      const stored = await load(request);
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch !== undefined && ifMatchAdmits(ifNoneMatch, stored.version)) {
        return { status: 304, headers: { ETag: etagOf(stored.version) } };
      }
      return respondWith(request, stored, 200);
    },
    /**
     * Marks the resource named by the path as being deleted, honouring If-Match; 404 if there is none.
     * A resource already being deleted is returned again, so an interrupted DELETE can be retried.
     */
    markDeleting: async (request: ScimRequest): Promise<StoredResource> => {
      const id = request.pathParameters.id ?? '';
      const ifMatch = request.headers['if-match'];
      let expectedVersion: number | undefined;
      if (ifMatch !== undefined) {
        const current = await load(request);
        if (!ifMatchAdmits(ifMatch, current.version)) throw ScimError.preconditionFailed();
        expectedVersion = current.version;
      }
      const marked = isResourceId(id)
        ? await store.markDeleting(request.tenant, id, expectedVersion)
        : undefined;
      if (marked === undefined) {
        if (expectedVersion !== undefined) throw ScimError.preconditionFailed();
        throw ScimError.notFound(`${resourceType.name} ${id} not found`);
      }
      return marked;
    },
    /** A PATCH's answer: 204 with the new ETag, or 200 with the resource if the client asked for attributes. */
    patched: async (request: ScimRequest, stored: StoredResource): Promise<ScimResponse> => {
      // RFC 7644 §3.5.2 allows 204; Microsoft's reference answers 204 and Entra and Okta accept it. A client
      // that wants the resource back asks for it with `attributes` or `excludedAttributes`.
      if (request.query.attributes !== undefined || request.query.excludedAttributes !== undefined) {
        return respondWith(request, stored, 200);
      }
      return { status: 204, headers: { ETag: etagOf(stored.version) } };
    },
  };
}

export type ResourceOperations = ReturnType<typeof resourceOperations>;
