/**
 * The single-table design: every key format and every access pattern, as plain request data. The stores
 * send these requests; the CDK construct and the local endpoint create the tables from `TABLES`.
 * docs/table-design.md explains the layout and the cost of each operation.
 *
 * Every key starts with the tenant (`TENANT#<tenant>`), which comes only from the authorizer's context.
 */
import { createHash } from 'node:crypto';
import type {
  BatchGetCommandInput,
  GetCommandInput,
  PutCommandInput,
  QueryCommandInput,
  ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ResourceState } from '../scim/representation';
import type { MemberChange, MemberRef } from '../scim/resource-store-port';
import type { ResourceKind } from '../scim/schema/resource-type';
import type { TenantPolicy } from '../scim/tenant-policy';
import { type Transaction, transaction } from './transaction';

/** Key schema and indexes of a table, independent of CDK and of the SDK. */
export interface TableDefinition {
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly {
    readonly name: string;
    readonly partitionKey: string;
    readonly sortKey: string;
    readonly projection: 'KEYS_ONLY' | 'ALL';
  }[];
  /** The table's stream and what its records carry, if it has one. */
  readonly stream?: 'NEW_AND_OLD_IMAGES' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'KEYS_ONLY';
  /** The attribute DynamoDB's Time to Live reads (epoch seconds), if the table has one. */
  readonly timeToLiveAttribute?: string;
}

export const TABLES = {
  /** Users, Groups, membership, uniqueness and lookup items. */
  data: {
    partitionKey: 'pk',
    sortKey: 'sk',
    // gsi1 holds membership items by member: "the groups of this user". Keys only.
    indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'KEYS_ONLY' }],
    // The provisioning events come from its stream (stream-changes.ts reads both images).
    stream: 'NEW_AND_OLD_IMAGES',
    // The tombstones of retained deletes expire (lifecyclePatterns below).
    timeToLiveAttribute: 'expiresAt',
  },
  /** Tenants, the SHA-256 hashes of their bearer tokens, and their OAuth clients with their secrets' hashes. */
  tokens: {
    partitionKey: 'pk',
    sortKey: 'sk',
    // gsi1 lists a tenant's tokens, access tokens and clients, and all tenants.
    indexes: [{ name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: 'ALL' }],
    // The access tokens of the token endpoint expire (TokenItem.ttl); nothing else there has the attribute.
    timeToLiveAttribute: 'ttl',
  },
} as const satisfies Record<string, TableDefinition>;

/** The table names of the local endpoint (`npm start`), which the admin CLI's --local mode uses too. */
export const LOCAL_TABLE_NAMES = { data: 'scim-data', tokens: 'scim-tokens' } as const;

/** The marker of a hashed key part; no client value appears in a key as itself with it. */
const HASHED = 'sha256:';

/**
 * A client value (a folded name, an externalId) as the last part of a partition key. A partition key holds
 * at most 2,048 bytes and a sort key 1,024
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-partition-sort-keys),
 * and a string attribute admits 2,048 characters (up to 6 KB), so a value over 512 bytes is represented by
 * its SHA-256. So is every value that starts with the marker itself: a value that looks like a hash (say
 * `sha256:<hex of another value>`) is hashed too, and can never share a key with the value it imitates.
 * Values are therefore keyed one-to-one, and every data-table key stays under 700 bytes.
 */
function keyPart(value: string): string {
  return Buffer.byteLength(value) <= 512 && !value.startsWith(HASHED)
    ? value
    : `${HASHED}${createHash('sha256').update(value).digest('hex')}`;
}

const COUNTER_SHARDS = 8;

export const keys = {
  tenant: (tenant: string) => `TENANT#${tenant}`,
  resource: (tenant: string, kind: ResourceKind, id: string) => ({
    pk: `TENANT#${tenant}`,
    sk: `${kind}#${id}`,
  }),
  resourcePrefix: (kind: ResourceKind) => `${kind}#`,
  /** The item that makes `userName` / Group `displayName` unique; `foldedName` is already case-folded. */
  uniqueName: (tenant: string, kind: ResourceKind, foldedName: string) => ({
    pk: `TENANT#${tenant}#${kind}#NAME#${keyPart(foldedName)}`,
    sk: 'UNIQUE',
  }),
  /** externalId is not unique (RFC 7643 §3.1), so one item per resource carrying it. */
  externalIdPartition: (tenant: string, kind: ResourceKind, externalId: string) =>
    `TENANT#${tenant}#${kind}#EXTERNAL_ID#${keyPart(externalId)}`,
  externalId: (tenant: string, kind: ResourceKind, externalId: string, id: string) => ({
    pk: keys.externalIdPartition(tenant, kind, externalId),
    sk: id,
  }),
  /**
   * Emails are not unique either: one item per (email address, resource), so that Entra's email matching
   * (`emails[type eq "work"].value eq "…"`) is a Query whatever the tenant's size. `foldedEmail` is already
   * case-folded (emails' value is caseExact false, RFC 7643 §4.1.2).
   */
  emailPartition: (tenant: string, kind: ResourceKind, foldedEmail: string) =>
    `TENANT#${tenant}#${kind}#EMAIL#${keyPart(foldedEmail)}`,
  email: (tenant: string, kind: ResourceKind, foldedEmail: string, id: string) => ({
    pk: keys.emailPartition(tenant, kind, foldedEmail),
    sk: id,
  }),
  /** Resource counts, sharded so that concurrent creates rarely contend on one item. */
  counter: (tenant: string, kind: ResourceKind, shard: number) => ({
    pk: `TENANT#${tenant}`,
    sk: `COUNT#${kind}#${shard}`,
  }),
  counterShards: COUNTER_SHARDS,
  /** All members of a group live in the group's own partition: one item per (group, member). */
  membersOf: (tenant: string, groupId: string) => `TENANT#${tenant}#Group#${groupId}`,
  membership: (tenant: string, groupId: string, memberId: string) => ({
    pk: keys.membersOf(tenant, groupId),
    sk: `MEMBER#${memberId}`,
  }),
  memberPrefix: 'MEMBER#',
  /** gsi1 keys of a membership item: the groups of a member, computed by DynamoDB from the same item. */
  groupsOf: (tenant: string, memberId: string) => `TENANT#${tenant}#MEMBER#${memberId}`,
  membershipIndex: (tenant: string, groupId: string, memberId: string) => ({
    gsi1pk: keys.groupsOf(tenant, memberId),
    gsi1sk: `Group#${groupId}`,
  }),
  /** A retained deletion's tombstone, in the tenant's partition; TTL (`expiresAt`) removes it. */
  tombstone: (tenant: string, kind: ResourceKind, id: string) => ({
    pk: `TENANT#${tenant}`,
    sk: `${keys.tombstonePrefix(kind)}${id}`,
  }),
  tombstonePrefix: (kind: ResourceKind) => `DELETED#${kind}#`,
  /** The tenant's policy, mirrored from its tokens-table record so that a change reaches the stream. */
  policy: (tenant: string) => ({ pk: `TENANT#${tenant}`, sk: 'POLICY' as const }),
  /**
   * The tenant's request log (issue 14): one partition per tenant, a line per write or failure in time
   * order (the request id breaks ties). TTL (`expiresAt`) removes lines after the retention; a tenant's
   * purge removes the partition with the rest (its pk has the tenant's prefix).
   */
  requestLogOf: (tenant: string) => `TENANT#${tenant}#LOG`,
  requestLog: (tenant: string, time: string, requestId: string) => ({
    pk: keys.requestLogOf(tenant),
    sk: `${time}#${requestId}`,
  }),
} as const;

