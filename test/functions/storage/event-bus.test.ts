/**
 * functions/storage/event-bus.ts: events reach the bus within EventBridge's limits, refused entries are
 * sent again, and what EventBridge keeps refusing is reported, never dropped.
 */
import { describe, expect, it } from 'vitest';
import type { ProvisioningEvent } from '../../../functions/events/provisioning-event';
import {
  createEventBus,
  EVENT_SOURCE,
  EventBus,
  eventEntry,
  MAX_PUT_BYTES,
  UndeliveredEvents,
} from '../../../functions/storage/event-bus';
import { eventBridgeMock } from '../../support/event-bridge-mock';

const noWait = async () => {};

/** A user's created event whose resource carries `padding` characters of extension data. */
function created(n: number, padding = 0): ProvisioningEvent {
  const id = `user-${n}`;
  return {
    detailType: 'scim.user.created',
    detail: {
      id: `evt-${n}`,
      tenantId: 'acme',
      resourceType: 'User',
      resourceId: id,
      committedAt: '2026-12-02T01:00:00.000Z',
      eventUri: 'urn:ietf:params:scim:event:prov:create:full',
      userName: `${id}@example.com`,
      resource: { id, userName: `${id}@example.com`, padding: 'x'.repeat(padding) },
      changedAttributes: ['userName'],
      version: 'W/"1"',
    },
  };
}

const many = (count: number, padding = 0) => Array.from({ length: count }, (_, i) => created(i, padding));
const ids = (entries: { Detail?: string }[]) => entries.map((e) => JSON.parse(e.Detail ?? '{}').id);

describe('EventBus.put', () => {
  it.each<[string, ProvisioningEvent[], number[]]>([
    ['one event: one request', many(1), [1]],
    ['25 events: requests of at most 10 entries', many(25), [10, 10, 5]],
    // 100 KB each: two fit under 256 KB, a third would not.
    ['5 events of 100 KB: requests under 256 KB', many(5, 100_000), [2, 2, 1]],
    ['nothing: no request', [], []],
  ])('%s', async (_name, events, requests) => {
    const eventBridge = eventBridgeMock();
    await new EventBus(eventBridge, 'scim-events', noWait).put(events);
    expect(eventBridge.requests).toEqual(requests);
    expect(ids(eventBridge.bus)).toEqual(events.map((e) => e.detail.id));
  });

  it('puts each event as an entry of the bus: its commit time, source, detail-type and the detail as JSON', async () => {
    const eventBridge = eventBridgeMock();
    const event = created(1);
    await new EventBus(eventBridge, 'scim-events', noWait).put([event]);
    expect(eventBridge.bus).toEqual([
      {
        Time: new Date('2026-12-02T01:00:00.000Z'),
        Source: EVENT_SOURCE,
        DetailType: 'scim.user.created',
        Detail: JSON.stringify(event.detail),
        EventBusName: 'scim-events',
      },
    ]);
  });

  it.each<[string, (detail: string, call: number) => string | undefined, string[]]>([
    [
      'an entry refused once is sent again and lands',
      (d, call) => (d.includes('evt-3') && call === 1 ? 'ThrottlingException' : undefined),
      ['evt-0', 'evt-1', 'evt-2', 'evt-4', 'evt-3'],
    ],
    [
      'entries refused on four calls land on the fifth',
      (d, call) => (d.includes('evt-1') && call < 5 ? 'InternalFailure' : undefined),
      ['evt-0', 'evt-2', 'evt-3', 'evt-4', 'evt-1'],
    ],
  ])('%s', async (_name, refuse, landed) => {
    const eventBridge = eventBridgeMock({ refuse: (entry, call) => refuse(entry.Detail ?? '', call) });
    await new EventBus(eventBridge, 'scim-events', noWait).put(many(5));
    expect(ids(eventBridge.bus)).toEqual(landed);
  });

  it('throws UndeliveredEvents with the entries still refused and every event after them', async () => {
    const eventBridge = eventBridgeMock({
      refuse: (entry) => (entry.Detail?.includes('"evt-12"') ? 'InternalFailure' : undefined),
    });
    const events = many(25);
    const put = new EventBus(eventBridge, 'scim-events', noWait).put(events);
    await expect(put).rejects.toThrow(UndeliveredEvents);
    const error = (await put.catch((e: unknown) => e)) as UndeliveredEvents;
    // The refused one, and the third batch, never sent.
    expect(error.events.map((e) => e.detail.id)).toEqual([
      'evt-12',
      'evt-20',
      'evt-21',
      'evt-22',
      'evt-23',
      'evt-24',
    ]);
    expect(error.errorCodes).toEqual(['InternalFailure']);
    // The first batch and the rest of the second landed; the third batch was not sent.
    expect(eventBridge.bus).toHaveLength(19);
    expect(eventBridge.requests).toEqual([10, 10, 1, 1, 1, 1, 1]);
  });
});

describe('createEventBus', () => {
  it("puts through a given sender (the local endpoint's) as through EventBridge: the same entries and batches", async () => {
    const sender = eventBridgeMock();
    await createEventBus('eu-west-1', 'scim-events', sender).put(many(12));
    expect(sender.requests).toEqual([10, 2]);
    expect(sender.bus.every((e) => e.EventBusName === 'scim-events' && e.Source === EVENT_SOURCE)).toBe(true);
  });
});

describe('eventEntry', () => {
  it('keeps a detail that fits as it is', () => {
    const entry = eventEntry(created(1, 200_000), 'bus');
    expect(JSON.parse(entry.Detail ?? '')).toEqual(created(1, 200_000).detail);
  });

  it('drops the resource of a detail over 256 KB and says so (truncated: true), keeping ids and changes', () => {
    const event = created(1, MAX_PUT_BYTES);
    const { resource: _resource, ...rest } = event.detail as { resource: unknown };
    expect(JSON.parse(eventEntry(event, 'bus').Detail ?? '')).toEqual({ ...rest, truncated: true });
  });
});

describe('the EventBridge stand-in refuses what EventBridge refuses', () => {
  it.each<[string, ProvisioningEvent[]]>([
    ['11 entries in one request', many(11)],
    ['entries together over 256 KB', many(3, 100_000)],
  ])('%s', async (_name, events) => {
    const { PutEventsCommand } = await import('@aws-sdk/client-eventbridge');
    const command = new PutEventsCommand({ Entries: events.map((e) => eventEntry(e, 'bus')) });
    await expect(eventBridgeMock().send(command)).rejects.toThrow(/Entries must hold|over the limit/);
  });
});
