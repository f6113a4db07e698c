/**
 * The provisioning events of the recorded identity-provider sequences (test/fixtures/sequences), end to end
 * as `npm start` makes them: the requests through the local endpoint, the data table's stream on DynamoDB
 * Local read by the local event source mapping (bin/local/stream-poller.ts), the deployed event function's
 * handler with the real deletingResources and EventBus, into the local event store. The stream is read after
 * each write (test/support/event-draining-proxy.ts), as the mapping reads it in AWS within its one-second
 * batching window.
 */
import type { PutEventsCommand, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../bin/local/local-event-store';
import type { PutEventsSender } from '../../functions/storage/event-bus';
import { startTestEventStream, type TestEventStream } from '../support/event-stream';
import { type EventedServer, startEventedServer } from '../support/evented-server';
import { loadSequences, replay } from '../support/replay';
import type { TestServer } from '../support/scim-server';
import { at } from '../support/sequence-format';
import { userBody } from '../support/users';

let evented: EventedServer;
let server: TestServer;
let events: TestEventStream;
let proxy: EventedServer['proxy'];
beforeAll(async () => {
  evented = await startEventedServer();
  ({ server, events, proxy } = evented);
});
afterAll(() => evented.close());

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** The custom extension of the entra-custom-attribute sequences, which the deployment does not declare. */
const CONTOSO = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User';
const ENTRA_USER = ['emails', 'displayName', 'name', 'externalId', 'active', 'userName', ENTERPRISE];
const OKTA_USER = ['emails', 'displayName', 'name', 'externalId', 'active', 'userName', 'locale'];

/**
 * An expected event: its type, the capture naming its resource (the group, for member events), and its
 * changedAttributes and version, or for a member event the capture naming the member.
 */
type Expected =
  | readonly [type: string, resource: string, changed: readonly string[], version: number]
  | readonly [type: string, group: string, member: string];

const ENTRA_GROUP_START: Expected[] = [
  ['scim.user.created', 'user1Id', ENTRA_USER, 1],
  ['scim.user.created', 'user2Id', ENTRA_USER, 1],
  ['scim.group.created', 'groupId', ['displayName', 'externalId'], 1],
  ['scim.group.member_added', 'groupId', 'user1Id'],
  ['scim.group.member_added', 'groupId', 'user2Id'],
  ['scim.group.member_removed', 'groupId', 'user1Id'],
];
/** A group DELETE is one event: no member_removed for the members it still had. */
const ENTRA_GROUP_END = (version: number): Expected[] => [
  ['scim.group.updated', 'groupId', ['displayName'], version],
  ['scim.group.deleted', 'groupId', ['displayName', 'externalId'], version],
  ['scim.user.deleted', 'user1Id', ENTRA_USER, 1],
  ['scim.user.deleted', 'user2Id', ENTRA_USER, 1],
];
const ENTRA_USER_START: Expected[] = [
  ['scim.user.created', 'managerId', ENTRA_USER.filter((a) => a !== 'emails'), 1],
  ['scim.user.created', 'userId', ENTRA_USER, 1],
];
const ENTRA_USER_MIDDLE: Expected[] = [
  ['scim.user.updated', 'userId', ['nickName'], 3],
  ['scim.user.updated', 'userId', [ENTERPRISE], 4], // manager set
  ['scim.user.updated', 'userId', [ENTERPRISE], 5], // manager removed
  ['scim.user.updated', 'managerId', ['emails'], 2],
];
const deletedUser = (version: number): Expected[] => [
  ['scim.user.deleted', 'userId', [...ENTRA_USER, 'nickName'], version],
  ['scim.user.deleted', 'managerId', ENTRA_USER, 2],
];

/** Create with the custom attribute, update it with displayName, then once per PATCH; deleted without it. */
const ENTRA_CUSTOM_ATTRIBUTE: Expected[] = [
  ['scim.user.created', 'userId', [...ENTRA_USER, CONTOSO], 1],
  ['scim.user.updated', 'userId', ['displayName', CONTOSO], 2],
  ['scim.user.updated', 'userId', [CONTOSO], 3],
  ['scim.user.updated', 'userId', [CONTOSO], 4],
  ['scim.user.updated', 'userId', [CONTOSO], 5],
  ['scim.user.updated', 'userId', [CONTOSO], 6],
  ['scim.user.deleted', 'userId', ENTRA_USER, 6],
];

/** What each recorded sequence emits, in commit order. */
const EXPECTED: Readonly<Record<string, readonly Expected[]>> = {
  'entra-custom-attribute-aadoptscim062020': ENTRA_CUSTOM_ATTRIBUTE,
  'entra-custom-attribute-legacy': ENTRA_CUSTOM_ATTRIBUTE,
  'entra-groups-aadoptscim062020': [...ENTRA_GROUP_START, ...ENTRA_GROUP_END(4)],
  'entra-groups-legacy': [
    ...ENTRA_GROUP_START,
    ['scim.group.member_removed', 'groupId', 'user2Id'],
    ...ENTRA_GROUP_END(5),
  ],
  'entra-users-aadoptscim062020': [
    ...ENTRA_USER_START,
    ['scim.user.updated', 'userId', ['emails', 'displayName', 'name', ENTERPRISE], 2],
    ...ENTRA_USER_MIDDLE,
    ['scim.user.deactivated', 'userId', ['active'], 6],
    ['scim.user.reactivated', 'userId', ['active'], 7],
    ...deletedUser(7),
  ],
  'entra-users-legacy': [
    ...ENTRA_USER_START,
    ['scim.user.updated', 'userId', ['emails', 'displayName', 'name', 'externalId', ENTERPRISE], 2],
    ...ENTRA_USER_MIDDLE,
    ['scim.user.updated', 'userId', ['userName'], 6],
    ['scim.user.deactivated', 'userId', ['active'], 7],
    ['scim.user.reactivated', 'userId', ['active'], 8],
    ...deletedUser(8),
  ],
  // Okta's group-name PATCH with the unchanged displayName (sent with every membership update) emits
  // nothing; a member added again in a full push emits nothing for the member already there.
  'okta-groups': [
    ['scim.user.created', 'user1Id', OKTA_USER, 1],
    ['scim.user.created', 'user2Id', OKTA_USER, 1],
    ['scim.group.created', 'groupId', ['displayName'], 1],
    ['scim.group.member_added', 'groupId', 'user1Id'],
    ['scim.group.member_removed', 'groupId', 'user1Id'],
    ['scim.group.member_added', 'groupId', 'user2Id'],
    ['scim.group.updated', 'groupId', ['displayName'], 4],
    ['scim.group.member_added', 'groupId', 'user1Id'],
    ['scim.group.updated', 'groupId', ['displayName'], 6],
    ['scim.group.member_removed', 'groupId', 'user1Id'],
    ['scim.group.created', 'group2Id', ['displayName'], 1],
    ['scim.group.member_added', 'group2Id', 'user1Id'],
    ['scim.group.member_added', 'group2Id', 'user2Id'],
    ['scim.group.deleted', 'groupId', ['displayName'], 6],
    ['scim.group.deleted', 'group2Id', ['displayName'], 1],
    ['scim.user.deactivated', 'user1Id', ['active'], 2],
    ['scim.user.deactivated', 'user2Id', ['active'], 2],
  ],
  'okta-users': [
    ['scim.user.created', 'userId', OKTA_USER, 1],
    ['scim.user.updated', 'userId', ['name'], 2],
    ['scim.user.updated', 'userId', ['displayName'], 3],
    ['scim.user.deactivated', 'userId', ['active'], 4],
    ['scim.user.reactivated', 'userId', ['active'], 5],
    ['scim.user.deactivated', 'userId', ['active'], 6],
  ],
};

type Detail = Record<string, unknown>;
const detailOf = (event: StoredEvent) => JSON.parse(event.detail) as Detail;

/** An event as the expectations name it, ids replaced by the captures' names. */
function named(event: StoredEvent, names: ReadonlyMap<string, string>): Expected {
  const detail = detailOf(event);
  const name = (id: unknown) => names.get(String(id)) ?? String(id);
  if (typeof detail.memberId === 'string')
    return [event.detailType, name(detail.groupId), name(detail.memberId)];
  const version = Number(/^W\/"(\d+)"$/.exec(String(detail.version))?.[1]);
  return [
    event.detailType,
    name(detail.resourceId),
    [...(detail.changedAttributes as string[])].sort(),
    version,
  ];
}

const normalized = (expected: Expected): Expected =>
  expected.length === 4 ? [expected[0], expected[1], [...expected[2]].sort(), expected[3]] : expected;

/** The events of one subject (a resource, or a group's member), in order: what the order must keep. */
function bySubject(list: readonly Expected[]): Record<string, Expected[]> {
  const subjects: Record<string, Expected[]> = {};
  for (const e of list) {
    const subject = e.length === 4 ? e[1] : `${e[1]}/${e[2]}`;
    subjects[subject] = [...(subjects[subject] ?? []), e];
  }
  return subjects;
}

describe.each(loadSequences().map((s) => [s.name, s] as const))('%s', (name, sequence) => {
  it('emits exactly the events of its writes, each once, in order within each resource', async () => {
    const expected = (EXPECTED[name] ?? []).map(normalized);
    const tenant = await server.newTenant();
    events.watch(tenant.tenantId);
    const results = await replay(sequence, proxy.baseUrl, tenant.token);
    const names = new Map<string, string>();
    sequence.steps.forEach((step, i) => {
      for (const [capture, path] of Object.entries(step.capture ?? {}))
        names.set(String(at(results[i]?.body, path)), capture);
    });
    const stored = await events.eventsOf(tenant.tenantId, expected.length);
    const actual = stored.map((e) => named(e, names));
    // Every event, none more; the ids unique; each resource's events (and each membership's) in commit order.
    expect([...actual].sort()).toEqual([...expected].sort());
    expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
    expect(bySubject(actual)).toEqual(bySubject(expected));
    for (const event of stored) {
      expect(detailOf(event)).toMatchObject({ tenantId: tenant.tenantId, committedAt: event.time });
    }
  });
});

/**
 * Fault injection: `refuseFirstPuts(ids, n)` answers the first `n` PutEvents entries of each chosen event
 * with EventBridge's InternalFailure (more than the bus's own five retries, so that the handler reports
 * the record and the stream reader retries from it), and `failCall(k)` makes the k-th PutEvents request
 * throw, as a network failure would (the whole batch fails: bisected and retried). `taken` logs every
 * entry the store took, duplicates included.
 */
function faultySender(faults: {
  refuse: (entry: PutEventsRequestEntry) => boolean;
  failCalls: readonly number[];
}) {
  const taken: PutEventsRequestEntry[] = [];
  let calls = 0;
  const wrap = (inner: PutEventsSender): PutEventsSender => ({
    async send(command: PutEventsCommand) {
      calls++;
      if (faults.failCalls.includes(calls)) throw new Error(`injected: PutEvents call ${calls} failed`);
      const entries = command.input.Entries ?? [];
      const refused = entries.map((entry) => faults.refuse(entry));
      const accepted = entries.filter((_, i) => !refused[i]);
      if (accepted.length > 0) {
        command.input.Entries = accepted;
        await inner.send(command);
        taken.push(...accepted);
      }
      const failed = refused.filter(Boolean).length;
      return {
        FailedEntryCount: failed,
        Entries: refused.map((r) =>
          r ? { ErrorCode: 'InternalFailure', ErrorMessage: 'injected' } : { EventId: 'x' },
        ),
        $metadata: {},
      };
    },
  });
  return { wrap, taken };
}

function refuseFirstPuts(matches: (detail: Detail) => boolean, times: number) {
  const refusals = new Map<string, number>();
  return (entry: PutEventsRequestEntry) => {
    const detail = JSON.parse(entry.Detail ?? '{}') as Detail;
    if (!matches(detail)) return false;
    const id = String(detail.id);
    const count = refusals.get(id) ?? 0;
    refusals.set(id, count + 1);
    return count < times;
  };
}

describe('delivery, at least once', () => {
  it('puts every event when PutEvents fails part-way: none lost, duplicates only with the same id and detail', async () => {
    const faults = faultySender({
      refuse: refuseFirstPuts((d) => d.eventUri === 'urn:ietf:params:scim:event:prov:deactivate', 6),
      failCalls: [2],
    });
    const faulty = await startTestEventStream({ wrapSender: faults.wrap });
    try {
      const tenant = await server.newTenant();
      faulty.watch(tenant.tenantId);
      // One batch of several records: created, created, deactivated (refused six times), updated.
      const ada = await tenant.request('POST', '/Users', userBody('ada@example.com'));
      const bob = await tenant.request('POST', '/Users', userBody('bob@example.com'));
      const patch = (op: object) => ({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [op],
      });
      await tenant.request(
        'PATCH',
        `/Users/${ada.body.id}`,
        patch({ op: 'replace', path: 'active', value: false }),
      );
      await tenant.request(
        'PATCH',
        `/Users/${bob.body.id}`,
        patch({ op: 'replace', path: 'title', value: 'Engineer' }),
      );
      const stored = await faulty.eventsOf(tenant.tenantId, 4);
      expect(stored.map((e) => [e.detailType, detailOf(e).resourceId])).toEqual([
        ['scim.user.created', ada.body.id],
        ['scim.user.created', bob.body.id],
        ['scim.user.deactivated', ada.body.id],
        ['scim.user.updated', bob.body.id],
      ]);
      const mine = faults.taken.filter((e) => (e.Detail ?? '').includes(tenant.tenantId));
      const byId = new Map<string, Set<string>>();
      for (const entry of mine) {
        const id = String(JSON.parse(entry.Detail ?? '{}').id);
        byId.set(id, (byId.get(id) ?? new Set()).add(entry.Detail ?? ''));
      }
      // Redelivered (more entries taken than events), each time with the same detail.
      expect(mine.length).toBeGreaterThan(stored.length);
      expect([...byId.keys()].sort()).toEqual(stored.map((e) => e.id).sort());
      for (const details of byId.values()) expect(details.size).toBe(1);
    } finally {
      await faulty.stop();
    }
  });
});
