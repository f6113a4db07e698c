/**
 * The data table's stream records as committed changes: which items are SCIM changes (resources and
 * memberships) and which give none (unique names, externalIds, counters). Records are in DynamoDB JSON as
 * Lambda receives them (NEW_AND_OLD_IMAGES); items are built with table-design.ts's keys. Pure.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { committedChanges, itemKey } from '../../../functions/storage/stream-changes';
import { keys, lifecyclePatterns } from '../../../functions/storage/table-design';

const TENANT = 'acme';
const USER_ID = '00000000-0000-4000-8000-000000000001';
const GROUP_ID = '00000000-0000-4000-8000-000000000002';
const SECONDS = 1_796_000_000;
const AT = new Date(SECONDS * 1000).toISOString();

const userItem = (version: number, more: Record<string, unknown> = {}) => ({
  ...keys.resource(TENANT, 'User', USER_ID),
  type: 'User',
  id: USER_ID,
  version,
  created: '2026-12-01T00:00:00.000Z',
  lastModified: '2026-12-02T00:00:00.000Z',
  resource: { userName: 'alice', active: true, emails: [{ value: 'a@example.com', primary: true }] },
  ...more,
});
const membershipItem = {
  ...keys.membership(TENANT, GROUP_ID, USER_ID),
  ...keys.membershipIndex(TENANT, GROUP_ID, USER_ID),
  type: 'Membership',
  memberType: 'User',
  display: 'alice',
  addedAt: '2026-12-02T00:00:00.000Z',
};

/** A tombstone as a retained DELETE's final transaction puts it, expiring at `expiresAt` (epoch seconds). */
const tombstoneItem = (expiresAt: number): Item => ({
  ...lifecyclePatterns.tombstone(
    TENANT,
    'User',
    userState(2),
    '2026-11-01T00:00:00.000Z',
    new Date(expiresAt * 1000).toISOString(),
    { ids: [GROUP_ID], truncated: false },
  ),
});
const policyItem = (policy: Record<string, unknown>) => ({
  ...keys.policy(TENANT),
  type: 'Policy',
  tenantId: TENANT,
  policy,
  updatedAt: '2026-12-02T00:00:00.000Z',
});
const RETAIN_30 = { deletion: { mode: 'retain', days: 30 }, paused: false };
const HARD = { deletion: { mode: 'hard' }, paused: false };

/** The userIdentity of a removal by Time to Live (time-to-live-ttl-streams.html). */
const TIME_TO_LIVE = { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } };

type Item = Record<string, unknown> & { pk: string; sk: string };

