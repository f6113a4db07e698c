import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LAMBDA_PAYLOAD_LIMITS, payloadBytes } from '../http/lambda-payload';
import { currentDeadline } from '../http/request-deadline';
import { type Endpoints, scimHandler } from '../http/scim-handler';
import type { ScimRequest } from '../http/scim-request';
import { applyPatch } from '../scim/patch/apply-patch';
import { deepEqual } from '../scim/patch/deep-equal';
import { type PatchOperation, parsePatchRequest } from '../scim/patch/patch-request';
import { isReturned } from '../scim/projection';
import { ifMatchAdmits } from '../scim/representation';
import { isResourceId } from '../scim/resource-id';
import { isPlainObject, type ScimResource } from '../scim/schema/resource-schema';
import { GROUP_RESOURCE_TYPE } from '../scim/schema/resource-type';
import { ScimError } from '../scim/scim-error';
import { guardDeadline } from '../storage/deadline-guard';
import { cancellationReasons } from '../storage/dynamo-errors';
import { type MemberRef, MembershipStore, type MembershipStoreOptions } from '../storage/membership-store';
import { OWN_TRANSACTION_ITEMS, ResourceStore, type StoredResource } from '../storage/resource-store';
import { MemberChanges, memberRefs } from './member-changes';
import { type Decorate, resourceOperations } from './resource-operations';

/**
 * The most members one response carries (~195 bytes each in Lambda's response payload without `display`,
 * so ~3.9 MB). A larger group is returned with its first members in member-id order: RFC 7644 lets a
 * service provider return a subset; docs/table-design.md explains how to read the rest.
 */
export const MAX_MEMBERS_PER_RESPONSE = 20_000;

/**
 * The most bytes the members of one response take in Lambda's response payload, whose limit is 6291556
 * bytes (LAMBDA_PAYLOAD_LIMITS, https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 * The count alone does not bound them: a `display` is up to 256 characters of anything, so a member takes
 * 468 bytes with 256 ASCII characters (20,000 of them: 8.9 MiB) and 2,004 with 256 control characters,
 * each escaped as `\u0001` in the body and `\\u0001` in the payload. 1 MiB is left for the rest: the
 * group's own attributes (at most LIMITS.resourceBytes, 96 KiB, stored; at most twice that escaped), meta,
 * the list page's envelope (its page budget keeps 64 KiB for it) and the headers. The same rule as the
 * count applies: members in member-id order, up to the first that does not fit.
 */
export const MAX_MEMBER_BYTES_PER_RESPONSE = LAMBDA_PAYLOAD_LIMITS.responseBytes - 1024 * 1024;

/** How often a write is retried when another request changed the group in between. */
const MAX_WRITE_ATTEMPTS = 8;

export interface GroupEndpointsOptions {
  readonly groups: ResourceStore;
  readonly memberships: MembershipStore;
  /** Defaults to MAX_MEMBERS_PER_RESPONSE. */
  readonly maxMembersPerResponse?: number;
  /** Defaults to MAX_MEMBER_BYTES_PER_RESPONSE. */
  readonly maxMemberBytesPerResponse?: number;
}

function memberJson(baseUrl: string, member: MemberRef): Record<string, unknown> {
  return {
    value: member.id,
    $ref: `${baseUrl}/${member.type === 'Group' ? 'Groups' : 'Users'}/${member.id}`,
    type: member.type,
    ...(member.display === undefined ? {} : { display: member.display }),
  };
}

/**
 * What one response may still carry of members, by count and by bytes: the bytes of the JSON of its
 * `members` arrays as Lambda's response payload carries them (payloadBytes: escaping included). Members are
 * taken in order until the first that does not fit; after it none is taken, in this group or any later
 * group of the response, so that each group shows a prefix of its members in member-id order.
 */
class MemberBudget {
  private members: number;
  private bytes: number;
  constructor(members: number, bytes: number) {
    this.members = members;
    this.bytes = bytes;
  }

  /** How many more members fit at most. */
  get membersLeft(): number {
    return Math.max(0, this.members);
  }

  /** Whether `member` fits in a `members` array holding `before` members so far (and then counts it). */
  take(member: Record<string, unknown>, before: number): boolean {
    if (this.members <= 0) return false;
    // The first member of an array also pays for its brackets, each later one for its comma.
    const size = payloadBytes(JSON.stringify(member)) + (before === 0 ? 2 : 1);
    if (size > this.bytes) {
      this.members = 0;
      return false;
    }
    this.members--;
    this.bytes -= size;
    return true;
  }

