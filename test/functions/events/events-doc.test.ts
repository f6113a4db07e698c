/**
 * docs/events.md shows an example of each event type; this rebuilds them with buildEvents from the story
 * the document tells, so that the documented schema is the one put on the bus and cannot drift from it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildEvents } from '../../../functions/events/build-events';
import type { CommittedChange } from '../../../functions/events/committed-change';
import type { ResourceState } from '../../../functions/scim/representation';

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

const membership = (n: number, change: 'added' | 'removed'): CommittedChange => ({
  kind: 'membership',
  ...at(n),
  groupId: GROUP_ID,
  member: { id: USER_ID, type: 'User', display: 'Barbara Jensen' },
  change,
});

/** The story of docs/events.md's examples, one batch of stream records each. */
const STORY: readonly CommittedChange[][] = [
  [write(0, 'User', undefined, barbara(1, true))],
  [write(1, 'User', barbara(1, true), barbara(2, true, 'Tour Guide'))],
  [write(2, 'User', barbara(2, true, 'Tour Guide'), barbara(3, false, 'Tour Guide'))],
  [write(3, 'User', barbara(3, false, 'Tour Guide'), barbara(4, true, 'Tour Guide'))],
  [write(4, 'User', barbara(4, true, 'Tour Guide'), barbara(4, true, 'Tour Guide'), true)],
  [write(5, 'Group', undefined, sales(1))],
  [write(6, 'Group', sales(1), sales(2, 'Sales EMEA'))],
  [membership(7, 'added')],
  [membership(8, 'removed')],
  [write(9, 'Group', sales(3, 'Sales EMEA'), sales(3, 'Sales EMEA'), true)],
];

/** Each `#### \`<detail-type>\`` heading of the document with the JSON block under it. */
function documentedExamples(): { detailType: string; detail: unknown }[] {
  const text = readFileSync(new URL('../../../docs/events.md', import.meta.url), 'utf8');
  return [...text.matchAll(/^#### `([^`]+)`\n\n```json\n([\s\S]*?)\n```/gm)].map((m) => ({
    detailType: m[1] as string,
    detail: JSON.parse(m[2] as string),
  }));
}

describe('docs/events.md', () => {
  it('shows every event type once, exactly as buildEvents builds it', () => {
    const built = STORY.flatMap((batch) => buildEvents(batch, NOTHING_DELETING));
    expect(documentedExamples()).toEqual(built.map((e) => ({ detailType: e.detailType, detail: e.detail })));
    expect(new Set(built.map((e) => e.detailType)).size).toBe(10);
  });
});
