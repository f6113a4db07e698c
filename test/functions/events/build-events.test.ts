/**
 * The event builder: which committed changes become which provisioning events (issue 11, docs/events.md).
 * Pure: changes in, events out; the same changes always give the same events and ids.
 */
import { describe, expect, it } from 'vitest';
import { type BuildOptions, buildEvents, changedAttributes } from '../../../functions/events/build-events';
import type {
  CommittedChange,
  MembershipChange,
  PolicyChange,
  ResourceChange,
  TombstoneChange,
} from '../../../functions/events/committed-change';
import type { ResourceState } from '../../../functions/scim/representation';
import type { TenantPolicy } from '../../../functions/scim/tenant-policy';

const TENANT = 'acme';
const USER_ID = '00000000-0000-4000-8000-000000000001';
const GROUP_ID = '00000000-0000-4000-8000-000000000002';
const AT = '2026-12-02T01:00:00.000Z';
const NOTHING_DELETING: BuildOptions = { deleting: () => false };

function state(id: string, version: number, resource: Record<string, unknown>): ResourceState {
  return { id, version, created: '2026-12-01T00:00:00.000Z', lastModified: AT, resource };
}

const alice = (version: number, more: Record<string, unknown> = {}) =>
  state(USER_ID, version, { userName: 'alice', externalId: 'e-1', active: true, ...more });
const group = (version: number, displayName = 'Staff') => state(GROUP_ID, version, { displayName });

function resourceChange(
  before: ResourceState | undefined,
  after: ResourceState | undefined,
  marks: { before?: boolean; after?: boolean; purge?: 'deactivated' } = {},
): ResourceChange {
  const purge = marks.purge === undefined ? {} : { purgeReason: marks.purge };
  return {
    kind: 'resource',
    streamEventId: 'ev-1',
    committedAt: AT,
    tenantId: TENANT,
    resourceType: before?.id === GROUP_ID || after?.id === GROUP_ID ? 'Group' : 'User',
    ...(before === undefined ? {} : { before: { state: before, deleting: marks.before ?? false } }),
    ...(after === undefined ? {} : { after: { state: after, deleting: marks.after ?? false, ...purge } }),
  };
}

/** A User marked by a DELETE under retention, which records when its tombstone will expire. */
function retainedDelete(retainUntil: string): ResourceChange {
  const marked = resourceChange(alice(3), alice(3), { after: true });
  const after = marked.after === undefined ? undefined : { ...marked.after, retainUntil };
  return { ...marked, ...(after === undefined ? {} : { after }) };
}

const DELETED_AT = '2026-11-01T00:00:00.000Z';

function tombstone(state: ResourceState, change: TombstoneChange['change']): TombstoneChange {
  return {
    kind: 'tombstone',
    streamEventId: 'ev-t',
    committedAt: AT,
    tenantId: TENANT,
    resourceType: state.id === GROUP_ID ? 'Group' : 'User',
    change,
    state,
    deletedAt: DELETED_AT,
  };
}

const HARD: TenantPolicy = { deletion: { mode: 'hard' }, paused: false };
const RETAIN_30: TenantPolicy = { deletion: { mode: 'retain', days: 30 }, paused: false };

function policyChange(before: TenantPolicy | undefined, after: TenantPolicy): PolicyChange {
  return {
    kind: 'policy',
    streamEventId: 'ev-p',
    committedAt: AT,
    tenantId: TENANT,
    ...(before === undefined ? {} : { before }),
    after,
  };
}

function removal(groupId: string, memberId: string, streamEventId = 'ev-m'): MembershipChange {
  return {
    kind: 'membership',
    streamEventId,
    committedAt: AT,
    tenantId: TENANT,
    groupId,
    member: { id: memberId, type: 'User' },
    change: 'removed',
  };
}

const summary = (changes: readonly CommittedChange[], options = NOTHING_DELETING) =>
  buildEvents(changes, options).map((e) => ({
    detailType: e.detailType,
    eventUri: 'eventUri' in e.detail ? e.detail.eventUri : undefined,
    changed: 'changedAttributes' in e.detail ? e.detail.changedAttributes : undefined,
    ...('reason' in e.detail ? { reason: e.detail.reason } : {}),
  }));

