/**
 * table-design.ts's lifecyclePatterns as data: the requests of retained deletion, of the local TTL and of
 * the purge of deactivated users, as DynamoDB receives them.
 */
import { describe, expect, it } from 'vitest';
import { keys, lifecyclePatterns, TABLES, TTL_ATTRIBUTE } from '../../../functions/storage/table-design';

const T = 'data';
const NOW = '2026-12-02T09:00:00.000Z';
const UNTIL = '2027-01-01T09:00:00.000Z';

describe('lifecyclePatterns', () => {
  it('names the TTL attribute the table definition gives', () => {
    expect(TTL_ATTRIBUTE).toBe(TABLES.data.timeToLiveAttribute);
  });

  it.each<[string, unknown, unknown]>([
    [
      'a retained mark of a user keeps the groups of the first mark',
      lifecyclePatterns.markDeletingRetained(T, 't', 'User', 'u', NOW, UNTIL, {
        ids: ['g'],
        truncated: false,
      }),
      {
        UpdateExpression:
          'SET deleting = :true, deletingSince = :now, retainUntil = :until, retainGroups = if_not_exists(retainGroups, :groups), retainGroupsTruncated = if_not_exists(retainGroupsTruncated, :truncated)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':true': true,
          ':now': NOW,
          ':until': UNTIL,
          ':groups': ['g'],
          ':truncated': false,
        },
      },
    ],
    [
      'a retained mark of a group, at a version (If-Match)',
      lifecyclePatterns.markDeletingRetained(T, 't', 'Group', 'g', NOW, UNTIL, undefined, 3),
      {
        UpdateExpression: 'SET deleting = :true, deletingSince = :now, retainUntil = :until',
        ConditionExpression: 'attribute_exists(pk) AND version = :expected',
        ExpressionAttributeValues: { ':true': true, ':now': NOW, ':until': UNTIL, ':expected': 3 },
      },
    ],
    [
      "the sweep's mark: still inactive, unchanged, at the version read, not being deleted",
      lifecyclePatterns.markDeactivatedPurge(T, 't', 'u', NOW, 4, '2026-11-02T09:00:00.000Z'),
      {
        Key: keys.resource('t', 'User', 'u'),
        UpdateExpression: 'SET deleting = :true, deletingSince = :now, purgeReason = :reason',
        ConditionExpression:
          'attribute_exists(pk) AND version = :version AND #resource.#active = :false AND lastModified < :cutoff AND attribute_not_exists(deleting)',
        ExpressionAttributeValues: expect.objectContaining({
          ':reason': 'deactivated',
          ':version': 4,
          ':false': false,
        }),
      },
    ],
    [
      "the reader's page of tombstones leaves the expired out",
      lifecyclePatterns.queryTombstones(T, 't', 'User', 1_800_000_000, 11),
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#ttl > :now',
        ExpressionAttributeNames: { '#ttl': 'expiresAt' },
        ExpressionAttributeValues: { ':pk': 'TENANT#t', ':prefix': 'DELETED#User#', ':now': 1_800_000_000 },
        ConsistentRead: true,
        Limit: 11,
      },
    ],
    [
      'the local TTL deletes only what is still expired',
      lifecyclePatterns.deleteExpired(T, { pk: 'p', sk: 's' }, 1_800_000_000),
      { ConditionExpression: '#ttl <= :now', ExpressionAttributeValues: { ':now': 1_800_000_000 } },
    ],
  ])('%s', (_case, built, expected) => {
    expect(built).toMatchObject(expected as object);
  });

  it('puts the tombstone in the final transaction, after the items a delete removes', () => {
    const identity = { kind: 'User', id: 'u', foldedName: 'ada', externalId: undefined, emails: [] } as const;
    const state = { id: 'u', version: 2, created: NOW, lastModified: NOW, resource: { userName: 'ada' } };
    const tombstone = lifecyclePatterns.tombstone('t', 'User', state, NOW, UNTIL, {
      ids: ['g'],
      truncated: true,
    });
    expect(tombstone).toEqual({
      ...keys.tombstone('t', 'User', 'u'),
      type: 'User',
      ...state,
      deletedAt: NOW,
      expiresAt: Date.parse(UNTIL) / 1000,
      groups: ['g'],
      groupsTruncated: true,
    });
    const written = lifecyclePatterns.deleteResourceRetained(T, 't', identity, 0, tombstone);
    expect(written.roles).toEqual(['resource', 'uniqueName', 'counter', 'tombstone']);
    expect(written.TransactItems.at(-1)).toEqual({ Put: { TableName: T, Item: tombstone } });
  });
});
