import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { currentDeadline } from '../http/request-deadline';
import { type Endpoints, scimHandler } from '../http/scim-handler';
import { applyPatch } from '../scim/patch/apply-patch';
import { parsePatchRequest } from '../scim/patch/patch-request';
import { isReturned } from '../scim/projection';
import { USER_RESOURCE_TYPE } from '../scim/schema/resource-type';
import { guardDeadline } from '../storage/deadline-guard';
import { MembershipStore, type MembershipStoreOptions } from '../storage/membership-store';
import { ResourceStore } from '../storage/resource-store';
import { type Decorate, resourceOperations } from './resource-operations';

export interface UserEndpointsOptions {
  readonly users: ResourceStore;
  readonly groups: ResourceStore;
  readonly memberships: MembershipStore;
}

/** `/Users`: RFC 7644 §3.2–3.6 for the User resource type. */
export function userEndpoints({ users, groups, memberships }: UserEndpointsOptions): Endpoints {
  /**
   * `groups` (returned only on request): the user's direct groups, from the membership index, with the
   * groups' current displayName. Groups deleted meanwhile are left out.
   */
  const decorate: Decorate = async (request, resources, projection) => {
    const computed = new Map<string, Record<string, unknown>>();
    if (!isReturned(USER_RESOURCE_TYPE, projection, 'groups')) return computed;
    for (const user of resources) {
      const groupIds = await memberships.groupIdsOf(request.tenant, user.id);
      const found = await groups.getMany(request.tenant, groupIds);
      computed.set(user.id, {
        groups: found
          .sort((a, b) => (a.id < b.id ? -1 : 1))
          .map((group) => ({
            value: group.id,
            $ref: `${request.baseUrl}/Groups/${group.id}`,
            display: group.resource.displayName,
            type: 'direct',
          })),
      });
    }
    return computed;
  };
  const operations = resourceOperations(USER_RESOURCE_TYPE, users, decorate);

  return {
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
        const stored = await operations.update(request, () => next);
        return operations.respondWith(request, stored, 200);
      },
      PATCH: async (request) => {
        const patch = parsePatchRequest(request.body);
        const stored = await operations.update(request, (current) =>
          applyPatch(current.resource, patch, USER_RESOURCE_TYPE),
        );
        return operations.patched(request, stored);
      },
      DELETE: async (request) => {
        // Marked first: from now on the user is gone for the API and cannot be added to a group; then
        // removed from every group; then its own items. A retry after an interruption resumes (and, if
        // nobody retries, the next request meeting the user does: ResourceStore.finishDeleting).
        const user = await operations.markDeleting(request);
        await users.finishDeleting(request.tenant, user);
        return { status: 204 };
      },
    },
  };
}

/** The Lambda handler of `/Users`, on the data table `table`. */
export function createUsersHandler(
  db: DynamoDBDocumentClient,
  table: string,
  options: MembershipStoreOptions = {},
) {
  // Past the request's deadline its DynamoDB requests are refused: its work stops with its answer.
  guardDeadline(db, currentDeadline);
  return scimHandler(
    userEndpoints({
      users: new ResourceStore(db, table, 'User', undefined, options),
      groups: new ResourceStore(db, table, 'Group', undefined, options),
      memberships: new MembershipStore(db, table, undefined, options),
    }),
  );
}