function record(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  before?: Item,
  after?: Item,
  more: Partial<DynamoDBRecord> = {},
): DynamoDBRecord {
  const item = (after ?? before) as Item;
  return {
    ...more,
    eventID: `ev-${eventName}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: SECONDS,
      Keys: marshall({ pk: item.pk, sk: item.sk }),
      ...(after === undefined ? {} : { NewImage: marshall(after) }),
      ...(before === undefined ? {} : { OldImage: marshall(before) }),
      SequenceNumber: '100',
      SizeBytes: 200,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  } as DynamoDBRecord;
}

function withoutOldImage(streamRecord: DynamoDBRecord): DynamoDBRecord {
  const { OldImage: _, ...rest } = streamRecord.dynamodb ?? {};
  return { ...streamRecord, dynamodb: rest };
}

const userState = (version: number) => ({
  id: USER_ID,
  version,
  created: '2026-12-01T00:00:00.000Z',
  lastModified: '2026-12-02T00:00:00.000Z',
  resource: { userName: 'alice', active: true, emails: [{ value: 'a@example.com', primary: true }] },
});
const base = (eventName: string) => ({ streamEventId: `ev-${eventName}`, committedAt: AT, tenantId: TENANT });
const tombstoneChange = (eventName: string) => ({
  kind: 'tombstone',
  ...base(eventName),
  resourceType: 'User',
  state: userState(2),
  deletedAt: '2026-11-01T00:00:00.000Z',
});
const member = { id: USER_ID, type: 'User', display: 'alice' };

describe('committedChanges', () => {
  const cases: [string, DynamoDBRecord, unknown[]][] = [
    [
      'a User inserted',
      record('INSERT', undefined, userItem(1)),
      [
        {
          kind: 'resource',
          ...base('INSERT'),
          resourceType: 'User',
          after: { state: userState(1), deleting: false },
        },
      ],
    ],
    [
      'a User replaced',
      record('MODIFY', userItem(1), userItem(2)),
      [
        {
          kind: 'resource',
          ...base('MODIFY'),
          resourceType: 'User',
          before: { state: userState(1), deleting: false },
          after: { state: userState(2), deleting: false },
        },
      ],
    ],
    [
      'a User marked by a DELETE',
      record(
        'MODIFY',
        userItem(2),
        userItem(2, { deleting: true, deletingSince: '2026-12-02T01:00:00.000Z' }),
      ),
      [
        {
          kind: 'resource',
          ...base('MODIFY'),
          resourceType: 'User',
          before: { state: userState(2), deleting: false },
          after: { state: userState(2), deleting: true },
        },
      ],
    ],
    [
      'a marked User removed',
      record('REMOVE', userItem(2, { deleting: true })),
      [
        {
          kind: 'resource',
          ...base('REMOVE'),
          resourceType: 'User',
          before: { state: userState(2), deleting: true },
        },
      ],
    ],
    [
      'a membership inserted',
      record('INSERT', undefined, membershipItem),
      [{ kind: 'membership', ...base('INSERT'), groupId: GROUP_ID, member, change: 'added' }],
    ],
    [
      'a membership removed',
      record('REMOVE', membershipItem),
      [{ kind: 'membership', ...base('REMOVE'), groupId: GROUP_ID, member, change: 'removed' }],
    ],
    [
      'a membership rewritten in place',
      record('MODIFY', membershipItem, { ...membershipItem, display: 'Alice' }),
      [],
    ],
    [
      'a User marked by a DELETE under retention',
      record('MODIFY', userItem(2), userItem(2, { deleting: true, retainUntil: '2026-12-31T00:00:00.000Z' })),
      [
        {
          kind: 'resource',
          ...base('MODIFY'),
          resourceType: 'User',
          before: { state: userState(2), deleting: false },
          after: { state: userState(2), deleting: true, retainUntil: '2026-12-31T00:00:00.000Z' },
        },
      ],
    ],
    [
      "a User marked by the sweep's purge of deactivated users",
      record('MODIFY', userItem(2), userItem(2, { deleting: true, purgeReason: 'deactivated' })),
      [
        {
          kind: 'resource',
          ...base('MODIFY'),
          resourceType: 'User',
          before: { state: userState(2), deleting: false },
          after: { state: userState(2), deleting: true, purgeReason: 'deactivated' },
        },
      ],
    ],
    [
      'a tombstone inserted',
      record('INSERT', undefined, tombstoneItem(SECONDS + 86_400)),
      [{ ...tombstoneChange('INSERT'), change: 'written' }],
    ],
    [
      'a tombstone removed at its expiry (the local TTL emulator)',
      record('REMOVE', tombstoneItem(SECONDS)),
      [{ ...tombstoneChange('REMOVE'), change: 'expired' }],
    ],
    [
      'a tombstone removed days after its expiry',
      record('REMOVE', tombstoneItem(SECONDS - 3 * 86_400)),
      [{ ...tombstoneChange('REMOVE'), change: 'expired' }],
    ],
    [
      "a tombstone removed by DynamoDB's Time to Live (userIdentity), its expiry a second later by this clock",
      record('REMOVE', tombstoneItem(SECONDS + 1), undefined, TIME_TO_LIVE),
      [{ ...tombstoneChange('REMOVE'), change: 'expired' }],
    ],
    [
      'a tombstone removed before its expiry (a tenant purge)',
      record('REMOVE', tombstoneItem(SECONDS + 1)),
      [{ ...tombstoneChange('REMOVE'), change: 'removed' }],
    ],
    [
      'a policy set the first time',
      record('INSERT', undefined, policyItem(RETAIN_30)),
      [{ kind: 'policy', ...base('INSERT'), after: RETAIN_30 }],
    ],
    [
      'a policy changed',
      record('MODIFY', policyItem(RETAIN_30), policyItem(HARD)),
      [{ kind: 'policy', ...base('MODIFY'), before: RETAIN_30, after: HARD }],
    ],
    ['a policy item removed (a tenant purge)', record('REMOVE', policyItem(HARD)), []],
    [
      'a unique-name item',
      record('INSERT', undefined, { ...keys.uniqueName(TENANT, 'User', 'alice'), id: USER_ID }),
      [],
    ],
    ['an externalId item', record('INSERT', undefined, keys.externalId(TENANT, 'User', 'e-1', USER_ID)), []],
    [
      'a counter',
      record(
        'MODIFY',
        { ...keys.counter(TENANT, 'User', 3), count: 1 },
        { ...keys.counter(TENANT, 'User', 3), count: 2 },
      ),
      [],
    ],
  ];
  it.each(cases)('%s', (_, streamRecord, expected) => {
    expect(committedChanges([streamRecord])).toEqual(expected);
  });

  it('reads a record exactly as AWS sends it (DynamoDB JSON, numbers as strings)', () => {
    const literal: DynamoDBRecord = {
      eventID: 'c81e728d9d4c2f636f067f89cc14862c',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: {
        ApproximateCreationDateTime: SECONDS,
        Keys: { pk: { S: `TENANT#${TENANT}` }, sk: { S: `Group#${GROUP_ID}` } },
        NewImage: {
          pk: { S: `TENANT#${TENANT}` },
          sk: { S: `Group#${GROUP_ID}` },
          type: { S: 'Group' },
          id: { S: GROUP_ID },
          version: { N: '1' },
          created: { S: AT },
          lastModified: { S: AT },
          resource: { M: { displayName: { S: 'Staff' }, externalId: { S: 'g-1' } } },
        },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
    expect(committedChanges([literal])).toEqual([
      {
        kind: 'resource',
        streamEventId: 'c81e728d9d4c2f636f067f89cc14862c',
        committedAt: AT,
        tenantId: TENANT,
        resourceType: 'Group',
        after: {
          state: {
            id: GROUP_ID,
            version: 1,
            created: AT,
            lastModified: AT,
            resource: { displayName: 'Staff', externalId: 'g-1' },
          },
          deleting: false,
        },
      },
    ]);
  });

  const withoutImages: [string, DynamoDBRecord][] = [
    ['a MODIFY of a NEW_IMAGE stream', withoutOldImage(record('MODIFY', userItem(1), userItem(2)))],
    ['a REMOVE of a KEYS_ONLY stream', withoutOldImage(record('REMOVE', membershipItem))],
    ['a record without eventName', { ...record('INSERT', undefined, userItem(1)), eventName: undefined }],
  ];
  it.each(withoutImages)('refuses %s rather than read it as another change', (_, streamRecord) => {
    expect(() => committedChanges([streamRecord])).toThrow(/without the images/);
  });

  it('refuses a policy item whose policy is not a TenantPolicy rather than announce it', () => {
    const broken = record('INSERT', undefined, policyItem({ deletion: { mode: 'soft' }, paused: false }));
    expect(() => committedChanges([broken])).toThrow(/Not a tenant policy/);
  });

  it('keeps the order of the records', () => {
    const changes = committedChanges([
      record('INSERT', undefined, userItem(1)),
      record('INSERT', undefined, { ...keys.uniqueName(TENANT, 'User', 'alice'), id: USER_ID }),
      record('REMOVE', membershipItem),
    ]);
    expect(changes.map((c) => c.kind)).toEqual(['resource', 'membership']);
  });
});