/** The item that stores a resource: its state (ResourceState), keyed, typed and perhaps marked. */
export interface ResourceItem extends ResourceState {
  readonly pk: string;
  readonly sk: string;
  readonly type: ResourceKind;
  /** Set while a DELETE removes the resource's other items; such a resource is gone for the API. */
  readonly deleting?: boolean;
  /** When the last DELETE marked it: a mark old enough has no DELETE working on it any more. */
  readonly deletingSince?: string;
}

/**
 * The most distinct email addresses a resource may have (stored-state.ts refuses more). Each has a lookup
 * item, written in the resource's own transaction, which holds at most 100 actions
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html); a replace
 * may delete as many as it puts, beside the resource's five other actions (5 + 2 × 40 ≤ 100). A user stored
 * before the limit may have more: a transaction deletes at most this many of its old items, and leaves the
 * rest, which only cost a lookup a read (the filter is evaluated on the user) until the tenant's purge.
 */
export const MAX_EMAILS = 40;

/** What the uniqueness and lookup items of a resource are derived from. */
export interface ResourceIdentity {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly foldedName: string;
  readonly externalId: string | undefined;
  /** The resource's distinct email addresses, case-folded. */
  readonly emails: readonly string[];
}

export const accessPatterns = {
  getResource: (table: string, tenant: string, kind: ResourceKind, id: string): GetCommandInput => ({
    TableName: table,
    Key: keys.resource(tenant, kind, id),
    ConsistentRead: true,
  }),

  getResources: (
    table: string,
    tenant: string,
    kind: ResourceKind,
    ids: readonly string[],
  ): BatchGetCommandInput => ({
    RequestItems: {
      [table]: { Keys: ids.map((id) => keys.resource(tenant, kind, id)), ConsistentRead: true },
    },
  }),

  getUniqueName: (
    table: string,
    tenant: string,
    kind: ResourceKind,
    foldedName: string,
  ): GetCommandInput => ({
    TableName: table,
    Key: keys.uniqueName(tenant, kind, foldedName),
    ConsistentRead: true,
  }),

  queryExternalId: (
    table: string,
    tenant: string,
    kind: ResourceKind,
    externalId: string,
  ): QueryCommandInput => ({
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.externalIdPartition(tenant, kind, externalId) },
    ConsistentRead: true,
  }),

  queryEmail: (
    table: string,
    tenant: string,
    kind: ResourceKind,
    foldedEmail: string,
  ): QueryCommandInput => ({
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.emailPartition(tenant, kind, foldedEmail) },
    ConsistentRead: true,
  }),

  /** One page of a tenant's resources of one kind, in id order. */
  queryResources: (
    table: string,
    tenant: string,
    kind: ResourceKind,
    limit: number | undefined,
  ): QueryCommandInput => ({
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.tenant(tenant), ':prefix': keys.resourcePrefix(kind) },
    ConsistentRead: true,
    ...(limit === undefined ? {} : { Limit: limit }),
  }),

  getCounters: (table: string, tenant: string, kind: ResourceKind): BatchGetCommandInput => ({
    RequestItems: {
      [table]: {
        Keys: Array.from({ length: keys.counterShards }, (_, shard) => keys.counter(tenant, kind, shard)),
        ConsistentRead: true,
      },
    },
  }),

  /** Creates a resource, its unique-name item, its externalId and email items and counts it: all or nothing. */
  createResource: (
    table: string,
    tenant: string,
    item: ResourceItem,
    identity: ResourceIdentity,
    shard: number,
  ): Transaction =>
    transaction([
      [
        'resource',
        { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
      ['uniqueName', uniqueNamePut(table, tenant, identity)],
      ...externalIdPuts(table, tenant, identity),
      ...emailPuts(table, tenant, identity, identity.emails),
      ['counter', counterUpdate(table, tenant, identity.kind, shard, 1)],
    ]),

  /**
   * Replaces a resource if its version is still `expectedVersion`, moving its unique-name and externalId
   * items when those values change. `resource` is the version check, `uniqueName` (only when the name
   * changes) the new name's uniqueness.
   */
  replaceResource: (
    table: string,
    tenant: string,
    item: ResourceItem,
    expectedVersion: number,
    before: ResourceIdentity,
    after: ResourceIdentity,
  ): Transaction =>
    transaction([
      [
        'resource',
        {
          Put: {
            TableName: table,
            Item: item,
            ConditionExpression: 'version = :expected AND attribute_not_exists(deleting)',
            ExpressionAttributeValues: { ':expected': expectedVersion },
          },
        },
      ],
      ...(before.foldedName === after.foldedName
        ? []
        : ([
            ['uniqueName', uniqueNamePut(table, tenant, after)],
            [
              'previousName',
              { Delete: { TableName: table, Key: keys.uniqueName(tenant, before.kind, before.foldedName) } },
            ],
          ] as const)),
      ...(before.externalId === after.externalId
        ? []
        : [...externalIdDeletes(table, tenant, before), ...externalIdPuts(table, tenant, after)]),
      // Only the emails that changed: one that stays keeps its item.
      ...emailDeletes(
        table,
        tenant,
        before,
        before.emails.filter((e) => !after.emails.includes(e)).slice(0, MAX_EMAILS),
      ),
      ...emailPuts(
        table,
        tenant,
        after,
        after.emails.filter((e) => !before.emails.includes(e)),
      ),
    ]),

  /**
   * Marks a resource as being deleted (at `expectedVersion`, if given), as of `now`, and returns it. Each
   * DELETE marks again, so `deletingSince` is when a DELETE last worked on it.
   */
  markDeleting: (
    table: string,
    tenant: string,
    kind: ResourceKind,
    id: string,
    now: string,
    expectedVersion?: number,
  ) => ({
    TableName: table,
    Key: keys.resource(tenant, kind, id),
    UpdateExpression: 'SET deleting = :true, deletingSince = :now',
    ConditionExpression:
      expectedVersion === undefined ? 'attribute_exists(pk)' : 'attribute_exists(pk) AND version = :expected',
    ExpressionAttributeValues: {
      ':true': true,
      ':now': now,
      ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }),
    },
    ReturnValues: 'ALL_NEW' as const,
  }),

  /** Removes a resource with its unique-name, externalId and email items and uncounts it: all or nothing. */
  deleteResource: (table: string, tenant: string, identity: ResourceIdentity, shard: number): Transaction =>
    transaction([
      [
        'resource',
        {
          Delete: {
            TableName: table,
            Key: keys.resource(tenant, identity.kind, identity.id),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
      ],
      [
        'uniqueName',
        {
          Delete: {
            TableName: table,
            Key: keys.uniqueName(tenant, identity.kind, identity.foldedName),
            ConditionExpression: 'id = :id',
            ExpressionAttributeValues: { ':id': identity.id },
          },
        },
      ],
      ...externalIdDeletes(table, tenant, identity),
      ...emailDeletes(table, tenant, identity, identity.emails.slice(0, MAX_EMAILS)),
      ['counter', counterUpdate(table, tenant, identity.kind, shard, -1)],
    ]),
};

/** A member of a group, as its membership item records it. */
export interface MembershipItem {
  readonly pk: string;
  readonly sk: string;
  readonly gsi1pk: string;
  readonly gsi1sk: string;
  readonly type: 'Membership';
  readonly memberType: ResourceKind;
  readonly display?: string;
  readonly addedAt: string;
}

export const membershipPatterns = {
  /** A page of a group's members in member-id order (strongly consistent: a write is seen at once). */
  queryMembers: (
    table: string,
    tenant: string,
    groupId: string,
    limit: number | undefined,
  ): QueryCommandInput => ({
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.membersOf(tenant, groupId), ':prefix': keys.memberPrefix },
    ConsistentRead: true,
    ...(limit === undefined ? {} : { Limit: limit }),
  }),

  /** Which of `memberIds` are members of a group now (strongly consistent), with their `display`. */
  getMemberships: (
    table: string,
    tenant: string,
    groupId: string,
    memberIds: readonly string[],
  ): BatchGetCommandInput => ({
    RequestItems: {
      [table]: {
        Keys: memberIds.map((id) => keys.membership(tenant, groupId, id)),
        ConsistentRead: true,
        ProjectionExpression: 'sk, display',
      },
    },
  }),

  /** The groups a resource is a direct member of, from gsi1 (eventually consistent, keys only). */
  queryGroupsOf: (table: string, tenant: string, memberId: string): QueryCommandInput => ({
    TableName: table,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.groupsOf(tenant, memberId) },
  }),

  /**
   * Adds a membership. `onlyIfAbsent` makes it fail its condition when the member is already there, so that
   * a transaction learns which adds would change nothing (RFC 7644 §3.5.2.1) without reading first.
   */
  putMembership: (
    table: string,
    tenant: string,
    groupId: string,
    member: MemberRef,
    now: string,
    onlyIfAbsent = false,
  ) => ({
    Update: {
      TableName: table,
      Key: keys.membership(tenant, groupId, member.id),
      ...(onlyIfAbsent ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
      UpdateExpression: `SET #type = :type, memberType = :memberType, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, addedAt = if_not_exists(addedAt, :now)${member.display === undefined ? '' : ', display = :display'}`,
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':type': 'Membership',
        ':memberType': member.type,
        ':gsi1pk': keys.groupsOf(tenant, member.id),
        ':gsi1sk': `Group#${groupId}`,
        ':now': now,
        ...(member.display === undefined ? {} : { ':display': member.display }),
      },
    },
  }),

  /** Removes a membership; `onlyIfPresent` makes it fail its condition when there is none to remove. */
  deleteMembership: (
    table: string,
    tenant: string,
    groupId: string,
    memberId: string,
    onlyIfPresent = false,
  ) => ({
    Delete: {
      TableName: table,
      Key: keys.membership(tenant, groupId, memberId),
      ...(onlyIfPresent ? { ConditionExpression: 'attribute_exists(pk)' } : {}),
    },
  }),

  /** Whether resources exist, and of which type: only `id`, `type` and `deleting` are read. */
  getResourceStates: (table: string, itemKeys: readonly Record<string, unknown>[]): BatchGetCommandInput => ({
    RequestItems: {
      [table]: {
        Keys: [...itemKeys],
        ConsistentRead: true,
        // The names a member's `display` is taken from (resolve-members.ts), and nothing else of the resource.
        ProjectionExpression: 'id, #type, deleting, #resource.displayName, #resource.userName',
        ExpressionAttributeNames: { '#type': 'type', '#resource': 'resource' },
      },
    },
  }),

  /** In the same transaction as an added membership: the member exists and is not being deleted. */
  memberExists: (table: string, tenant: string, member: MemberRef) => ({
    ConditionCheck: {
      TableName: table,
      Key: keys.resource(tenant, member.type, member.id),
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleting)',
    },
  }),

  /**
   * A change of a group's members as one transaction: for each add (`member:<id>`), first, if `checked`,
   * the check that the member exists (`memberExists:<id>`), then each remove (`removeMember:<id>`).
   * `onlyIfChanging` makes adds and removes fail their condition when they would change nothing.
   */
  changeMembers: (
    table: string,
    tenant: string,
    groupId: string,
    change: MemberChange,
    now: string,
    options: { readonly checked: boolean; readonly onlyIfChanging: boolean },
  ): Transaction =>
    transaction([
      ...change.adds.flatMap((m) => [
        ...(options.checked
          ? [[`memberExists:${m.id}`, membershipPatterns.memberExists(table, tenant, m)] as const]
          : []),
        [
          `member:${m.id}`,
          membershipPatterns.putMembership(table, tenant, groupId, m, now, options.onlyIfChanging),
        ] as const,
      ]),
      ...change.removes.map(
        (id) =>
          [
            `removeMember:${id}`,
            membershipPatterns.deleteMembership(table, tenant, groupId, id, options.onlyIfChanging),
          ] as const,
      ),
    ]),

  /**
   * Records that a group's members changed: a plain update, not part of the membership transaction, so that
   * concurrent membership changes of one group never conflict on the group's item.
   */
  touchResource: (table: string, tenant: string, kind: ResourceKind, id: string, now: string) => ({
    TableName: table,
    Key: keys.resource(tenant, kind, id),
    UpdateExpression: 'ADD version :one SET lastModified = :now',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleting)',
    ExpressionAttributeValues: { ':one': 1, ':now': now },
    ReturnValues: 'ALL_NEW' as const,
  }),
};

