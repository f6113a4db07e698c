import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Endpoints, scimHandler } from '../http/scim-handler';
import type { ScimRequest } from '../http/scim-request';
import { applyPatch } from '../scim/patch/apply-patch';
import { deepEqual } from '../scim/patch/deep-equal';
import { parsePatchRequest } from '../scim/patch/patch-request';
import { isReturned } from '../scim/projection';
import { isPlainObject } from '../scim/schema/resource-schema';
import { GROUP_RESOURCE_TYPE } from '../scim/schema/resource-type';
import { ScimError } from '../scim/scim-error';
import { type MemberRef, MembershipStore } from '../storage/membership-store';
import { ResourceStore, type StoredResource } from '../storage/resource-store';
import { MemberChanges, memberRefs } from './member-changes';
import { type Decorate, resourceOperations } from './resource-operations';

/**
 * The most members one response carries (~175 bytes each, so ~3.5 MB, well inside Lambda's 6 MB response
 * limit). A larger group is returned with its first members in member-id order: RFC 7644 lets a service
 * provider return a subset; docs/table-design.md explains how to read the rest.
 */
export const MAX_MEMBERS_PER_RESPONSE = 20_000;

export interface GroupEndpointsOptions {
  readonly groups: ResourceStore;
  readonly memberships: MembershipStore;
  /** Defaults to MAX_MEMBERS_PER_RESPONSE. */
  readonly maxMembersPerResponse?: number;
}

function memberJson(baseUrl: string, member: MemberRef): Record<string, unknown> {
  return {
    value: member.id,
    $ref: `${baseUrl}/${member.type === 'Group' ? 'Groups' : 'Users'}/${member.id}`,
    type: member.type,
    ...(member.display === undefined ? {} : { display: member.display }),
  };
}

/** A Group body split into the stored resource and its members (which live in their own items). */
function splitMembers(body: unknown): { resource: unknown; members: MemberRef[] | undefined } {
  if (!isPlainObject(body)) return { resource: body, members: undefined };
  const resource: Record<string, unknown> = {};
  let members: MemberRef[] | undefined;
  for (const key of Object.keys(body)) {
    if (key.toLowerCase() === 'members') members = memberRefs(body[key]);
    else resource[key] = body[key];
  }
  return { resource, members };
}

