import { describe, expect, it } from 'vitest';
import {
  billedUnits,
  indexWriteUnits,
  itemSize,
  readUnits,
  transactionUnits,
  writeUnits,
} from '../../../bin/bench/capacity-model';
import { ItemSizes } from '../../../bin/bench/item-sizes';

const KB = 1024;
const TABLE = 'data';

/** An item of exactly `bytes` bytes by DynamoDB's rules (names plus values), under `sk`. */
function item(bytes: number, sk: string, extra: Record<string, unknown> = {}) {
  const base = { pk: 'TENANT#t', sk, ...extra, blob: '' };
  const made = { ...base, blob: 'x'.repeat(bytes - itemSize(base)) };
  expect(itemSize(made)).toBe(bytes);
  return made;
}

const key = (sk: string) => ({ pk: 'TENANT#t', sk });
const user = item(1.5 * KB, 'User#1');
const bigUser = item(3 * KB, 'User#2');
const record = item(1900, 'Group#1');
const member = item(200, 'MEMBER#1', { gsi1pk: 'TENANT#t#MEMBER#1', gsi1sk: 'Group#g' });

/** The sizes the meter would know after seeding these items. */
function seeded() {
  const sizes = new ItemSizes();
  const puts = [user, bigUser, record, member].map((Item) => ({ PutRequest: { Item } }));
  sizes.learn('BatchWriteItem', { RequestItems: { [TABLE]: puts } }, {});
  return sizes;
}

describe('DynamoDB pricing rules (read-write-operations.html, transaction-apis.html)', () => {
  it.each([
    { bytes: 5 * KB, mode: 'eventual', units: 1 },
    { bytes: 5 * KB, mode: 'strong', units: 2 },
    { bytes: 5 * KB, mode: 'transactional', units: 4 },
    { bytes: 3500, mode: 'strong', units: 1 },
    { bytes: 4 * KB, mode: 'strong', units: 1 },
    { bytes: 0, mode: 'eventual', units: 0.5 },
  ] as const)('a $mode read of $bytes bytes is $units RCU', ({ bytes, mode, units }) => {
    expect(readUnits(bytes, mode)).toBe(units);
  });

  it.each([
    { bytes: 1.5 * KB, transactional: false, units: 2 },
    { bytes: 1.5 * KB, transactional: true, units: 4 },
    { bytes: KB, transactional: false, units: 1 },
    { bytes: KB + 1, transactional: false, units: 2 },
    { bytes: 300, transactional: true, units: 2 },
  ])(
    'a write of $bytes bytes (transactional: $transactional) is $units WCU',
    ({ bytes, transactional, units }) => {
      expect(writeUnits(bytes, transactional)).toBe(units);
    },
  );

  const entry = (pk: string, bytes = 100) => ({ pk, sk: 'Group#g', bytes });
  it.each([
    { what: 'not in the index before or after', before: undefined, after: undefined, units: 0 },
    { what: 'a new entry', before: undefined, after: entry('a'), units: 1 },
    { what: 'an entry removed', before: entry('a'), after: undefined, units: 1 },
    { what: 'index keys unchanged (keys only projected)', before: entry('a'), after: entry('a'), units: 0 },
    { what: 'index keys changed: a delete and a put', before: entry('a'), after: entry('b'), units: 2 },
    { what: 'a 1.5 KB entry put', before: undefined, after: entry('a', 1.5 * KB), units: 2 },
  ])('gsi1: $what is $units WCU', ({ before, after, units }) => {
    expect(indexWriteUnits(before, after)).toBe(units);
  });
});

