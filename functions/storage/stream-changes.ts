/**
 * The data table's stream records (NEW_AND_OLD_IMAGES) as committed changes in SCIM's terms, for the event
 * builder (functions/events/build-events.ts). Resource, membership, tombstone and policy items are changes;
 * the unique-name, externalId, counter and lookup items are how storage keeps its promises, not changes.
 * A write that changed nothing leaves no stream record at all: "If you perform a PutItem or UpdateItem
 * operation that does not change any data in an item, DynamoDB Streams does not write a stream record"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { ChangedResource, CommittedChange } from '../events/committed-change';
import type { ResourceState } from '../scim/representation';
import type { ResourceKind } from '../scim/schema/resource-type';
import { TENANT_ID_PATTERN } from '../scim/tenant-id';
import { parseTenantPolicy } from '../scim/tenant-policy';
import { keys } from './table-design';

type Image = Record<string, unknown>;

/** What every change holds (committed-change.ts). */
type ChangeBase = Pick<CommittedChange, 'streamEventId' | 'committedAt' | 'tenantId'>;

/** What a data-table key names, as far as events care. */
export type ItemKey =
  | { readonly item: 'resource'; readonly tenantId: string; readonly kind: ResourceKind; readonly id: string }
  | {
      readonly item: 'membership';
      readonly tenantId: string;
      readonly groupId: string;
      readonly memberId: string;
    }
  | {
      readonly item: 'tombstone';
      readonly tenantId: string;
      readonly kind: ResourceKind;
      readonly id: string;
    }
  | { readonly item: 'policy'; readonly tenantId: string }
  | { readonly item: 'other' };

const TENANT_PARTITION = /^TENANT#([^#]+)$/;
const MEMBERSHIP_KEY = /^TENANT#([^#]+)#Group#([^#]+)$/;
const KINDS: readonly ResourceKind[] = ['User', 'Group'];

/**
 * Which item a key names. A candidate is confirmed by building its key again with table-design.ts's own
 * `keys`, so that this reading can never disagree with the writing.
 */
export function itemKey(pk: string, sk: string): ItemKey {
  const tenantId = TENANT_PARTITION.exec(pk)?.[1];
  if (tenantId !== undefined && isTenant(tenantId)) {
    const inTenant = tenantItemKey(tenantId, pk, sk);
    if (inTenant !== undefined) return inTenant;
  }
  const membership = MEMBERSHIP_KEY.exec(pk);
  if (membership?.[1] !== undefined && membership[2] !== undefined && sk.startsWith(keys.memberPrefix)) {
    const [, tenantId, groupId] = membership;
    const memberId = sk.slice(keys.memberPrefix.length);
    if (
      memberId !== '' &&
      sameKey(keys.membership(tenantId, groupId, memberId), pk, sk) &&
      isTenant(tenantId)
    ) {
      return { item: 'membership', tenantId, groupId, memberId };
    }
  }
  return { item: 'other' };
}

/** Which item of the tenant's own partition a key names: a resource, a tombstone, or the policy. */
function tenantItemKey(tenantId: string, pk: string, sk: string): ItemKey | undefined {
  for (const kind of KINDS) {
    for (const [item, prefix, build] of [
      ['resource', keys.resourcePrefix(kind), keys.resource],
      ['tombstone', keys.tombstonePrefix(kind), keys.tombstone],
    ] as const) {
      const id = sk.startsWith(prefix) ? sk.slice(prefix.length) : '';
      if (id !== '' && sameKey(build(tenantId, kind, id), pk, sk)) return { item, tenantId, kind, id };
    }
  }
  return sameKey(keys.policy(tenantId), pk, sk) ? { item: 'policy', tenantId } : undefined;
}

function sameKey(built: { pk: string; sk: string }, pk: string, sk: string): boolean {
  return built.pk === pk && built.sk === sk;
}

function isTenant(tenantId: string): boolean {
  return TENANT_ID_PATTERN.test(tenantId);
}

/** The committed changes of some stream records, in record order; records of other items give none. */
export function committedChanges(records: readonly DynamoDBRecord[]): CommittedChange[] {
  return records.flatMap((record) => {
    const change = committedChange(record);
    return change === undefined ? [] : [change];
  });
}

function committedChange(record: DynamoDBRecord): CommittedChange | undefined {
  const stream = record.dynamodb;
  const keyImage = image(stream?.Keys);
  if (keyImage === undefined || typeof keyImage.pk !== 'string' || typeof keyImage.sk !== 'string')
    return undefined;
  const key = itemKey(keyImage.pk, keyImage.sk);
  if (key.item === 'other') return undefined;
  const { before, after } = images(record);
  const base = {
    streamEventId: required(record.eventID, 'eventID'),
    committedAt: commitTime(stream?.ApproximateCreationDateTime),
    tenantId: key.tenantId,
  };
  if (key.item === 'tombstone') return tombstoneChange(record, key, base, after ?? before);
  if (key.item === 'policy') return policyChange(base, before, after);
  if (key.item === 'resource') {
    return {
      kind: 'resource',
      ...base,
      resourceType: key.kind,
      ...(before === undefined ? {} : { before: changedResource(before, key.id) }),
      ...(after === undefined ? {} : { after: changedResource(after, key.id) }),
    };
  }
  // A membership rewritten in place (an add of a member already there) changes no membership.
  const member = record.eventName === 'MODIFY' ? undefined : (after ?? before);
  if (member === undefined) return undefined;
  return {
    kind: 'membership',
    ...base,
    groupId: key.groupId,
    member: {
      id: key.memberId,
      type: member.memberType === 'Group' ? 'Group' : 'User',
      ...(typeof member.display === 'string' ? { display: member.display } : {}),
    },
    change: after === undefined ? 'removed' : 'added',
  };
}