describe('buildEvents: which change emits which event', () => {
  const CREATE = 'urn:ietf:params:scim:event:prov:create:full';
  const PATCH = 'urn:ietf:params:scim:event:prov:patch:full';
  const NOTICE = 'urn:ietf:params:scim:event:prov:patch:notice';
  const DELETE = 'urn:ietf:params:scim:event:prov:delete';
  const cases: [string, CommittedChange, ReturnType<typeof summary>][] = [
    [
      'a User inserted is created',
      resourceChange(undefined, alice(1)),
      [{ detailType: 'scim.user.created', eventUri: CREATE, changed: ['userName', 'externalId', 'active'] }],
    ],
    [
      'a Group inserted is created',
      resourceChange(undefined, group(1)),
      [{ detailType: 'scim.group.created', eventUri: CREATE, changed: ['displayName'] }],
    ],
    [
      'a changed attribute is updated',
      resourceChange(alice(1), alice(2, { title: 'CTO' })),
      [{ detailType: 'scim.user.updated', eventUri: PATCH, changed: ['title'] }],
    ],
    [
      'a renamed Group is updated',
      resourceChange(group(1), group(2, 'Everyone')),
      [{ detailType: 'scim.group.updated', eventUri: PATCH, changed: ['displayName'] }],
    ],
    [
      'a removed attribute is updated',
      resourceChange(alice(1, { title: 'CTO' }), alice(2)),
      [{ detailType: 'scim.user.updated', eventUri: PATCH, changed: ['title'] }],
    ],
    [
      'active turned false is deactivated',
      resourceChange(alice(1), alice(2, { active: false })),
      [
        {
          detailType: 'scim.user.deactivated',
          eventUri: 'urn:ietf:params:scim:event:prov:deactivate',
          changed: ['active'],
        },
      ],
    ],
    [
      'active turned back is reactivated',
      resourceChange(alice(2, { active: false }), alice(3)),
      [
        {
          detailType: 'scim.user.reactivated',
          eventUri: 'urn:ietf:params:scim:event:prov:activate',
          changed: ['active'],
        },
      ],
    ],
    [
      'active and another attribute: updated with the other, then deactivated',
      resourceChange(alice(1), alice(2, { active: false, title: 'Former' })),
      [
        { detailType: 'scim.user.updated', eventUri: PATCH, changed: ['title'] },
        {
          detailType: 'scim.user.deactivated',
          eventUri: 'urn:ietf:params:scim:event:prov:deactivate',
          changed: ['active'],
        },
      ],
    ],
    [
      'active absent then true is no lifecycle change, only updated',
      resourceChange(
        state(USER_ID, 1, { userName: 'alice' }),
        state(USER_ID, 2, { userName: 'alice', active: true }),
      ),
      [{ detailType: 'scim.user.updated', eventUri: PATCH, changed: ['active'] }],
    ],
    ['a write that changed nothing emits nothing', resourceChange(alice(1), alice(1)), []],
    ['a version bump without an attribute change emits nothing', resourceChange(group(1), group(2)), []],
    [
      'a resource marked deleting is deleted',
      resourceChange(alice(3), alice(3), { after: true }),
      [{ detailType: 'scim.user.deleted', eventUri: DELETE, changed: ['userName', 'externalId', 'active'] }],
    ],
    [
      'a Group marked deleting is deleted',
      resourceChange(group(2), group(2), { after: true }),
      [{ detailType: 'scim.group.deleted', eventUri: DELETE, changed: ['displayName'] }],
    ],
    [
      'a marked resource marked again emits nothing',
      resourceChange(alice(3), alice(3), { before: true, after: true }),
      [],
    ],
    [
      'the final removal of a marked resource emits nothing',
      resourceChange(alice(3), undefined, { before: true }),
      [],
    ],
    [
      'the removal of an unmarked resource is deleted',
      resourceChange(alice(3), undefined),
      [{ detailType: 'scim.user.deleted', eventUri: DELETE, changed: ['userName', 'externalId', 'active'] }],
    ],
    [
      'a member added',
      { ...removal(GROUP_ID, USER_ID), change: 'added' },
      [{ detailType: 'scim.group.member_added', eventUri: NOTICE, changed: undefined }],
    ],
    [
      'a member removed',
      removal(GROUP_ID, USER_ID),
      [{ detailType: 'scim.group.member_removed', eventUri: NOTICE, changed: undefined }],
    ],
    [
      "a deactivated User marked by the sweep's purge is purged, not deleted",
      resourceChange(alice(3, { active: false }), alice(3, { active: false }), {
        after: true,
        purge: 'deactivated',
      }),
      [
        {
          detailType: 'scim.user.purged',
          eventUri: DELETE,
          changed: ['userName', 'externalId', 'active'],
          reason: 'deactivated',
        },
      ],
    ],
    [
      'a purged User marked again by the ordinary delete path emits nothing',
      resourceChange(alice(3, { active: false }), alice(3, { active: false }), {
        before: true,
        after: true,
        purge: 'deactivated',
      }),
      [],
    ],
    ['a tombstone written emits nothing (the DELETE emitted deleted)', tombstone(alice(3), 'written'), []],
    [
      "a User's tombstone expired is purged for retention",
      tombstone(alice(3), 'expired'),
      [
        {
          detailType: 'scim.user.purged',
          eventUri: DELETE,
          changed: ['userName', 'externalId', 'active'],
          reason: 'retention',
        },
      ],
    ],
    [
      "a Group's tombstone expired is purged for retention",
      tombstone(group(2), 'expired'),
      [{ detailType: 'scim.group.purged', eventUri: DELETE, changed: ['displayName'], reason: 'retention' }],
    ],
    ['a tombstone removed unexpired (a tenant purge) emits nothing', tombstone(alice(3), 'removed'), []],
    [
      'a policy set the first time: changed against the default, no eventUri',
      policyChange(undefined, RETAIN_30),
      [{ detailType: 'scim.tenant.policy_changed', eventUri: undefined, changed: ['deletion'] }],
    ],
    ['a policy set the first time to the default emits nothing', policyChange(undefined, HARD), []],
    [
      'a policy changed: the attributes that changed',
      policyChange(RETAIN_30, { deletion: { mode: 'hard' }, purgeDeactivatedAfterDays: 90, paused: true }),
      [
        {
          detailType: 'scim.tenant.policy_changed',
          eventUri: undefined,
          changed: ['deletion', 'purgeDeactivatedAfterDays', 'paused'],
        },
      ],
    ],
    [
      'an attribute removed from the policy changed',
      policyChange({ ...HARD, purgeDeactivatedAfterDays: 90 }, HARD),
      [
        {
          detailType: 'scim.tenant.policy_changed',
          eventUri: undefined,
          changed: ['purgeDeactivatedAfterDays'],
        },
      ],
    ],
    ['a policy set again unchanged emits nothing', policyChange(RETAIN_30, RETAIN_30), []],
  ];
  it.each(cases)('%s', (_, change, expected) => {
    expect(summary([change])).toEqual(expected);
  });
});

