import { describe, expect, it } from 'vitest';
import { billedUnits, itemSize } from '../../../bin/bench/capacity-model';

const small = { pk: 'TENANT#t', sk: 'USER#1', id: '1' };
const indexed = { ...small, gsi1pk: 'TENANT#t#MEMBER#1', gsi1sk: 'GROUP#g' };

describe('billedUnits', () => {
  it.each([
    {
      what: 'a transaction: 2 WCU per put (under 1 KB), 1 more for its gsi1 write, 2 RCU per condition check',
      command: 'TransactWriteItems',
      input: {
        TransactItems: [{ Put: { Item: small } }, { Put: { Item: indexed } }, { ConditionCheck: {} }],
      },
      output: {},
      reported: 2,
      units: { read: 2, write: 5 },
    },
    {
      what: 'a transaction: an update that sets gsi1 keys, a delete of a membership',
      command: 'TransactWriteItems',
      input: {
        TransactItems: [
          { Update: { UpdateExpression: 'SET gsi1pk = :p' } },
          { Delete: { Key: { pk: 'TENANT#t#Group#g', sk: 'MEMBER#1' } } },
          { Delete: { Key: { pk: 'TENANT#t', sk: 'COUNT#User#0' } } },
        ],
      },
      output: {},
      reported: 1,
      units: { read: 0, write: 8 },
    },
    {
      what: 'a strongly consistent BatchGetItem: keys that find nothing still cost 1 RCU each',
      command: 'BatchGetItem',
      input: { RequestItems: { data: { Keys: [{}, {}, {}], ConsistentRead: true } } },
      output: { Responses: { data: [small, small] } },
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
    expect(billedUnits(command, input, output, reported)).toEqual(units);
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