/**
 * The tenant's policy set (`policy` is a TenantPolicy map, refused if it is not one). The policy item is
 * only ever set: its removal (a tenant's purge) changes no policy.
 */
function policyChange(base: ChangeBase, before: Image | undefined, after: Image | undefined) {
  if (after === undefined) return undefined;
  return {
    kind: 'policy' as const,
    ...base,
    ...(before === undefined ? {} : { before: parseTenantPolicy(before.policy) }),
    after: parseTenantPolicy(after.policy),
  };
}

/** Who removes an expired item: DynamoDB's Time to Live, as its stream records name it. */
const TIME_TO_LIVE = { type: 'Service', principalId: 'dynamodb.amazonaws.com' } as const;

/**
 * A tombstone written or removed. A removal is its expiry when Time to Live removed it: the record says so
 * in `userIdentity` ({type: "Service", principalId: "dynamodb.amazonaws.com"},
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html; set only
 * in the Region that ran the TTL delete of a global table), or the tombstone's `expiresAt` (epoch seconds)
 * was already past when it was removed: which also holds for the local endpoint's TTL emulator (DynamoDB
 * Local has no TTL and no userIdentity) and for an expired tombstone that a tenant's purge reached first.
 * Any other removal (a tenant's purge) is `removed`.
 */
function tombstoneChange(
  record: DynamoDBRecord,
  key: { readonly kind: ResourceKind; readonly id: string },
  base: ChangeBase,
  item: Image | undefined,
): CommittedChange {
  const tombstone = required(item, 'image');
  const removedAt = required(record.dynamodb?.ApproximateCreationDateTime, 'ApproximateCreationDateTime');
  const identity = record.userIdentity as { type?: unknown; principalId?: unknown } | undefined;
  const byTimeToLive =
    identity?.type === TIME_TO_LIVE.type && identity.principalId === TIME_TO_LIVE.principalId;
  const expiresAt = Number(tombstone.expiresAt);
  const expired = byTimeToLive || (Number.isFinite(expiresAt) && expiresAt <= removedAt);
  return {
    kind: 'tombstone',
    ...base,
    resourceType: key.kind,
    change: record.eventName !== 'REMOVE' ? 'written' : expired ? 'expired' : 'removed',
    state: resourceState(tombstone, key.id),
    deletedAt: String(tombstone.deletedAt),
  };
}

/**
 * The old and new images an INSERT, MODIFY or REMOVE must carry. A record without them (a stream of
 * another view type than NEW_AND_OLD_IMAGES) is refused rather than read as a create or a removal.
 */
function images(record: DynamoDBRecord): { before?: Image; after?: Image } {
  const before = image(record.dynamodb?.OldImage);
  const after = image(record.dynamodb?.NewImage);
  const expected =
    record.eventName === undefined
      ? undefined
      : { INSERT: [false, true], MODIFY: [true, true], REMOVE: [true, false] }[record.eventName];
  if (
    expected === undefined ||
    (before !== undefined) !== expected[0] ||
    (after !== undefined) !== expected[1]
  ) {
    throw new Error(`A stream record ${record.eventID} without the images of its ${record.eventName}`);
  }
  return { ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) };
}

/**
 * An image in DynamoDB JSON, unmarshalled. aws-lambda's AttributeValue is the SDK's as it arrives in a
 * Lambda event (binary base64-encoded); the data table holds no binary attributes.
 */
function image(attributes: Record<string, unknown> | undefined): Image | undefined {
  return attributes === undefined ? undefined : unmarshall(attributes as Record<string, AttributeValue>);
}

function resourceState(item: Image, id: string): ResourceState {
  return {
    id,
    version: Number(item.version),
    created: String(item.created),
    lastModified: String(item.lastModified),
    resource: (item.resource ?? {}) as Record<string, unknown>,
  };
}

function changedResource(item: Image, id: string): ChangedResource {
  return {
    state: resourceState(item, id),
    deleting: item.deleting === true,
    ...(item.purgeReason === 'deactivated' ? { purgeReason: 'deactivated' as const } : {}),
    ...(typeof item.retainUntil === 'string' ? { retainUntil: item.retainUntil } : {}),
  };
}

/**
 * The commit time: the stream record's ApproximateCreationDateTime, which every record has (a removal and
 * a DELETE's mark included, whose items carry no time of their own), in seconds since the epoch
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html).
 */
function commitTime(seconds: number | undefined): string {
  return new Date(required(seconds, 'ApproximateCreationDateTime') * 1000).toISOString();
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`A stream record without ${name}`);
  return value;
}