  /** The members of one group that fit, in member-id order. */
  fitting(baseUrl: string, members: readonly MemberRef[]): Record<string, unknown>[] {
    const taken: Record<string, unknown>[] = [];
    for (const member of [...members].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const json = memberJson(baseUrl, member);
      if (!this.take(json, taken.length)) break;
      taken.push(json);
    }
    return taken;
  }
}

/**
 * Whether every operation of a PATCH targets `members` only: by a path starting with `members`, or with a
 * path-less value holding only `members` (and `schemas`).
 */
function onlyMembers(patch: readonly PatchOperation[]): boolean {
  return patch.every((operation) =>
    operation.path === undefined
      ? isPlainObject(operation.value) &&
        Object.keys(operation.value).length > 0 &&
        Object.keys(operation.value).every((key) => /^(members|schemas)$/i.test(key))
      : /^members(\[|\.|$)/i.test(operation.path.trim()),
  );
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

/**
 * A group cannot be its own member: RFC 7643 §4.2 makes members Users or other Groups, and the one
 * transaction that writes the group and its members could not hold both the group's item and the check
 * that the new member (the same item) exists, since DynamoDB refuses two actions on one item in a
 * transaction (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
 * Refused the same way by every request that names members, before anything is read or written.
 */
function refuseSelfMembership(groupId: string, memberIds: Iterable<string>): void {
  for (const id of memberIds) {
    if (id === groupId.toLowerCase()) {
      throw ScimError.badRequest('invalidValue', 'A group cannot be a member of itself');
    }
  }
}

/** What a write of a group makes of the group as last read: its attributes and the member difference. */
interface GroupChange {
  readonly next: ScimResource;
  /** Members to add, with resolved types (they exist). */
  readonly adds: readonly MemberRef[];
  readonly removes: readonly string[];
}

/**
 * Runs a write whose transaction also checks that added members exist: a failed check there means a
 * member was deleted since it was looked up, which is the client's 400 as if it had never existed.
 */
async function checkingMembers<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (cancellationReasons(error)?.includes('ConditionalCheckFailed')) {
      throw ScimError.badRequest('invalidValue', 'A member no longer exists');
    }
    throw error;
  }
}