describe('itemKey: what a data-table key names', () => {
  const cases: [string, { pk: string; sk: string }, ReturnType<typeof itemKey>][] = [
    [
      'a User',
      keys.resource(TENANT, 'User', USER_ID),
      { item: 'resource', tenantId: TENANT, kind: 'User', id: USER_ID },
    ],
    [
      'a Group',
      keys.resource(TENANT, 'Group', GROUP_ID),
      { item: 'resource', tenantId: TENANT, kind: 'Group', id: GROUP_ID },
    ],
    [
      'a membership',
      keys.membership(TENANT, GROUP_ID, USER_ID),
      { item: 'membership', tenantId: TENANT, groupId: GROUP_ID, memberId: USER_ID },
    ],
    [
      "a User's tombstone",
      keys.tombstone(TENANT, 'User', USER_ID),
      { item: 'tombstone', tenantId: TENANT, kind: 'User', id: USER_ID },
    ],
    [
      "a Group's tombstone",
      keys.tombstone(TENANT, 'Group', GROUP_ID),
      { item: 'tombstone', tenantId: TENANT, kind: 'Group', id: GROUP_ID },
    ],
    ['the tenant policy', keys.policy(TENANT), { item: 'policy', tenantId: TENANT }],
    ['a tombstone key without an id', { pk: `TENANT#${TENANT}`, sk: 'DELETED#User#' }, { item: 'other' }],
    ['a policy outside the tenant partition', { pk: `TENANT#${TENANT}#x`, sk: 'POLICY' }, { item: 'other' }],
    ['a unique Group displayName', keys.uniqueName(TENANT, 'Group', 'staff'), { item: 'other' }],
    ['an externalId lookup', keys.externalId(TENANT, 'Group', 'g-1', GROUP_ID), { item: 'other' }],
    ['a counter shard', keys.counter(TENANT, 'Group', 0), { item: 'other' }],
    ['a resource key without an id', { pk: `TENANT#${TENANT}`, sk: 'User#' }, { item: 'other' }],
    [
      'a membership without a member id',
      { pk: keys.membersOf(TENANT, GROUP_ID), sk: 'MEMBER#' },
      { item: 'other' },
    ],
    ['a tenant outside the pattern', { pk: 'TENANT#Acme', sk: `User#${USER_ID}` }, { item: 'other' }],
  ];
  it.each(cases)('%s', (_, key, expected) => {
    expect(itemKey(key.pk, key.sk)).toEqual(expected);
  });
});
