/**
 * functions/events.ts: stream records in, provisioning events on the bus out (E1's builder, the bus
 * adapter on the EventBridge stand-in), and the first record whose events could not be put, or that
 * cannot be read, returned for Lambda to retry from: nothing is lost, a poison record blocks nothing before it.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/environment-names';
import { EventBus } from '../../functions/storage/event-bus';
import { eventBridgeMock } from '../support/event-bridge-mock';

// The entry point reads its environment at import, as at a cold start.
process.env[ENV.EVENT_BUS_NAME] = 'scim-events';
const { streamHandler } = await import('../../functions/events');

const USER_ITEM = (id: string) => ({
  pk: 'TENANT#acme',
  sk: `User#${id}`,
  type: 'User',
  id,
  version: 1,
  created: '2026-12-02T01:00:00.000Z',
  lastModified: '2026-12-02T01:00:00.000Z',
  resource: { userName: `${id}@example.com`, active: true },
});

/** A stream record of a user created (INSERT with its new image); `broken` leaves out its eventID. */
function userCreated(id: string, sequence: string, { broken = false } = {}): DynamoDBRecord {
  const item = USER_ITEM(id);
  return {
    ...(broken ? {} : { eventID: `event-${sequence}` }),
    eventName: 'INSERT',
    dynamodb: {
      SequenceNumber: sequence,
      ApproximateCreationDateTime: 1_796_000_000,
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      NewImage: marshall(item) as never,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** The tombstone of a user deleted under retention, removed by DynamoDB's Time to Live. */
function tombstoneExpired(id: string, sequence: string): DynamoDBRecord {
  const item = { ...USER_ITEM(id), sk: `DELETED#User#${id}`, deletedAt: '2026-11-01T00:00:00.000Z' };
  return {
    eventID: `event-${sequence}`,
    eventName: 'REMOVE',
    userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
    dynamodb: {
      SequenceNumber: sequence,
      ApproximateCreationDateTime: 1_796_000_000,
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      OldImage: marshall({ ...item, expiresAt: 1_795_000_000 }) as never,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** The uniqueness item of a userName: storage's, no SCIM change. */
const uniqueName: DynamoDBRecord = {
  eventID: 'event-unique',
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: '150',
    ApproximateCreationDateTime: 1_796_000_000,
    Keys: marshall({ pk: 'TENANT#acme#User#NAME#u1@example.com', sk: 'UNIQUE' }) as never,
  },
};

const refuseUser = (id: string) => (entry: { Detail?: string }) =>
  entry.Detail?.includes(`"resourceId":"${id}"`) ? 'InternalFailure' : undefined;

describe('the event function', () => {
  it.each<[string, DynamoDBRecord[], ReturnType<typeof refuseUser> | undefined, string[], string[]]>([
    [
      'a user created: one scim.user.created',
      [userCreated('u1', '100')],
      undefined,
      ['scim.user.created:u1'],
      [],
    ],
    ['an item that is no SCIM resource: nothing', [uniqueName], undefined, [], []],
    [
      "a user's tombstone removed by Time to Live: one scim.user.purged",
      [tombstoneExpired('u1', '100')],
      undefined,
      ['scim.user.purged:u1'],
      [],
    ],
    [
      'three users, the second refused by EventBridge: the first put, retried from the second',
      [userCreated('u1', '100'), userCreated('u2', '200'), userCreated('u3', '300')],
      refuseUser('u2'),
      ['scim.user.created:u1', 'scim.user.created:u3'],
      ['200'],
    ],
    [
      'a record that cannot be read: those before it put, retried from it',
      [userCreated('u1', '100'), userCreated('u2', '200', { broken: true }), userCreated('u3', '300')],
      undefined,
      ['scim.user.created:u1'],
      ['200'],
    ],
  ])('%s', async (_name, records, refuse, onTheBus, failures) => {
    const eventBridge = eventBridgeMock(refuse === undefined ? {} : { refuse });
    const bus = new EventBus(eventBridge, 'scim-events', async () => {});
    const handler = streamHandler({ deleting: async () => () => false, put: (events) => bus.put(events) });
    const response = await handler({ Records: records });
    expect(eventBridge.bus.map((e) => `${e.DetailType}:${JSON.parse(e.Detail ?? '{}').resourceId}`)).toEqual(
      onTheBus,
    );
    expect(
      eventBridge.bus.every((e) => e.EventBusName === 'scim-events' && e.Source === 'scim-endpoint'),
    ).toBe(true);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(failures);
  });
});
