import { currentDeadline } from '../http/request-deadline';
import { DEFAULT_MAX_BODY_BYTES, type Endpoints, scimHandler } from '../http/scim-handler';
import { applyPatch } from '../scim/patch/apply-patch';
import { deepEqual } from '../scim/patch/deep-equal';
import { parsePatchRequest } from '../scim/patch/patch-request';
import type { ResourceState } from '../scim/representation';
import type { RequestLogSink } from '../scim/request-log-port';
import type { MembershipReader, ResourceStorePort } from '../scim/resource-store-port';
import type { ScimResource } from '../scim/schema/resource-schema';
import { DEFAULT_RESOURCE_TYPES, type ResourceTypes } from '../scim/schema/resource-type';
import { type DataClient, type DataStoreOptions, dynamoStores } from '../storage/dynamo-stores';
import { groupMembers } from './group-members';
import { MAX_MEMBER_BYTES_PER_RESPONSE, MAX_MEMBERS_PER_RESPONSE, MemberBudget } from './member-budget';
import { resourceOperations } from './resource-operations';
import { rootEndpoints } from './root-endpoints';
import type { UpdateOutcome } from './update-resource';
import { userGroups } from './user-groups';

export interface UserEndpointsOptions {
  readonly users: ResourceStorePort;
  readonly groups: ResourceStorePort;
  readonly memberships: MembershipReader;
  /** With the deployment's declared extensions; default: none. */
  readonly resourceTypes?: ResourceTypes;
}

/**
 * `/Users`: RFC 7644 §3.2–3.6 for the User resource type; and the queries at the server root, which list
 * users first (root-query.ts), with the groups read as `/Groups` reads them.
 */
export function userEndpoints({
  users,
  groups,
  memberships,
  resourceTypes = DEFAULT_RESOURCE_TYPES,
}: UserEndpointsOptions): Endpoints {
  const operations = resourceOperations(resourceTypes.User, users, userGroups(groups, memberships));
  const budget = () => new MemberBudget(MAX_MEMBERS_PER_RESPONSE, MAX_MEMBER_BYTES_PER_RESPONSE);
  const groupsContext = resourceOperations(
    resourceTypes.Group,
    groups,
    groupMembers(memberships, budget),
  ).context;
  /** Writes `next` unless it equals the user as read (RFC 7644 §3.5.2.1: then nothing changes). */
  const replacing =
    (tenant: string, next: (current: ResourceState) => ScimResource) =>
    async (current: ResourceState): Promise<UpdateOutcome> => {
      const resource = next(current);
      return deepEqual(resource, current.resource) ? 'unchanged' : users.replace(tenant, current, resource);
    };
  return {
    ...rootEndpoints([operations.context, groupsContext]),
    '/Users': {
      GET: operations.list,
      POST: async (request) => {
        const stored = await users.create(request.tenant, operations.parseBody(request.body));
        return operations.respondWith(request, stored, 201);
      },
    },
    '/Users/.search': { POST: operations.search },
    '/Users/{id}': {
      GET: operations.get,
      PUT: async (request) => {
        const next = operations.parseBody(request.body);
        const stored = await operations.update(
          request,
          replacing(request.tenant, () => next),
        );
        return operations.respondWith(request, stored, 200);
      },
      PATCH: async (request) => {
        const patch = parsePatchRequest(request.body);
        const stored = await operations.update(
          request,
          replacing(request.tenant, (current) => applyPatch(current.resource, patch, resourceTypes.User)),
        );
        return operations.patched(request, stored);
      },
      DELETE: operations.delete,
    },
  };
}

/** The Lambda handler of `/Users`, on the data table `table`. */
export function createUsersHandler(
  db: DataClient,
  table: string,
  {
    resourceTypes,
    requestLog,
    ...options
  }: DataStoreOptions & { readonly resourceTypes?: ResourceTypes; readonly requestLog?: RequestLogSink } = {},
) {
  const stores = dynamoStores(db, table, { ...options, deadline: currentDeadline });
  return scimHandler(
    userEndpoints({ ...stores, ...(resourceTypes === undefined ? {} : { resourceTypes }) }),
    {
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      ...(requestLog === undefined ? {} : { requestLog }),
    },
  );
}
