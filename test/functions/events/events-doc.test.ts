/**
 * docs/events.md shows an example of each event type; this rebuilds them with buildEvents from the story
 * the document tells, so that the documented schema is the one put on the bus and cannot drift from it.
 * `EVENTS_DOC_DUMP=<file>` writes the events built, to regenerate the examples after a change of schema.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildEvents } from '../../../functions/events/build-events';
import type { CommittedChange } from '../../../functions/events/committed-change';
import type { ResourceState } from '../../../functions/scim/representation';
import type { TenantPolicy } from '../../../functions/scim/tenant-policy';

const USER_ID = '2819c223-7f76-453a-919d-413861904646';
const GROUP_ID = 'e9e30dba-f08f-4109-8486-d5c6a331660a';
const CREATED = '2026-12-02T09:15:00.000Z';
const NOTHING_DELETING = { deleting: () => false };

const at = (n: number) => ({
  streamEventId: `4b8c6f2e1d0a4c3b9e7f${n}`,
  committedAt: `2026-12-02T09:15:0${n}.000Z`,
  tenantId: 'acme',
});

function barbara(version: number, active: boolean, title?: string): ResourceState {
  const resource = {
    userName: 'bjensen@example.com',
    externalId: 'bjensen',
    name: { givenName: 'Barbara', familyName: 'Jensen' },
    displayName: 'Barbara Jensen',
    active,
    ...(title === undefined ? {} : { title }),
  };
  return {
    id: USER_ID,
    version,
    created: CREATED,
    lastModified: `2026-12-02T09:15:0${version - 1}.000Z`,
    resource,
  };
}

const sales = (version: number, displayName = 'Sales'): ResourceState => ({
  id: GROUP_ID,
  version,
  created: CREATED,
  lastModified: CREATED,
  resource: { displayName, externalId: 'sales' },
});

function write(
  n: number,
  resourceType: 'User' | 'Group',
  before: ResourceState | undefined,
  after: ResourceState,
  markedAfter = false,
): CommittedChange {
  return {
    kind: 'resource',
    ...at(n),
    resourceType,
    ...(before === undefined ? {} : { before: { state: before, deleting: false } }),
    after: { state: after, deleting: markedAfter },
  };
}

/** A DELETE's mark under the tenant's 30 days' retention. */
function retainedDelete(n: number, resourceType: 'User' | 'Group', state: ResourceState): CommittedChange {
  const retainUntil = `2027-01-01T09:15:0${n}.000Z`;
  return {
    kind: 'resource',
    ...at(n),
    resourceType,
    before: { state, deleting: false },
    after: { state, deleting: true, retainUntil },
  };
}

/** A tombstone removed by Time to Live, some hours after its retention ended. */
function expired(
  streamEventId: string,
  committedAt: string,
  resourceType: 'User' | 'Group',
  state: ResourceState,
  deletedAt: string,
): CommittedChange {
  return {
    kind: 'tombstone',
    streamEventId,
    committedAt,
    tenantId: 'acme',
    resourceType,
    change: 'expired',
    state,
    deletedAt,
  };
}

const ACME_POLICY: TenantPolicy = {
  deletion: { mode: 'retain', days: 30 },
  purgeDeactivatedAfterDays: 90,
  paused: false,
};

/** John Smith, deactivated on the day of the story, and never reactivated. */
const johnSmith: ResourceState = {
  id: '6f1c2b8a-93d4-4e57-a0b1-5c2d8e9f7a31',
  version: 2,
  created: CREATED,
  lastModified: '2026-12-02T09:16:00.000Z',
  resource: {
    userName: 'jsmith@example.com',
    externalId: 'jsmith',
    displayName: 'John Smith',
    active: false,
  },
};

const membership = (n: number, change: 'added' | 'removed'): CommittedChange => ({
  kind: 'membership',
  ...at(n),
  groupId: GROUP_ID,
  member: { id: USER_ID, type: 'User', display: 'Barbara Jensen' },
  change,
});

/** The story of docs/events.md's examples, one batch of stream records each. */
const STORY: readonly CommittedChange[][] = [
  [
    {
      kind: 'policy',
      streamEventId: '4b8c6f2e1d0a4c3b9e7e0',
      committedAt: '2026-12-02T09:14:00.000Z',
      tenantId: 'acme',
      after: ACME_POLICY,
    },
  ],
  [write(0, 'User', undefined, barbara(1, true))],
  [write(1, 'User', barbara(1, true), barbara(2, true, 'Tour Guide'))],
  [write(2, 'User', barbara(2, true, 'Tour Guide'), barbara(3, false, 'Tour Guide'))],
  [write(3, 'User', barbara(3, false, 'Tour Guide'), barbara(4, true, 'Tour Guide'))],
  [retainedDelete(4, 'User', barbara(4, true, 'Tour Guide'))],
  [write(5, 'Group', undefined, sales(1))],
  [write(6, 'Group', sales(1), sales(2, 'Sales EMEA'))],
  [membership(7, 'added')],
  [membership(8, 'removed')],
  [retainedDelete(9, 'Group', sales(3, 'Sales EMEA'))],
  [
    expired(
      '7d2e4a9c0b1f4e6a8c3d1',
      '2027-01-01T11:42:10.000Z',
      'User',
      barbara(4, true, 'Tour Guide'),
      at(4).committedAt,
    ),
  ],
  [
    expired(
      '7d2e4a9c0b1f4e6a8c3d2',
      '2027-01-01T11:42:11.000Z',
      'Group',
      sales(3, 'Sales EMEA'),
      at(9).committedAt,
    ),
  ],
  [
    {
      kind: 'resource',
      streamEventId: '9a0b3c5d7e2f4a1b6c8d0',
      committedAt: '2027-03-03T03:00:12.000Z',
      tenantId: 'acme',
      resourceType: 'User',
      before: { state: johnSmith, deleting: false },
      after: { state: johnSmith, deleting: true, purgeReason: 'deactivated' },
    },
  ],
];

/** Every type of event in the story: one example of each, two of scim.user.purged (one per reason). */
const TYPES = 13;

/** Each `#### \`<detail-type>\`` heading of the document with the JSON block under it. */
function documentedExamples(): { detailType: string; detail: unknown }[] {
  const text = readFileSync(new URL('../../../docs/events.md', import.meta.url), 'utf8');
  return [...text.matchAll(/^#### `([^`]+)`\n\n```json\n([\s\S]*?)\n```/gm)].map((m) => ({
    detailType: m[1] as string,
    detail: JSON.parse(m[2] as string),
  }));
}

describe('docs/events.md', () => {
  it('shows every event type, exactly as buildEvents builds it', async () => {
    const built = STORY.flatMap((batch) => buildEvents(batch, NOTHING_DELETING));
    if (process.env.EVENTS_DOC_DUMP !== undefined) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(process.env.EVENTS_DOC_DUMP, JSON.stringify(built));
    }
    expect(documentedExamples()).toEqual(built.map((e) => ({ detailType: e.detailType, detail: e.detail })));
    expect(new Set(built.map((e) => e.detailType)).size).toBe(TYPES);
  });
});