describe('buildEvents: a deletion is one event, not one removal per membership', () => {
  const members = Array.from(
    { length: 250 },
    (_, i) => `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
  );
  const groupRemovals = members.map((id, i) => removal(GROUP_ID, id, `ev-${i}`));
  const cases: [string, CommittedChange[], BuildOptions, string[]][] = [
    [
      'a group DELETE in one batch: the mark, then 250 removals',
      [resourceChange(group(4), group(4), { after: true }), ...groupRemovals],
      NOTHING_DELETING,
      ['scim.group.deleted'],
    ],
    [
      'removals of a group the caller reports as deleting (the mark was in an earlier batch)',
      groupRemovals,
      { deleting: (tenant, id) => tenant === TENANT && id === GROUP_ID },
      [],
    ],
    [
      "a user DELETE: the mark, then the user's removal from its group",
      [resourceChange(alice(3), alice(3), { after: true }), removal(GROUP_ID, USER_ID)],
      NOTHING_DELETING,
      ['scim.user.deleted'],
    ],
    [
      'the same ids in another tenant are not being deleted',
      [removal(GROUP_ID, USER_ID)],
      { deleting: (tenant) => tenant === 'other' },
      ['scim.group.member_removed'],
    ],
    [
      "a deactivated user's purge in one batch: the mark, then the user's removal from its group",
      [
        resourceChange(alice(3, { active: false }), alice(3, { active: false }), {
          after: true,
          purge: 'deactivated',
        }),
        removal(GROUP_ID, USER_ID),
      ],
      NOTHING_DELETING,
      ['scim.user.purged'],
    ],
  ];
  it.each(cases)('%s', (_, changes, options, expected) => {
    expect(buildEvents(changes, options).map((e) => e.detailType)).toEqual(expected);
  });
});

describe('buildEvents: the detail', () => {
  it('carries the ids, names, representation (relative location), version and commit time', () => {
    const [event] = buildEvents(
      [resourceChange(alice(1), alice(2, { displayName: 'Alice' }))],
      NOTHING_DELETING,
    );
    expect(event).toEqual({
      detailType: 'scim.user.updated',
      detail: {
        id: 'ev-1:scim.user.updated',
        tenantId: TENANT,
        resourceType: 'User',
        resourceId: USER_ID,
        committedAt: AT,
        eventUri: 'urn:ietf:params:scim:event:prov:patch:full',
        externalId: 'e-1',
        userName: 'alice',
        displayName: 'Alice',
        resource: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          id: USER_ID,
          userName: 'alice',
          externalId: 'e-1',
          active: true,
          displayName: 'Alice',
          meta: {
            resourceType: 'User',
            created: '2026-12-01T00:00:00.000Z',
            lastModified: AT,
            location: `/Users/${USER_ID}`,
            version: 'W/"2"',
          },
        },
        changedAttributes: ['displayName'],
        version: 'W/"2"',
      },
    });
  });

  it('of a deletion is the resource before it', () => {
    const [event] = buildEvents(
      [resourceChange(group(5, 'Old'), group(5, 'Old'), { after: true })],
      NOTHING_DELETING,
    );
    expect(event?.detail).toMatchObject({
      displayName: 'Old',
      version: 'W/"5"',
      resource: { displayName: 'Old' },
    });
  });

  it('of a member event names the group and the member', () => {
    const added: CommittedChange = {
      ...removal(GROUP_ID, USER_ID),
      member: { id: USER_ID, type: 'User', display: 'alice' },
      change: 'added',
    };
    expect(buildEvents([added], NOTHING_DELETING)[0]?.detail).toEqual({
      id: 'ev-m:scim.group.member_added',
      tenantId: TENANT,
      resourceType: 'Group',
      resourceId: GROUP_ID,
      committedAt: AT,
      eventUri: 'urn:ietf:params:scim:event:prov:patch:notice',
      groupId: GROUP_ID,
      memberId: USER_ID,
      memberType: 'User',
      display: 'alice',
    });
  });

  it.each<[string, ResourceChange, string | undefined]>([
    [
      'until when a resource deleted under retention is retained',
      retainedDelete('2026-12-31T01:00:00.000Z'),
      '2026-12-31T01:00:00.000Z',
    ],
    ['no retention for a hard DELETE', resourceChange(alice(3), alice(3), { after: true }), undefined],
  ])('of a deletion says %s', (_, change, retainedUntil) => {
    const events = buildEvents([change], NOTHING_DELETING);
    expect(events.map((e) => e.detailType)).toEqual(['scim.user.deleted']);
    const detail = events[0]?.detail ?? {};
    expect(detail).toHaveProperty('version', 'W/"3"');
    expect('retainedUntil' in detail ? detail.retainedUntil : undefined).toBe(retainedUntil);
  });

  it("of a purge for retention is the tombstone's resource, with the reason and when the DELETE was", () => {
    const [event] = buildEvents([tombstone(alice(4, { title: 'CTO' }), 'expired')], NOTHING_DELETING);
    expect(event).toEqual({
      detailType: 'scim.user.purged',
      detail: {
        id: 'ev-t:scim.user.purged',
        tenantId: TENANT,
        resourceType: 'User',
        resourceId: USER_ID,
        committedAt: AT,
        eventUri: 'urn:ietf:params:scim:event:prov:delete',
        externalId: 'e-1',
        userName: 'alice',
        resource: expect.objectContaining({ id: USER_ID, title: 'CTO', meta: expect.anything() }),
        changedAttributes: ['userName', 'externalId', 'active', 'title'],
        version: 'W/"4"',
        reason: 'retention',
        deletedAt: DELETED_AT,
      },
    });
  });

  it('of a policy change is the policy, the previous one and what changed: no resource, no eventUri', () => {
    const after: TenantPolicy = { ...RETAIN_30, purgeDeactivatedAfterDays: 90 };
    expect(buildEvents([policyChange(RETAIN_30, after)], NOTHING_DELETING)).toEqual([
      {
        detailType: 'scim.tenant.policy_changed',
        detail: {
          id: 'ev-p:scim.tenant.policy_changed',
          tenantId: TENANT,
          committedAt: AT,
          policy: after,
          previous: RETAIN_30,
          changedAttributes: ['purgeDeactivatedAfterDays'],
        },
      },
    ]);
  });

  it('is the same, ids included, when the same changes are built again (redelivery)', () => {
    const changes = [
      resourceChange(alice(1), alice(2, { active: false, title: 'x' })),
      removal(GROUP_ID, USER_ID),
    ];
    const first = buildEvents(changes, NOTHING_DELETING);
    expect(buildEvents(changes, NOTHING_DELETING)).toEqual(first);
    expect(new Set(first.map((e) => e.detail.id)).size).toBe(first.length);
  });
});

describe('changedAttributes', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string[]][] = [
    ['none', { a: 1 }, { a: 1 }, []],
    ['a value', { a: 1 }, { a: 2 }, ['a']],
    ['added and removed', { a: 1 }, { b: 1 }, ['b', 'a']],
    ['complex values by structure, not key order', { n: { g: 'A', f: 'B' } }, { n: { f: 'B', g: 'A' } }, []],
    ['a multi-valued entry', { emails: [{ value: 'a' }] }, { emails: [{ value: 'b' }] }, ['emails']],
    [
      'an extension by its schema URN',
      { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'A' } },
      { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'B' } },
      ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    ],
  ];
  it.each(cases)('%s', (_, before, after, expected) => {
    expect(changedAttributes(before, after)).toEqual(expected);
  });
});
