/**
 * The requests table-design.ts builds, as data (as dynamodb-toolbox tests its `params()`): keys, conditions,
 * projections and, for transactions, each action with the role a cancellation reason at its index means.
 * A change of a key format or a condition shows here first. Pure: nothing is sent.
 */
import { describe, expect, it } from 'vitest';
import {
  accessPatterns,
  keys,
  membershipPatterns,
  purgePatterns,
  type ResourceIdentity,
  type ResourceItem,
} from '../../../functions/storage/table-design';

const T = 'data';
const tenant = 't1';
const id = 'u1';
const item: ResourceItem = {
  ...keys.resource(tenant, 'User', id),
  type: 'User',
  id,
  version: 3,
  created: '2026-01-01T00:00:00.000Z',
  lastModified: '2026-01-02T00:00:00.000Z',
  resource: { userName: 'Ada' },
};
const identity = (foldedName: string, externalId?: string): ResourceIdentity => ({
  kind: 'User',
  id,
  foldedName,
  externalId,
  emails: [],
});

const uniqueNamePut = (name: string) => ({
  Put: {
    TableName: T,
    Item: { pk: `TENANT#t1#User#NAME#${name}`, sk: 'UNIQUE', type: 'UniqueName', id },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});
const externalIdPut = (value: string) => ({
  Put: { TableName: T, Item: { pk: `TENANT#t1#User#EXTERNAL_ID#${value}`, sk: id, type: 'ExternalId' } },
});
const externalIdDelete = (value: string) => ({
  Delete: { TableName: T, Key: { pk: `TENANT#t1#User#EXTERNAL_ID#${value}`, sk: id } },
});
const counter = (shard: number, delta: number) => ({
  Update: {
    TableName: T,
    Key: { pk: 'TENANT#t1', sk: `COUNT#User#${shard}` },
    UpdateExpression: 'ADD #count :delta SET #type = :type',
    ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
    ExpressionAttributeValues: { ':delta': delta, ':type': 'Counter' },
  },
});
const replacePut = {
  Put: {
    TableName: T,
    Item: item,
    ConditionExpression: 'version = :expected AND attribute_not_exists(deleting)',
    ExpressionAttributeValues: { ':expected': 2 },
  },
};

describe('keys', () => {
  it.each([
    ['resource', keys.resource(tenant, 'Group', 'g1'), { pk: 'TENANT#t1', sk: 'Group#g1' }],
    ['unique name', keys.uniqueName(tenant, 'User', 'ada'), { pk: 'TENANT#t1#User#NAME#ada', sk: 'UNIQUE' }],
    ['externalId', keys.externalId(tenant, 'User', 'x', id), { pk: 'TENANT#t1#User#EXTERNAL_ID#x', sk: id }],
    ['counter', keys.counter(tenant, 'Group', 7), { pk: 'TENANT#t1', sk: 'COUNT#Group#7' }],
    ['membership', keys.membership(tenant, 'g1', id), { pk: 'TENANT#t1#Group#g1', sk: 'MEMBER#u1' }],
    [
      'membership index',
      keys.membershipIndex(tenant, 'g1', id),
      { gsi1pk: 'TENANT#t1#MEMBER#u1', gsi1sk: 'Group#g1' },
    ],
  ])('%s', (_, built, expected) => expect(built).toEqual(expected));
});

describe('resource transactions: actions and their roles', () => {
  it.each([
    {
      name: 'create: the resource, its name, its externalId, its count',
      built: accessPatterns.createResource(T, tenant, item, identity('ada', 'x'), 2),
      roles: ['resource', 'uniqueName', 'externalId', 'counter'],
      actions: [
        { Put: { TableName: T, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
        uniqueNamePut('ada'),
        externalIdPut('x'),
        counter(2, 1),
      ],
    },
    {
      name: 'create without externalId',
      built: accessPatterns.createResource(T, tenant, item, identity('ada'), 0),
      roles: ['resource', 'uniqueName', 'counter'],
      actions: [
        { Put: { TableName: T, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
        uniqueNamePut('ada'),
        counter(0, 1),
      ],
    },
    {
      name: 'replace, name and externalId unchanged: the version-checked put alone',
      built: accessPatterns.replaceResource(T, tenant, item, 2, identity('ada', 'x'), identity('ada', 'x')),
      roles: ['resource'],
      actions: [replacePut],
    },
    {
      name: 'replace with a new name: the new name claimed, the old released',
      built: accessPatterns.replaceResource(T, tenant, item, 2, identity('ada'), identity('lovelace')),
      roles: ['resource', 'uniqueName', 'previousName'],
      actions: [
        replacePut,
        uniqueNamePut('lovelace'),
        { Delete: { TableName: T, Key: { pk: 'TENANT#t1#User#NAME#ada', sk: 'UNIQUE' } } },
      ],
    },
    {
      name: 'replace with a new externalId: the old item deleted, the new put',
      built: accessPatterns.replaceResource(T, tenant, item, 2, identity('ada', 'x'), identity('ada', 'y')),
      roles: ['resource', 'previousExternalId', 'externalId'],
      actions: [replacePut, externalIdDelete('x'), externalIdPut('y')],
    },
    {
      name: 'delete: the resource (if there), its name (if still its own), its externalId, its count',
      built: accessPatterns.deleteResource(T, tenant, identity('ada', 'x'), 5),
      roles: ['resource', 'uniqueName', 'previousExternalId', 'counter'],
      actions: [
        {
          Delete: {
            TableName: T,
            Key: { pk: 'TENANT#t1', sk: 'User#u1' },
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        {
          Delete: {
            TableName: T,
            Key: { pk: 'TENANT#t1#User#NAME#ada', sk: 'UNIQUE' },
            ConditionExpression: 'id = :id',
            ExpressionAttributeValues: { ':id': id },
          },
        },
        externalIdDelete('x'),
        counter(5, -1),
      ],
    },
  ])('$name', ({ built, roles, actions }) => {
    expect(built.roles).toEqual(roles);
    expect(built.TransactItems).toEqual(actions);
  });
});

const ADA = { id: 'u1', type: 'User', display: 'Ada' } as const;
const GROUP = { id: 'g2', type: 'Group' } as const;
const NOW = '2026-01-03T00:00:00.000Z';
const memberPut = (member: { id: string; type: string; display?: string }, conditional: boolean) => ({
  Update: {
    TableName: T,
    Key: { pk: 'TENANT#t1#Group#g1', sk: `MEMBER#${member.id}` },
    ...(conditional ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    UpdateExpression: `SET #type = :type, memberType = :memberType, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, addedAt = if_not_exists(addedAt, :now)${member.display === undefined ? '' : ', display = :display'}`,
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: {
      ':type': 'Membership',
      ':memberType': member.type,
      ':gsi1pk': `TENANT#t1#MEMBER#${member.id}`,
      ':gsi1sk': 'Group#g1',
      ':now': NOW,
      ...(member.display === undefined ? {} : { ':display': member.display }),
    },
  },
});
const memberExists = (member: { id: string; type: string }) => ({
  ConditionCheck: {
    TableName: T,
    Key: { pk: 'TENANT#t1', sk: `${member.type}#${member.id}` },
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleting)',
  },
});
const memberDelete = (memberId: string, conditional: boolean) => ({
  Delete: {
    TableName: T,
    Key: { pk: 'TENANT#t1#Group#g1', sk: `MEMBER#${memberId}` },
    ...(conditional ? { ConditionExpression: 'attribute_exists(pk)' } : {}),
  },
});

describe('a member change as one transaction', () => {
  it.each([
    {
      name: 'checked, with the group (each add: its existence check, then its membership)',
      options: { checked: true, onlyIfChanging: false },
      roles: ['memberExists:u1', 'member:u1', 'memberExists:g2', 'member:g2', 'removeMember:u9'],
      actions: [
        memberExists(ADA),
        memberPut(ADA, false),
        memberExists(GROUP),
        memberPut(GROUP, false),
        memberDelete('u9', false),
      ],
    },
    {
      name: 'on its own, only what changes something (conditions that fail when nothing would change)',
      options: { checked: false, onlyIfChanging: true },
      roles: ['member:u1', 'member:g2', 'removeMember:u9'],
      actions: [memberPut(ADA, true), memberPut(GROUP, true), memberDelete('u9', true)],
    },
  ])('$name', ({ options, roles, actions }) => {
    const built = membershipPatterns.changeMembers(
      T,
      tenant,
      'g1',
      { adds: [ADA, GROUP], removes: ['u9'] },
      NOW,
      options,
    );
    expect(built.roles).toEqual(roles);
    expect(built.TransactItems).toEqual(actions);
  });
});

describe('reads', () => {
  it.each([
    {
      name: 'a resource, strongly consistent',
      built: accessPatterns.getResource(T, tenant, 'User', id),
      expected: { TableName: T, Key: { pk: 'TENANT#t1', sk: 'User#u1' }, ConsistentRead: true },
    },
    {
      name: 'the holder of a unique name',
      built: accessPatterns.getUniqueName(T, tenant, 'Group', 'eng'),
      expected: { TableName: T, Key: { pk: 'TENANT#t1#Group#NAME#eng', sk: 'UNIQUE' }, ConsistentRead: true },
    },
    {
      name: 'resources by id',
      built: accessPatterns.getResources(T, tenant, 'User', ['a', 'b']),
      expected: {
        RequestItems: {
          [T]: {
            Keys: [keys.resource(tenant, 'User', 'a'), keys.resource(tenant, 'User', 'b')],
            ConsistentRead: true,
          },
        },
      },
    },
    {
      name: 'the resources of an externalId',
      built: accessPatterns.queryExternalId(T, tenant, 'User', 'x'),
      expected: {
        TableName: T,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'TENANT#t1#User#EXTERNAL_ID#x' },
        ConsistentRead: true,
      },
    },
    {
      name: 'a page of the tenant’s users in id order (no start key: readPage sets it)',
      built: accessPatterns.queryResources(T, tenant, 'User', 101),
      expected: {
        TableName: T,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': 'TENANT#t1', ':prefix': 'User#' },
        ConsistentRead: true,
        Limit: 101,
      },
    },
    {
      name: 'the counter shards',
      built: accessPatterns.getCounters(T, tenant, 'Group'),
      expected: {
        RequestItems: {
          [T]: {
            Keys: Array.from({ length: 8 }, (_, s) => keys.counter(tenant, 'Group', s)),
            ConsistentRead: true,
          },
        },
      },
    },
    {
      name: 'a group’s members, a page at a time',
      built: membershipPatterns.queryMembers(T, tenant, 'g1', undefined),
      expected: {
        TableName: T,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': 'TENANT#t1#Group#g1', ':prefix': 'MEMBER#' },
        ConsistentRead: true,
      },
    },
    {
      name: 'the groups of a member, from gsi1 (eventually consistent)',
      built: membershipPatterns.queryGroupsOf(T, tenant, id),
      expected: {
        TableName: T,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'TENANT#t1#MEMBER#u1' },
      },
    },
    {
      name: 'which of some members a group has, with their display',
      built: membershipPatterns.getMemberships(T, tenant, 'g1', ['u1']),
      expected: {
        RequestItems: {
          [T]: {
            Keys: [keys.membership(tenant, 'g1', 'u1')],
            ConsistentRead: true,
            ProjectionExpression: 'sk, display',
          },
        },
      },
    },
    {
      name: 'a purge’s page: every item of the tenant’s partitions, keys only',
      built: purgePatterns.scanTenant(T, tenant, 1000),
      expected: {
        TableName: T,
        FilterExpression: 'pk = :pk OR begins_with(pk, :prefix)',
        ExpressionAttributeValues: { ':pk': 'TENANT#t1', ':prefix': 'TENANT#t1#' },
        ProjectionExpression: 'pk, sk',
        Limit: 1000,
      },
    },
  ])('$name', ({ built, expected }) => expect(built).toEqual(expected));
});

describe('conditional updates', () => {
  it.each([
    {
      name: 'mark a resource as being deleted',
      built: accessPatterns.markDeleting(T, tenant, 'User', id, NOW),
      expected: {
        TableName: T,
        Key: keys.resource(tenant, 'User', id),
        UpdateExpression: 'SET deleting = :true, deletingSince = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':true': true, ':now': NOW },
        ReturnValues: 'ALL_NEW',
      },
    },
    {
      name: 'mark only the version an If-Match names',
      built: accessPatterns.markDeleting(T, tenant, 'User', id, NOW, 4),
      expected: {
        TableName: T,
        Key: keys.resource(tenant, 'User', id),
        UpdateExpression: 'SET deleting = :true, deletingSince = :now',
        ConditionExpression: 'attribute_exists(pk) AND version = :expected',
        ExpressionAttributeValues: { ':true': true, ':now': NOW, ':expected': 4 },
        ReturnValues: 'ALL_NEW',
      },
    },
    {
      name: 'a new version of a group whose members changed, unless it is being deleted',
      built: membershipPatterns.touchResource(T, tenant, 'Group', 'g1', NOW),
      expected: {
        TableName: T,
        Key: keys.resource(tenant, 'Group', 'g1'),
        UpdateExpression: 'ADD version :one SET lastModified = :now',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deleting)',
        ExpressionAttributeValues: { ':one': 1, ':now': NOW },
        ReturnValues: 'ALL_NEW',
      },
    },
  ])('$name', ({ built, expected }) => expect(built).toEqual(expected));
});