function uniqueNamePut(table: string, tenant: string, identity: ResourceIdentity) {
  return {
    Put: {
      TableName: table,
      Item: {
        ...keys.uniqueName(tenant, identity.kind, identity.foldedName),
        type: 'UniqueName',
        id: identity.id,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

function externalIdPuts(table: string, tenant: string, identity: ResourceIdentity) {
  if (identity.externalId === undefined) return [];
  const Item = {
    ...keys.externalId(tenant, identity.kind, identity.externalId, identity.id),
    type: 'ExternalId',
  };
  return [['externalId', { Put: { TableName: table, Item } }]] as const;
}

function externalIdDeletes(table: string, tenant: string, identity: ResourceIdentity) {
  if (identity.externalId === undefined) return [];
  const Key = keys.externalId(tenant, identity.kind, identity.externalId, identity.id);
  return [['previousExternalId', { Delete: { TableName: table, Key } }]] as const;
}

/** The lookup item of one of a resource's (folded) email addresses. */
export function emailItem(tenant: string, kind: ResourceKind, foldedEmail: string, id: string) {
  return { ...keys.email(tenant, kind, foldedEmail, id), type: 'Email' };
}

function emailPuts(table: string, tenant: string, identity: ResourceIdentity, emails: readonly string[]) {
  return emails.map((email) => {
    const Item = emailItem(tenant, identity.kind, email, identity.id);
    return ['email', { Put: { TableName: table, Item } }] as const;
  });
}

function emailDeletes(table: string, tenant: string, identity: ResourceIdentity, emails: readonly string[]) {
  return emails.map((email) => {
    const Key = keys.email(tenant, identity.kind, email, identity.id);
    return ['previousEmail', { Delete: { TableName: table, Key } }] as const;
  });
}

function counterUpdate(table: string, tenant: string, kind: ResourceKind, shard: number, delta: 1 | -1) {
  return {
    Update: {
      TableName: table,
      Key: keys.counter(tenant, kind, shard),
      UpdateExpression: 'ADD #count :delta SET #type = :type',
      ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
      ExpressionAttributeValues: { ':delta': delta, ':type': 'Counter' },
    },
  };
}

/**
 * A tenant's purge (`scim-admin tenants delete --purge`). A tenant's items live in many partitions (its own,
 * each group's members, each unique name and externalId), all keyed `TENANT#<tenant>` or
 * `TENANT#<tenant>#…` (tenant ids have no `#`), so a Scan filtered on that prefix finds every one of them,
 * including items a derived list of keys would miss (the leftovers of an interrupted delete). A Scan reads the
 * whole table, a page of `limit` items at a time, and the filter applies after the read
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html): the purge pays for the
 * table, once, in bounded pages that resume from `LastEvaluatedKey`.
 */
export const purgePatterns = {
  /**
   * A page of a tenant's users with their emails only, in id order, for `tenants reindex`, which writes the
   * email items of users stored before those items existed.
   */
  queryUserEmails: (table: string, tenant: string, limit: number): QueryCommandInput => ({
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.tenant(tenant), ':prefix': keys.resourcePrefix('User') },
    ExpressionAttributeNames: { '#resource': 'resource' },
    ProjectionExpression: 'id, #resource.emails',
    Limit: limit,
  }),

  scanTenant: (table: string, tenant: string, limit: number): ScanCommandInput => ({
    TableName: table,
    FilterExpression: 'pk = :pk OR begins_with(pk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.tenant(tenant), ':prefix': `${keys.tenant(tenant)}#` },
    ProjectionExpression: 'pk, sk',
    Limit: limit,
  }),
};

/* ---------------------------------------------------------------------------------------------------
 * Retained deletion, Time to Live and the purge of deactivated users (docs/table-design.md, Deleting).
 * ------------------------------------------------------------------------------------------------- */

/**
 * The data table's Time to Live attribute: a Number of epoch seconds, as TTL requires
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html).
 * DynamoDB deletes an expired item in the background, typically within a few days, and until then reads
 * still return it (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html):
 * so every read of items that carry it leaves out those whose time has passed.
 */
export const TTL_ATTRIBUTE = 'expiresAt';

/** The most group ids a deleted user's tombstone keeps; beyond, `groupsTruncated`. */
export const MAX_TOMBSTONE_GROUPS = 1_000;

/**
 * What a mark of `deleting` may carry besides `deletingSince`, for whichever request finishes the delete:
 * a retained DELETE's expiry and the user's groups (so another request that finishes an abandoned delete
 * writes the same tombstone without knowing the tenant's policy), or the deactivated sweep's reason.
 */
export interface DeletionMarkAttributes {
  /** A retained delete: when its tombstone expires (ISO 8601), the mark's time plus the policy's days. */
  readonly retainUntil?: string;
  /** The groups a User was in when the first retained DELETE of it began (at most MAX_TOMBSTONE_GROUPS). */
  readonly retainGroups?: readonly string[];
  readonly retainGroupsTruncated?: boolean;
  /** Marked by the daily sweep, not by a DELETE: the events report a purge. */
  readonly purgeReason?: 'deactivated';
}

/** A deleted resource, kept until `expiresAt` (the table's TTL) for the reader. */
export interface TombstoneItem extends ResourceState {
  readonly pk: string;
  readonly sk: string;
  readonly type: ResourceKind;
  /** When the DELETE marked it: from then on it was gone for SCIM. */
  readonly deletedAt: string;
  /** Epoch seconds: the TTL attribute. */
  readonly expiresAt: number;
  /** A User's groups when its DELETE began. */
  readonly groups?: readonly string[];
  readonly groupsTruncated?: boolean;
}

/** Epoch seconds of an instant, as the TTL attribute holds them (rounded up: never early). */
export function epochSeconds(at: Date | string): number {
  return Math.ceil((typeof at === 'string' ? Date.parse(at) : at.getTime()) / 1000);
}

/** Reading and writing a tenant's request log (functions/storage/request-log-store.ts). */
export const requestLogPatterns = {
  /** A line, unconditionally: a retried request is a second line, as it was a second request. */
  putLine: (
    table: string,
    tenant: string,
    line: Record<string, unknown> & { time: string; requestId: string },
    expiresAt: number,
  ): PutCommandInput => ({
    TableName: table,
    Item: { ...keys.requestLog(tenant, line.time, line.requestId), ...line, [TTL_ATTRIBUTE]: expiresAt },
  }),
  /**
   * A page of lines from `since` on, oldest first (or newest first with `newestFirst`), `limit` at most.
   * Lines past their TTL that DynamoDB has not yet removed are left out by the reader.
   */
  queryLines: (
    table: string,
    tenant: string,
    since: string,
    limit: number,
    options: { readonly newestFirst?: boolean; readonly startKey?: Record<string, unknown> } = {},
  ): QueryCommandInput => ({
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk >= :since',
    ExpressionAttributeValues: { ':pk': keys.requestLogOf(tenant), ':since': since },
    ScanIndexForward: options.newestFirst !== true,
    Limit: limit,
    ...(options.startKey === undefined ? {} : { ExclusiveStartKey: options.startKey }),
  }),
};

export const lifecyclePatterns = {
  /**
   * A retained DELETE's mark: markDeleting's, plus the tombstone's expiry and (a User) its groups. The
   * groups are kept from the first such mark (`if_not_exists`): a retried DELETE finds fewer, its first
   * attempt having removed some memberships.
   */
  markDeletingRetained: (
    table: string,
    tenant: string,
    kind: ResourceKind,
    id: string,
    now: string,
    retainUntil: string,
    groups: { readonly ids: readonly string[]; readonly truncated: boolean } | undefined,
    expectedVersion?: number,
  ) => {
    const mark = accessPatterns.markDeleting(table, tenant, kind, id, now, expectedVersion);
    return {
      ...mark,
      UpdateExpression: `${mark.UpdateExpression}, retainUntil = :until${
        groups === undefined
          ? ''
          : ', retainGroups = if_not_exists(retainGroups, :groups), retainGroupsTruncated = if_not_exists(retainGroupsTruncated, :truncated)'
      }`,
      ExpressionAttributeValues: {
        ...mark.ExpressionAttributeValues,
        ':until': retainUntil,
        ...(groups === undefined ? {} : { ':groups': [...groups.ids], ':truncated': groups.truncated }),
      },
    };
  },

  /** The groups of a member, one gsi1 page of at most `limit` (keys only, eventually consistent). */
  queryGroupsOfPage: (table: string, tenant: string, memberId: string, limit: number): QueryCommandInput => ({
    ...membershipPatterns.queryGroupsOf(table, tenant, memberId),
    Limit: limit,
  }),

  /** The tombstone a retained delete leaves: the resource's state, without its mark, and its retention. */
  tombstone: (
    tenant: string,
    kind: ResourceKind,
    state: ResourceState,
    deletedAt: string,
    retainUntil: string,
    groups: { readonly ids: readonly string[]; readonly truncated: boolean } | undefined,
  ): TombstoneItem => ({
    ...keys.tombstone(tenant, kind, state.id),
    type: kind,
    id: state.id,
    version: state.version,
    created: state.created,
    lastModified: state.lastModified,
    resource: state.resource,
    deletedAt,
    [TTL_ATTRIBUTE]: epochSeconds(retainUntil),
    ...(groups === undefined
      ? {}
      : { groups: [...groups.ids], ...(groups.truncated ? { groupsTruncated: true } : {}) }),
  }),

  /** deleteResource's transaction, which also puts the tombstone: the resource is gone and kept at once. */
  deleteResourceRetained: (
    table: string,
    tenant: string,
    identity: ResourceIdentity,
    shard: number,
    tombstone: TombstoneItem,
  ): Transaction => {
    const removed = accessPatterns.deleteResource(table, tenant, identity, shard);
    return {
      TransactItems: [...removed.TransactItems, { Put: { TableName: table, Item: tombstone } }],
      roles: [...removed.roles, 'tombstone'],
    };
  },

  getTombstone: (table: string, tenant: string, kind: ResourceKind, id: string): GetCommandInput => ({
    TableName: table,
    Key: keys.tombstone(tenant, kind, id),
    ConsistentRead: true,
  }),

  /**
   * A page of a tenant's tombstones of one kind in id order, those expired left out (TTL may not have
   * deleted them yet). `Limit` counts the items read, before the filter
   * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html).
   */
  queryTombstones: (
    table: string,
    tenant: string,
    kind: ResourceKind,
    nowSeconds: number,
    limit: number,
  ): QueryCommandInput => ({
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    FilterExpression: '#ttl > :now',
    ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
    ExpressionAttributeValues: {
      ':pk': keys.tenant(tenant),
      ':prefix': keys.tombstonePrefix(kind),
      ':now': nowSeconds,
    },
    ConsistentRead: true,
    Limit: limit,
  }),

  /** The local TTL emulator: a page of the table's items whose TTL has passed (keys only). */
  scanExpired: (table: string, nowSeconds: number, limit: number): ScanCommandInput => ({
    TableName: table,
    FilterExpression: '#ttl <= :now',
    ProjectionExpression: 'pk, sk',
    ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
    ExpressionAttributeValues: { ':now': nowSeconds },
    Limit: limit,
  }),

  /** Deletes an item if its TTL has passed (as TTL does: an item given a later expiry meanwhile stays). */
  deleteExpired: (table: string, key: Record<string, unknown>, nowSeconds: number) => ({
    TableName: table,
    Key: key,
    ConditionExpression: '#ttl <= :now',
    ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
    ExpressionAttributeValues: { ':now': nowSeconds },
  }),

  /**
   * A page of the daily sweep through a tenant's users, `limit` users read: those deactivated (`active`
   * false) and unchanged since `cutoff`, not being deleted, and those an earlier sweep marked (whose
   * purge it may not have finished). Eventually consistent (half the read cost): the mark that follows is
   * conditional on the version read, so a stale page can only miss a user until the next sweep.
   */
  queryDeactivatedUsers: (
    table: string,
    tenant: string,
    cutoff: string,
    limit: number,
  ): QueryCommandInput => ({
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    FilterExpression:
      '(#resource.#active = :false AND lastModified < :cutoff AND attribute_not_exists(deleting)) OR purgeReason = :reason',
    ProjectionExpression: 'id, version, deleting',
    ExpressionAttributeNames: { '#resource': 'resource', '#active': 'active' },
    ExpressionAttributeValues: {
      ':reason': 'deactivated',
      ':pk': keys.tenant(tenant),
      ':prefix': keys.resourcePrefix('User'),
      ':false': false,
      ':cutoff': cutoff,
    },
    Limit: limit,
  }),

  /**
   * The sweep's mark of a deactivated user: as a DELETE's, with `purgeReason`, only if the user is still
   * inactive, unchanged (`version`) and not being deleted. A reactivation in between wins.
   */
  markDeactivatedPurge: (
    table: string,
    tenant: string,
    id: string,
    now: string,
    version: number,
    cutoff: string,
  ) => ({
    TableName: table,
    Key: keys.resource(tenant, 'User', id),
    UpdateExpression: 'SET deleting = :true, deletingSince = :now, purgeReason = :reason',
    ConditionExpression:
      'attribute_exists(pk) AND version = :version AND #resource.#active = :false AND lastModified < :cutoff AND attribute_not_exists(deleting)',
    ExpressionAttributeNames: { '#resource': 'resource', '#active': 'active' },
    ExpressionAttributeValues: {
      ':true': true,
      ':now': now,
      ':reason': 'deactivated',
      ':version': version,
      ':false': false,
      ':cutoff': cutoff,
    },
    ReturnValues: 'ALL_NEW' as const,
  }),
};

/* ---------------------------------------------------------------------------------------------------
 * The tokens table: tenants, and bearer tokens keyed by their SHA-256.
 * ------------------------------------------------------------------------------------------------- */

export interface TenantItem {
  readonly pk: string;
  readonly sk: 'TENANT';
  readonly type: 'Tenant';
  readonly tenantId: string;
  /** 'creating' and 'deleting' are the states of an unfinished create or delete, which a retry completes. */
  readonly status: 'active' | 'disabled' | 'creating' | 'deleting';
  /** The usage-plan tier whose throttling applies to the tenant. */
  readonly tier: string;
  /** The tenant's API Gateway API key: its id, and its value for the authorizer's usageIdentifierKey. */
  readonly apiKeyId?: string;
  readonly apiKey?: string;
  readonly createdAt: string;
  /** Held by the admin request that creates or deletes the tenant, until `leaseUntil`: one at a time. */
  readonly lease?: string;
  readonly leaseUntil?: string;
  /** Set by `tenants delete`; a purge of the tenant's data waits for tokens authorised before it to lapse. */
  readonly closedAt?: string;
  /** A purge in the background: the invocation allowed to continue it, and where its scan is. */
  readonly purgeStep?: number;
  readonly purgeCursor?: Record<string, unknown>;
  readonly purgeError?: string;
  /** How the tenant's data is kept and whether it may be written (absent = DEFAULT_TENANT_POLICY). */
  readonly policy?: TenantPolicy;
  readonly gsi1pk: 'TENANTS';
  readonly gsi1sk: string;
}

export interface TokenItem {
  readonly pk: string;
  readonly sk: 'TOKEN';
  readonly type: 'Token';
  readonly tokenId: string;
  readonly tenantId: string;
  readonly label: string;
  /** `scim_abcd…wxyz`: enough to recognise a token, not to use it. */
  readonly hint: string;
  readonly status: 'active' | 'revoked';
  readonly createdAt: string;
  readonly lastUsedAt?: string;
  readonly expiresAt?: string;
  readonly revokedAt?: string;
  /** An access token of the token endpoint: the client it was issued to, and the secret that got it. */
  readonly clientId?: string;
  readonly secretId?: string;
  /**
   * An access token's Time to Live (TABLES.tokens.timeToLiveAttribute): a Number of epoch seconds, a day
   * after expiresAt, so that the table does not keep every token ever issued. TTL reads only a Number in
   * epoch seconds (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html)
   * and deletes within days, not at once: expiresAt, not ttl, is what refuses the token.
   */
  readonly ttl?: number;
  readonly gsi1pk: string;
  /** `TOKEN#<tokenId>` (a Secret Token) or `ACCESS#<clientId>#<tokenId>` (an access token of that client). */
  readonly gsi1sk: string;
}

/** How a client authenticates at the token endpoint: a secret of its own, or an assertion of a trust. */
export type ClientMethod = 'client_secret' | 'federation';

/** The Entra workload identity a federation client trusts (its assertions' iss, sub, aud and tid). */
export interface Trust {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly entraTenant: string;
  readonly subject: string;
  readonly audience: string;
}

/** An OAuth 2.0 client of a tenant (RFC 6749 §2), keyed by its id so the token endpoint finds it alone. */
export interface ClientItem {
  readonly pk: string;
  readonly sk: 'CLIENT';
  readonly type: 'Client';
  readonly clientId: string;
  readonly tenantId: string;
  readonly label: string;
  readonly method: ClientMethod;
  /** Seconds an access token issued to it lasts. */
  readonly accessTokenLifetime: number;
  readonly createdAt: string;
  /** Federation clients only. */
  readonly trust?: Trust;
  readonly gsi1pk: string;
  readonly gsi1sk: string;
}

/** A secret of a client_secret client, in the client's partition, keyed by its SHA-256 (never stored itself). */
export interface SecretItem {
  readonly pk: string;
  readonly sk: string;
  readonly type: 'ClientSecret';
  readonly secretId: string;
  readonly clientId: string;
  readonly tenantId: string;
  readonly hint: string;
  readonly status: 'active' | 'revoked';
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
}

/** The gsi1 sort-key prefixes of what a tenant's partition of the index holds. */
export const TOKEN_INDEX_PREFIX = {
  /** Secret Tokens (`tokens issue`). */
  token: 'TOKEN#',
  /** Access tokens of the token endpoint, `ACCESS#<clientId>#<tokenId>`. */
  access: 'ACCESS#',
  client: 'CLIENT#',
} as const;

export const tokenKeys = {
  tenant: (tenantId: string) => ({ pk: `TENANT#${tenantId}`, sk: 'TENANT' as const }),
  tenantIndex: (tenantId: string) => ({ gsi1pk: 'TENANTS' as const, gsi1sk: `TENANT#${tenantId}` }),
  token: (tokenHash: string) => ({ pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' as const }),
  tokenIndex: (tenantId: string, tokenId: string) => ({
    gsi1pk: `TENANT#${tenantId}`,
    gsi1sk: `${TOKEN_INDEX_PREFIX.token}${tokenId}`,
  }),
  /** An access token's place in gsi1: beside its tenant's tokens, grouped by client. */
  accessTokenIndex: (tenantId: string, clientId: string, tokenId: string) => ({
    gsi1pk: `TENANT#${tenantId}`,
    gsi1sk: `${TOKEN_INDEX_PREFIX.access}${clientId}#${tokenId}`,
  }),
} as const;

export const clientKeys = {
  client: (clientId: string) => ({ pk: `CLIENT#${clientId}`, sk: 'CLIENT' as const }),
  clientIndex: (tenantId: string, clientId: string) => ({
    gsi1pk: `TENANT#${tenantId}`,
    gsi1sk: `${TOKEN_INDEX_PREFIX.client}${clientId}`,
  }),
  secret: (clientId: string, secretHash: string) => ({
    pk: `CLIENT#${clientId}`,
    sk: `SECRET#${secretHash}`,
  }),
  /** The gsi1 sort-key prefix of a client's access tokens (the `#` ends the id: no id is a prefix of another's). */
  accessTokensOf: (clientId: string) => `${TOKEN_INDEX_PREFIX.access}${clientId}#`,
} as const;

/** A condition on a tenant's record, with the attribute names and values it uses. */
export interface TenantCondition {
  readonly expression: string;
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, unknown>>;
}

export const tokenAccessPatterns = {
  getToken: (table: string, tokenHash: string): GetCommandInput => ({
    TableName: table,
    Key: tokenKeys.token(tokenHash),
    ConsistentRead: true,
  }),

  getTenant: (table: string, tenantId: string): GetCommandInput => ({
    TableName: table,
    Key: tokenKeys.tenant(tenantId),
    ConsistentRead: true,
  }),

  putTenant: (table: string, item: TenantItem) => ({
    TableName: table,
    Item: item,
    ConditionExpression: 'attribute_not_exists(pk)',
  }),

  /**
   * A token is only issued for a tenant that exists, and an access token only for a client of that tenant
   * that still exists: a client deleted while its token was being issued gets none (ClientStore.deleteClient
   * deletes the client, then its access tokens).
   */
  putToken: (table: string, item: TokenItem): Transaction =>
    transaction([
      [
        'tenant',
        {
          ConditionCheck: {
            TableName: table,
            Key: tokenKeys.tenant(item.tenantId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
      ],
      ...(item.clientId === undefined
        ? []
        : [['client', clientAccessPatterns.clientOfTenant(table, item.clientId, item.tenantId)] as const]),
      ['token', { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }],
    ]),

  /**
   * All tenants, or what a tenant has in gsi1 (eventually consistent: admin listings and sweeps only), or
   * only the entries whose sort key starts with `prefix` (TOKEN_INDEX_PREFIX, clientKeys.accessTokensOf).
   */
  queryIndex: (table: string, gsi1pk: string, prefix?: string): QueryCommandInput => ({
    TableName: table,
    IndexName: 'gsi1',
    ...(prefix === undefined
      ? {
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': gsi1pk },
        }
      : {
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
          ExpressionAttributeValues: { ':pk': gsi1pk, ':prefix': prefix },
        }),
  }),

  /** Sets attributes of a tenant that exists. */
  updateTenant: (table: string, tenantId: string, changes: Readonly<Record<string, unknown>>) => ({
    TableName: table,
    Key: tokenKeys.tenant(tenantId),
    ...setExpression(changes),
    ConditionExpression: 'attribute_exists(pk)',
    ReturnValues: 'ALL_NEW' as const,
  }),

  /**
   * Sets (and removes) attributes of a tenant if `condition` holds. DynamoDB refuses unused names and values,
   * so the condition brings exactly its own.
   */
  updateTenantIf: (
    table: string,
    tenantId: string,
    changes: Readonly<Record<string, unknown>>,
    remove: readonly string[],
    condition: TenantCondition,
  ) => {
    const set = setExpression(changes);
    const removed = remove.map((name, i) => [`#r${i}`, name] as const);
    return {
      TableName: table,
      Key: tokenKeys.tenant(tenantId),
      UpdateExpression: [
        Object.keys(changes).length === 0 ? '' : set.UpdateExpression,
        removed.length === 0 ? '' : `REMOVE ${removed.map(([n]) => n).join(', ')}`,
      ]
        .join(' ')
        .trim(),
      ExpressionAttributeNames: {
        ...(Object.keys(changes).length === 0 ? {} : set.ExpressionAttributeNames),
        ...Object.fromEntries(removed),
        ...condition.names,
      },
      ...(Object.keys(changes).length === 0 && Object.keys(condition.values).length === 0
        ? {}
        : { ExpressionAttributeValues: { ...set.ExpressionAttributeValues, ...condition.values } }),
      ConditionExpression: `attribute_exists(pk) AND (${condition.expression})`,
      ReturnValues: 'ALL_NEW' as const,
    };
  },

  /** Removes a tenant's record if `condition` holds. */
  deleteTenantIf: (table: string, tenantId: string, condition: TenantCondition) => ({
    TableName: table,
    Key: tokenKeys.tenant(tenantId),
    ConditionExpression: `attribute_exists(pk) AND (${condition.expression})`,
    ...(Object.keys(condition.names).length === 0 ? {} : { ExpressionAttributeNames: condition.names }),
    ...(Object.keys(condition.values).length === 0 ? {} : { ExpressionAttributeValues: condition.values }),
  }),

  /**
   * Sets a tenant's policy: on its record in the tokens table, and as the POLICY item of its partition in
   * the data table, so that the change reaches the data table's stream (and becomes an event). One
   * transaction across the two tables (allowed in one account and Region:
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html). Only for
   * an active tenant, and only if its policy is still `previous` (undefined: none stored), so that two
   * partial changes at once cannot lose one another.
   */
  setTenantPolicy: (
    tables: { readonly tokens: string; readonly data: string },
    tenantId: string,
    policy: TenantPolicy,
    previous: TenantPolicy | undefined,
    now: string,
  ): Transaction =>
    transaction([
      [
        'tenant',
        {
          Update: {
            TableName: tables.tokens,
            Key: tokenKeys.tenant(tenantId),
            UpdateExpression: 'SET #policy = :policy',
            ConditionExpression: `attribute_exists(pk) AND #status = :active AND ${
              previous === undefined ? 'attribute_not_exists(#policy)' : '#policy = :previous'
            }`,
            ExpressionAttributeNames: { '#policy': 'policy', '#status': 'status' },
            ExpressionAttributeValues: {
              ':policy': policy,
              ':active': 'active',
              ...(previous === undefined ? {} : { ':previous': previous }),
            },
          },
        },
      ],
      ['policyItem', { Put: { TableName: tables.data, Item: policyItem(tenantId, policy, now) } }],
    ]),

  /** Removes a token of `tenantId`. */
  deleteToken: (table: string, tokenHash: string, tenantId: string) => ({
    TableName: table,
    Key: tokenKeys.token(tokenHash),
    ConditionExpression: 'tenantId = :tenantId',
    ExpressionAttributeValues: { ':tenantId': tenantId },
  }),

  /** Sets attributes of a token of `tenantId`. */
  updateToken: (
    table: string,
    tokenHash: string,
    tenantId: string,
    changes: Readonly<Record<string, unknown>>,
  ) => {
    const set = setExpression(changes);
    return {
      TableName: table,
      Key: tokenKeys.token(tokenHash),
      ...set,
      ConditionExpression: 'tenantId = :tenantId',
      ExpressionAttributeValues: { ...set.ExpressionAttributeValues, ':tenantId': tenantId },
      ReturnValues: 'ALL_NEW' as const,
    };
  },
};

/**
 * The tokens table's clients and their secrets. The token endpoint and the authorizer find a client by its
 * id and a secret by its hash, with GetItem alone (the authorizer's IAM allows GetItem and UpdateItem on
 * the table, nothing else); admin commands list them through gsi1 and the client's partition.
 */
export const clientAccessPatterns = {
  getClient: (table: string, clientId: string): GetCommandInput => ({
    TableName: table,
    Key: clientKeys.client(clientId),
    ConsistentRead: true,
  }),

  getSecret: (table: string, clientId: string, secretHash: string): GetCommandInput => ({
    TableName: table,
    Key: clientKeys.secret(clientId, secretHash),
    ConsistentRead: true,
  }),

  /** A transaction's check that `clientId` is a client of `tenantId` (of `method`, if given). */
  clientOfTenant: (table: string, clientId: string, tenantId: string, method?: ClientMethod) => ({
    ConditionCheck: {
      TableName: table,
      Key: clientKeys.client(clientId),
      ConditionExpression: `attribute_exists(pk) AND tenantId = :tenantId${
        method === undefined ? '' : ' AND #method = :method'
      }`,
      ...(method === undefined ? {} : { ExpressionAttributeNames: { '#method': 'method' } }),
      ExpressionAttributeValues: {
        ':tenantId': tenantId,
        ...(method === undefined ? {} : { ':method': method }),
      },
    },
  }),

  /**
   * A client is created only for a tenant that exists and is neither being created nor deleted: a tenant
   * delete sets 'deleting' before it deletes the tenant's clients, so none is created behind it.
   */
  putClient: (table: string, item: ClientItem): Transaction =>
    transaction([
      [
        'tenant',
        {
          ConditionCheck: {
            TableName: table,
            Key: tokenKeys.tenant(item.tenantId),
            ConditionExpression: 'attribute_exists(pk) AND #status IN (:active, :disabled)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':active': 'active', ':disabled': 'disabled' },
          },
        },
      ],
      ['client', { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }],
    ]),

  /** A secret is added only to a client_secret client of its tenant. */
  putSecret: (table: string, item: SecretItem): Transaction =>
    transaction([
      ['client', clientAccessPatterns.clientOfTenant(table, item.clientId, item.tenantId, 'client_secret')],
      ['secret', { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }],
    ]),

  /** A client's secrets: its partition after the client item (strongly consistent: few, and just written). */
  querySecrets: (table: string, clientId: string): QueryCommandInput => ({
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': clientKeys.client(clientId).pk, ':prefix': 'SECRET#' },
    ConsistentRead: true,
  }),

  /** The access tokens a client got, or (with `secretId`) those it got with that secret. */
  queryAccessTokens: (
    table: string,
    tenantId: string,
    clientId: string,
    secretId?: string,
  ): QueryCommandInput => {
    const query = tokenAccessPatterns.queryIndex(
      table,
      tokenKeys.tenant(tenantId).pk,
      clientKeys.accessTokensOf(clientId),
    );
    return secretId === undefined
      ? query
      : {
          ...query,
          FilterExpression: 'secretId = :secretId',
          ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':secretId': secretId },
        };
  },

  /** Revokes a secret of `tenantId`'s client (kept, for `secrets list`, until the client is deleted). */
  revokeSecret: (table: string, clientId: string, secretHash: string, tenantId: string, now: string) => ({
    TableName: table,
    Key: clientKeys.secret(clientId, secretHash),
    UpdateExpression: 'SET #status = :revoked, revokedAt = :now',
    ConditionExpression: 'attribute_exists(pk) AND tenantId = :tenantId',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':revoked': 'revoked', ':now': now, ':tenantId': tenantId },
    ReturnValues: 'ALL_NEW' as const,
  }),

  /** Records a secret's use; never creates an item (a secret deleted meanwhile stays deleted). */
  touchSecret: (table: string, clientId: string, secretHash: string, now: string) => ({
    TableName: table,
    Key: clientKeys.secret(clientId, secretHash),
    UpdateExpression: 'SET lastUsedAt = :now',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':now': now },
    ReturnValues: 'NONE' as const,
  }),

  /** Removes an item of a client's partition (the client or a secret) if it is `tenantId`'s. */
  deleteClientItem: (table: string, key: { pk: string; sk: string }, tenantId: string) => ({
    TableName: table,
    Key: key,
    ConditionExpression: 'tenantId = :tenantId',
    ExpressionAttributeValues: { ':tenantId': tenantId },
  }),
};

/** The data table's mirror of a tenant's policy (keys.policy), which the stream turns into an event. */
export interface PolicyItem {
  readonly pk: string;
  readonly sk: 'POLICY';
  readonly type: 'Policy';
  readonly tenantId: string;
  readonly policy: TenantPolicy;
  /** When `tenants set` last wrote it (ISO 8601). */
  readonly updatedAt: string;
}

function policyItem(tenantId: string, policy: TenantPolicy, updatedAt: string): PolicyItem {
  return { ...keys.policy(tenantId), type: 'Policy', tenantId, policy, updatedAt };
}

function setExpression(changes: Readonly<Record<string, unknown>>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const assignments = Object.entries(changes).map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:v${i}`] = value;
    return `#a${i} = :v${i}`;
  });
  return {
    UpdateExpression: `SET ${assignments.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