/** `/Groups`: RFC 7644 §3.2–3.6 for the Group resource type, with members as one item each. */
export function groupEndpoints({
  groups,
  memberships,
  maxMembersPerResponse = MAX_MEMBERS_PER_RESPONSE,
  maxMemberBytesPerResponse = MAX_MEMBER_BYTES_PER_RESPONSE,
}: GroupEndpointsOptions): Endpoints {
  const budget = () => new MemberBudget(maxMembersPerResponse, maxMemberBytesPerResponse);

  /**
   * `members`, unless excluded: read page by page (in member-id order), within one budget per response
   * (at most `maxMembersPerResponse` members and `maxMemberBytesPerResponse` bytes across its groups).
   */
  const decorate: Decorate = async (request, resources, projection) => {
    const computed = new Map<string, Record<string, unknown>>();
    if (!isReturned(GROUP_RESOURCE_TYPE, projection, 'members')) return computed;
    const left = budget();
    for (const group of resources) {
      const members: Record<string, unknown>[] = [];
      if (left.membersLeft > 0) {
        const pageSize = Math.min(1000, left.membersLeft);
        for await (const page of memberships.pages(request.tenant, group.id, pageSize)) {
          // Never a member that no longer exists, should its DELETE have missed this membership.
          const live = await memberships.withoutDangling(request.tenant, group.id, page);
          for (const member of live) {
            const json = memberJson(request.baseUrl, member);
            if (!left.take(json, members.length)) break;
            members.push(json);
          }
          if (left.membersLeft === 0) break;
        }
      }
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

  /**
   * A group that was deleted while members were written outside its own item's transaction: its DELETE
   * may have swept its members before they were written, so they are swept again here (else they would
   * be left behind, naming a group that no longer exists), and the answer is 404. Once the group is seen
   * unmarked after the writes, a DELETE that follows sees them and removes them itself.
   */
  const goneMeanwhile = async (request: ScimRequest, id: string): Promise<never> => {
    await memberships.removeAllMembers(request.tenant, id);
    throw ScimError.notFound(`Group ${id} not found`);
  };

  /** The group's new version after only its members changed; 404 if it was deleted meanwhile. */
  const touched = async (request: ScimRequest, id: string): Promise<StoredResource> => {
    return (await groups.touch(request.tenant, id)) ?? goneMeanwhile(request, id);
  };

  /**
   * Writes a group: `change` computes, from the group as just read, its new attributes and the member
   * difference (reading the members it needs), and the write is conditional on the group's version. When
   * another request changed the group in between, everything is read and computed again: a difference
   * computed from a stale read would undo (or keep) members that request changed. With If-Match the
   * client asked for one version, so a lost race is its 412.
   *
   * The attributes and the difference go in one transaction when it holds them. A larger difference is
   * written after that transaction (which then only commits the version it was computed at), in
   * idempotent transactions of 100, then the version is bumped again.
   */
  const writeGroup = async (
    request: ScimRequest,
    change: (current: StoredResource) => Promise<GroupChange>,
    alreadyRead?: StoredResource,
  ): Promise<StoredResource> => {
    const ifMatch = request.headers['if-match'];
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const current =
        attempt === 0 && alreadyRead !== undefined ? alreadyRead : await operations.load(request);
      if (!ifMatchAdmits(ifMatch, current.version)) throw ScimError.preconditionFailed();
      const { next, adds, removes } = await change(current);
      const membersChange = adds.length > 0 || removes.length > 0;
      // RFC 7644 §3.5.2.1: a change that changes nothing leaves the group, and its version, alone.
      if (!membersChange && deepEqual(next, current.resource)) return current;
      const together = memberships.fitsBeside(adds.length, removes.length, OWN_TRANSACTION_ITEMS);
      const related =
        membersChange && together ? memberships.changeItems(request.tenant, current.id, adds, removes) : [];
      const outcome = await checkingMembers(() => groups.replace(request.tenant, current, next, related));
      if (outcome.ok) {
        if (!membersChange || together) return outcome.stored;
        await memberships.apply(request.tenant, current.id, adds, removes);
        return touched(request, current.id);
      }
      if (ifMatch !== undefined) throw ScimError.preconditionFailed();
    }
    throw new ScimError(409, 'The group was modified concurrently; retry the request');
  };

  /**
   * A PATCH: its operations applied to the group as just read, and its member operations resolved against
   * the members as just read. Members already there (or already gone) are left alone, so that a retried
   * PATCH changes nothing, not even the version.
   */
  const patchGroup = async (request: ScimRequest, patch: readonly PatchOperation[]) => {
    const stored = await writeGroup(request, async (current) => {
      const changes = new MemberChanges();
      const next = applyPatch(current.resource, patch, GROUP_RESOURCE_TYPE, {
        onComputedAttribute: (change) => changes.record(change),
      });
      refuseSelfMembership(current.id, changes.added.keys());
      const asked = await changes.resolve(() => memberships.pages(request.tenant, current.id));
      // A replaced member list is already the difference.
      const { adds, removes } = changes.replaceAll
        ? asked
        : await memberships.effective(request.tenant, current.id, asked.adds, asked.removes);
      // Members are checked before anything is written, so that a missing one fails the whole PATCH.
      return { next, adds: await existing(request.tenant, adds), removes };
    });
    return operations.patched(request, stored);
  };

  /**
   * A PATCH that only adds or removes named members (what Entra and Okta send): the membership writes
   * first, conditional on changing something, then the group's version, whose update also proves the
   * group exists and is not being deleted. The group is only read when nothing changed, to answer with
   * its current version. Operations whose effect depends on the current members (replacing them all, or
   * removing by a filter other than `value eq`) read them, so they take the version-checked path.
   */
  const patchMembers = async (request: ScimRequest, patch: readonly PatchOperation[]) => {
    const id = request.pathParameters.id ?? '';
    if (!isResourceId(id)) throw ScimError.notFound(`Group ${id} not found`);
    const changes = new MemberChanges();
    // Only `members` is targeted, so the placeholder resource only routes the operations to `changes`.
    applyPatch({ displayName: 'members only' }, patch, GROUP_RESOURCE_TYPE, {
      onComputedAttribute: (change) => changes.record(change),
    });
    if (changes.replaceAll || changes.removedBy.length > 0) return patchGroup(request, patch);
    refuseSelfMembership(id, changes.added.keys());
    const { adds, removes } = await changes.resolve(() => memberships.pages(request.tenant, id));
    const changed = await memberships.apply(request.tenant, id, adds, removes);
    const stored = changed ? await touched(request, id) : await operations.load(request);
    return operations.patched(request, stored);
  };

  return {
    '/Groups': {
      GET: operations.list,
      POST: async (request) => {
        const { resource, members = [] } = splitMembers(request.body);
        const parsed = operations.parseBody(resource);
        const found = await existing(request.tenant, members);
        let stored: StoredResource;
        if (memberships.fitsBeside(found.length, 0, OWN_TRANSACTION_ITEMS)) {
          // The group and its members in one transaction: it appears with all of them, or not at all.
          stored = await checkingMembers(() =>
            groups.create(request.tenant, parsed, {
              related: (id) => memberships.changeItems(request.tenant, id, found, []),
            }),
          );
        } else {
          // Too many for one transaction: the members first, under the id the group will have. Until the
          // group exists nothing shows them; if it cannot be created they are taken back out (and any left
          // behind by a failure are invisible, and swept when those members are deleted).
          const id = randomUUID();
          await memberships.apply(request.tenant, id, found, []);
          try {
            stored = await groups.create(request.tenant, parsed, { id });
          } catch (error) {
            await memberships.removeAllMembers(request.tenant, id).catch(() => undefined);
            throw error;
          }
        }
        return operations.respondWith(request, stored, 201, {
          // The same members a GET would answer with: the first in member-id order within the budget.
          ...(found.length === 0 ? {} : { members: budget().fitting(request.baseUrl, found) }),
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
        const wanted = new Set(members.map((m) => m.id));
        const group = await operations.load(request);
        refuseSelfMembership(group.id, wanted);
        const stored = await writeGroup(
          request,
          async (current) => {
            const have = await memberships.memberIds(request.tenant, current.id);
            // Only the members new to the group are looked up (Okta's AIW apps PUT the whole list every time).
            const adds = await existing(
              request.tenant,
              members.filter((m) => !have.has(m.id)),
            );
            return { next, adds, removes: [...have].filter((id) => !wanted.has(id)) };
          },
          group,
        );
        return operations.respondWith(request, stored, 200);
      },
      PATCH: async (request) => {
        const patch = parsePatchRequest(request.body);
        // With If-Match the version must be compared before anything is written: the general path does that.
        if (onlyMembers(patch) && request.headers['if-match'] === undefined)
          return patchMembers(request, patch);
        return patchGroup(request, patch);
      },
      DELETE: async (request) => {
        // Marked first: from now on the group is gone for the API; then its member items, its own
        // memberships in other groups, and its own items. A retry after an interruption resumes.
        const group = await operations.markDeleting(request);
        await groups.finishDeleting(request.tenant, group);
        return { status: 204 };
      },
    },
  };
}

/**
 * Request bodies of `/Groups` may hold up to 100,000 members, as Okta's AIW apps PUT a group's whole
 * member list: 4.5 MiB keeps the proxy event (the body JSON-escaped inside it) within Lambda's 6 MB
 * request limit.
 */
export const GROUP_MAX_BODY_BYTES = 4.5 * 1024 * 1024;

/** The Lambda handler of `/Groups`, on the data table `table`. */
export function createGroupsHandler(
  db: DynamoDBDocumentClient,
  table: string,
  options: Pick<GroupEndpointsOptions, 'maxMembersPerResponse' | 'maxMemberBytesPerResponse'> &
    MembershipStoreOptions & { readonly deadlineMarginMillis?: number } = {},
) {
  const { maxMembersPerResponse, maxMemberBytesPerResponse, indexLagMillis, deadlineMarginMillis } = options;
  // Past the request's deadline its DynamoDB requests are refused: its work stops with its answer.
  guardDeadline(db, currentDeadline);
  return scimHandler(
    groupEndpoints({
      groups: new ResourceStore(db, table, 'Group', undefined, { indexLagMillis }),
      memberships: new MembershipStore(db, table, undefined, { indexLagMillis }),
      ...(maxMembersPerResponse === undefined ? {} : { maxMembersPerResponse }),
      ...(maxMemberBytesPerResponse === undefined ? {} : { maxMemberBytesPerResponse }),
    }),
    {
      maxBodyBytes: GROUP_MAX_BODY_BYTES,
      ...(deadlineMarginMillis === undefined ? {} : { deadlineMarginMillis }),
    },
  );
}