describe('transactionUnits: every item of a TransactWriteItems by its stored size', () => {
  const check = (sk: string) => ({ ConditionCheck: { TableName: TABLE, Key: key(sk) } });
  it.each([
    {
      what: 'a ConditionCheck of a 1.5 KB item: write capacity, 2 WCU per KB',
      actions: [check('User#1')],
      units: 4,
    },
    { what: 'a ConditionCheck of an item never seen: its key alone', actions: [check('User#9')], units: 2 },
    {
      what: 'a Put of a new 1.5 KB item',
      actions: [{ Put: { TableName: TABLE, Item: item(1.5 * KB, 'User#new') } }],
      units: 4,
    },
    {
      what: 'a Put of 1.5 KB replacing a 3 KB item: the larger size',
      actions: [{ Put: { TableName: TABLE, Item: item(1.5 * KB, 'User#2') } }],
      units: 6,
    },
    {
      what: 'a Put of a new item with gsi1 keys: 2 WCU and 1 for the index entry',
      actions: [{ Put: { TableName: TABLE, Item: { ...key('MEMBER#2'), gsi1pk: 'p', gsi1sk: 's' } } }],
      units: 3,
    },
    {
      what: 'an Update of a 1,900-byte item, by its stored size',
      actions: [
        {
          Update: {
            TableName: TABLE,
            Key: key('Group#1'),
            UpdateExpression: 'SET a = :a',
            ExpressionAttributeValues: { ':a': 1 },
          },
        },
      ],
      units: 4,
    },
    {
      what: 'an Update that moves gsi1 keys: 2 WCU and a delete and a put on the index',
      actions: [
        {
          Update: {
            TableName: TABLE,
            Key: key('MEMBER#1'),
            UpdateExpression: 'SET gsi1pk = :p',
            ExpressionAttributeValues: { ':p': 'TENANT#t#MEMBER#other' },
          },
        },
      ],
      units: 4,
    },
    {
      what: 'a Delete of a 3 KB item',
      actions: [{ Delete: { TableName: TABLE, Key: key('User#2') } }],
      units: 6,
    },
    {
      what: 'a Delete of a membership: 2 WCU and its index entry',
      actions: [{ Delete: { TableName: TABLE, Key: key('MEMBER#1') } }],
      units: 3,
    },
  ])('$what: $units WCU', ({ actions, units }) => {
    expect(transactionUnits({ TransactItems: actions }, seeded())).toBe(units);
  });

  it('a group add of one member: the check of the member (2), its membership (2) and the entry in gsi1 (1)', () => {
    const membership = {
      Update: {
        TableName: TABLE,
        Key: key('MEMBER#new'),
        UpdateExpression: 'SET gsi1pk = :gsi1pk, gsi1sk = :gsi1sk',
        ExpressionAttributeValues: { ':gsi1pk': 'TENANT#t#MEMBER#u', ':gsi1sk': 'Group#g' },
      },
    };
    const small = new ItemSizes();
    small.set(TABLE, key('User#u'), { bytes: 700 });
    expect(transactionUnits({ TransactItems: [check('User#u'), membership] }, small)).toBe(5);
  });
});

describe('billedUnits', () => {
  it.each([
    {
      what: 'a transaction: write units only, none read',
      command: 'TransactWriteItems',
      input: { TransactItems: [{ ConditionCheck: { TableName: TABLE, Key: key('User#1') } }] },
      output: {},
      reported: 1,
      units: { read: 0, write: 4 },
    },
    {
      what: 'a strongly consistent BatchGetItem: keys that find nothing still cost 1 RCU each',
      command: 'BatchGetItem',
      input: { RequestItems: { data: { Keys: [{}, {}, {}], ConsistentRead: true } } },
      output: { Responses: { data: [user, user] } },
      reported: 2,
      units: { read: 3, write: 0 },
    },
    {
      what: 'an eventually consistent BatchGetItem: 0.5 RCU per key that finds nothing',
      command: 'BatchGetItem',
      input: { RequestItems: { data: { Keys: [{}, {}] } } },
      output: { Responses: { data: [] } },
      reported: 0,
      units: { read: 1, write: 0 },
    },
    {
      what: 'a GetItem that finds nothing: the minimum read',
      command: 'GetItem',
      input: { ConsistentRead: true },
      output: {},
      reported: 0,
      units: { read: 1, write: 0 },
    },
    {
      what: 'a Query, as reported',
      command: 'Query',
      input: {},
      output: {},
      reported: 1.5,
      units: { read: 1.5, write: 0 },
    },
    {
      what: 'an UpdateItem, as reported',
      command: 'UpdateItem',
      input: {},
      output: {},
      reported: 1,
      units: { read: 0, write: 1 },
    },
  ])('$what', ({ command, input, output, reported, units }) => {
    expect(billedUnits(command, input, output, reported, seeded())).toEqual(units);
  });
});

describe('ItemSizes.learn', () => {
  it('forgets a deleted item, and does not learn from a projected read', () => {
    const sizes = seeded();
    sizes.learn(
      'TransactWriteItems',
      { TransactItems: [{ Delete: { TableName: TABLE, Key: key('User#1') } }] },
      {},
    );
    expect(sizes.get(TABLE, key('User#1'))).toBeUndefined();
    const projected = { RequestItems: { [TABLE]: { Keys: [key('User#1')], ProjectionExpression: 'id' } } };
    sizes.learn('BatchGetItem', projected, { Responses: { [TABLE]: [{ ...key('User#1'), id: '1' }] } });
    expect(sizes.get(TABLE, key('User#1'))).toBeUndefined();
    expect(sizes.get(TABLE, key('Group#1'))?.bytes).toBe(1900);
  });
});

describe('itemSize', () => {
  it.each([
    { value: 'abc', size: 3 },
    { value: 'é', size: 2 },
    { value: 12345, size: 4 },
    { value: true, size: 1 },
    { value: { ab: 'cd' }, size: 3 + 2 + 2 },
    { value: ['a', 'b'], size: 3 + 2 + 2 },
  ])('$value is $size bytes', ({ value, size }) => {
    expect(itemSize(value)).toBe(size);
  });
});