/** `/Groups`: RFC 7644 §3.2–3.6 for the Group resource type, with members as one item each. */
export function groupEndpoints({
  groups,
  memberships,
  maxMembersPerResponse = MAX_MEMBERS_PER_RESPONSE,
}: GroupEndpointsOptions): Endpoints {
  /** `members`, unless excluded: read page by page, and at most `maxMembersPerResponse` per response. */
  const decorate: Decorate = async (request, resources, projection) => {
    const computed = new Map<string, Record<string, unknown>>();
    if (!isReturned(GROUP_RESOURCE_TYPE, projection, 'members')) return computed;
    let budget = maxMembersPerResponse;
    for (const group of resources) {
      const members: Record<string, unknown>[] = [];
      if (budget > 0) {
        for await (const page of memberships.pages(request.tenant, group.id, Math.min(1000, budget))) {
          for (const member of page)
            if (members.length < budget) members.push(memberJson(request.baseUrl, member));
          if (members.length >= budget) break;
        }
      }
      budget -= members.length;
      if (members.length > 0) computed.set(group.id, { members });
    }
    return computed;
  };
  const operations = resourceOperations(GROUP_RESOURCE_TYPE, groups, decorate);

  /** Members a request adds must exist in the tenant, checked before anything is written. */
  const existing = async (tenant: string, members: readonly MemberRef[]): Promise<MemberRef[]> => {
    if (members.length === 0) return [];
    const { found, missing } = await memberships.resolve(tenant, members);
    if (missing.length > 0) {
      throw ScimError.badRequest(
        'invalidValue',
        `No User or Group with id ${missing.slice(0, 5).join(', ')} exists`,
      );
    }
    return found;
  };

  /** The group's new version after only its members changed; 404 if it was deleted meanwhile. */
  const touched = async (request: ScimRequest, id: string): Promise<StoredResource> => {
    const stored = await groups.touch(request.tenant, id);
    if (stored === undefined) throw ScimError.notFound(`Group ${id} not found`);
    return stored;
  };

  return {
    '/Groups': {
      GET: operations.list,
      POST: async (request) => {
        const { resource, members = [] } = splitMembers(request.body);
        const parsed = operations.parseBody(resource);
        const found = await existing(request.tenant, members);
        const stored = await groups.create(request.tenant, parsed);
        try {
          await memberships.apply(request.tenant, stored.id, found, []);
        } catch (error) {
          // All or nothing: a member deleted in the meantime undoes the creation.
          await groups.delete(request.tenant, stored);
          throw error;
        }
        return operations.respondWith(request, stored, 201, {
          ...(found.length === 0 ? {} : { members: found.map((m) => memberJson(request.baseUrl, m)) }),
        });
      },
    },
    '/Groups/.search': { POST: operations.search },
    '/Groups/{id}': {
      GET: operations.get,
      PUT: async (request) => {
        // RFC 7644 §3.5.1: PUT replaces; members not listed are removed. Only the difference is written.
        const { resource, members = [] } = splitMembers(request.body);
        const next = operations.parseBody(resource);
        const found = await existing(request.tenant, members);
        let stored = await operations.update(request, () => next);
        const current = await memberships.memberIds(request.tenant, stored.id);
        const wanted = new Set(found.map((m) => m.id));
        const adds = found.filter((m) => !current.has(m.id));
        const removes = [...current].filter((id) => !wanted.has(id));
        if (adds.length > 0 || removes.length > 0) {
          await memberships.apply(request.tenant, stored.id, adds, removes);
          stored = await touched(request, stored.id);
        }
        return operations.respondWith(request, stored, 200);
      },
      PATCH: async (request) => {
        const patch = parsePatchRequest(request.body);
        const current = await operations.load(request);
        const changes = new MemberChanges();
        const next = applyPatch(current.resource, patch, GROUP_RESOURCE_TYPE, {
          onComputedAttribute: (change) => changes.record(change),
        });
        const { adds, removes } = await changes.resolve(() => memberships.pages(request.tenant, current.id));
        const attributesChange = !deepEqual(next, current.resource);
        let stored = current;
        if (attributesChange) {
          // Members are checked first, so that a missing one fails the PATCH before anything is written.
          await existing(request.tenant, adds);
          stored = await operations.update(
            request,
            (latest) =>
              applyPatch(latest.resource, patch, GROUP_RESOURCE_TYPE, { onComputedAttribute: () => {} }),
            current,
          );
        }
        if (adds.length > 0 || removes.length > 0) {
          await memberships.apply(request.tenant, current.id, adds, removes);
          if (!attributesChange) stored = await touched(request, current.id);
        }
        return operations.patched(request, stored);
      },
      DELETE: async (request) => {
        // Marked first: from now on the group is gone for the API; then its member items, its own
        // memberships in other groups, and its own items. A retry after an interruption resumes.
        const group = await operations.markDeleting(request);
        await memberships.removeAllMembers(request.tenant, group.id);
        await memberships.removeFromAllGroups(request.tenant, group.id);
        await groups.delete(request.tenant, group);
        return { status: 204 };
      },
    },
  };
}

/** The Lambda handler of `/Groups`, on the data table `table`. */
export function createGroupsHandler(
  db: DynamoDBDocumentClient,
  table: string,
  options: Pick<GroupEndpointsOptions, 'maxMembersPerResponse'> = {},
) {
  return scimHandler(
    groupEndpoints({
      groups: new ResourceStore(db, table, 'Group'),
      memberships: new MembershipStore(db, table),
      ...options,
    }),
  );
}
