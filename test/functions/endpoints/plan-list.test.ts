/**
 * A listing's plan (RFC 7644 §3.4.2, RFC 9865) as data: which read (key lookups or a scan of the tenant in
 * id order), which window (index or cursor), the bound on a cursor page's reads, and the projection. Pure:
 * no DynamoDB; the store executes the plan (test/functions/endpoints/resource-listing.test.ts end to end).
 */
import { describe, expect, it } from 'vitest';
import { MAX_ITEMS_EXAMINED_PER_CURSOR_PAGE, planList } from '../../../functions/endpoints/plan-list';
import { parseListQuery } from '../../../functions/scim/list-request';
import { parseProjection } from '../../../functions/scim/projection';
import type { ListPlan } from '../../../functions/scim/resource-store-port';
import {
  GROUP_RESOURCE_TYPE,
  type ResourceType,
  USER_RESOURCE_TYPE,
} from '../../../functions/scim/schema/resource-type';
import { ScimError } from '../../../functions/scim/scim-error';

const ID = '2819c223-7f76-453a-919d-413861904646';
const OTHER = '9067729b-3d8e-4a5b-9b1b-1f3c4f0e6d2a';
const BOUND = { maxExamined: MAX_ITEMS_EXAMINED_PER_CURSOR_PAGE };
const firstPage = { by: 'index', startIndex: 1, count: 100 } as const;
const lookup = (
  keys: Partial<Record<'ids' | 'names' | 'externalIds' | 'emails', string[]>>,
  window: ListPlan['window'],
): ListPlan => ({
  read: 'lookup',
  ids: keys.ids ?? [],
  names: keys.names ?? [],
  externalIds: keys.externalIds ?? [],
  emails: keys.emails ?? [],
  window,
});

const CASES: readonly {
  name: string;
  type?: ResourceType;
  query: Record<string, string>;
  plan: ListPlan;
  filtered: boolean;
}[] = [
  {
    name: 'no filter: a scan whose every resource matches, totals from the counters',
    query: {},
    plan: { read: 'scan', window: firstPage, everyResourceMatches: true },
    filtered: false,
  },
  {
    name: 'startIndex and count give the index window',
    query: { startIndex: '11', count: '10' },
    plan: { read: 'scan', window: { by: 'index', startIndex: 11, count: 10 }, everyResourceMatches: true },
    filtered: false,
  },
  {
    name: 'userName eq: one unique-name lookup',
    query: { filter: 'userName eq "Bjensen@Example.com"' },
    plan: lookup({ names: ['Bjensen@Example.com'] }, firstPage),
    filtered: true,
  },
  {
    name: 'Group displayName eq: a unique-name lookup of groups',
    type: GROUP_RESOURCE_TYPE,
    query: { filter: 'displayName eq "Engineering"' },
    plan: lookup({ names: ['Engineering'] }, firstPage),
    filtered: true,
  },
  {
    name: 'User displayName eq: not unique for users, so a scan',
    query: { filter: 'displayName eq "Engineering"' },
    plan: { read: 'scan', window: firstPage, everyResourceMatches: false },
    filtered: true,
  },
  {
    name: 'externalId eq: one externalId lookup',
    query: { filter: 'externalId eq "aad-1"' },
    plan: lookup({ externalIds: ['aad-1'] }, firstPage),
    filtered: true,
  },
  {
    name: 'id eq: the id itself, no lookup item',
    query: { filter: `id eq "${ID}"` },
    plan: lookup({ ids: [ID] }, firstPage),
    filtered: true,
  },
  {
    name: 'id eq a value that is no id of ours: nothing to read',
    query: { filter: 'id eq "not-an-id"' },
    plan: lookup({}, firstPage),
    filtered: true,
  },
  {
    name: 'an or of lookups: every key, by kind',
    query: { filter: `id eq "${ID}" or userName eq "a" or externalId eq "x" or id eq "${OTHER}"` },
    plan: lookup({ ids: [ID, OTHER], names: ['a'], externalIds: ['x'] }, firstPage),
    filtered: true,
  },
  {
    name: 'an and with one indexed operand: that lookup, the rest filtered',
    query: { filter: 'userName eq "a" and active eq true' },
    plan: lookup({ names: ['a'] }, firstPage),
    filtered: true,
  },
  {
    name: 'an or with an operand that is not indexed: a scan',
    query: { filter: 'userName eq "a" or active eq true' },
    plan: { read: 'scan', window: firstPage, everyResourceMatches: false },
    filtered: true,
  },
  {
    name: 'an empty cursor: the first cursor page, bounded in what it examines',
    query: { cursor: '', count: '5' },
    plan: {
      read: 'scan',
      window: { by: 'cursor', after: undefined, count: 5 },
      everyResourceMatches: true,
      ...BOUND,
    },
    filtered: false,
  },
  {
    name: 'a cursor: after the resource it names',
    query: { cursor: ID, count: '5', filter: 'active eq true' },
    plan: {
      read: 'scan',
      window: { by: 'cursor', after: ID, count: 5 },
      everyResourceMatches: false,
      ...BOUND,
    },
    filtered: true,
  },
  {
    name: 'a cursor with a lookup filter: the lookup, paged after the cursor',
    query: { cursor: ID, count: '2', filter: 'externalId eq "x"' },
    plan: lookup({ externalIds: ['x'] }, { by: 'cursor', after: ID, count: 2 }),
    filtered: true,
  },
];

describe('planList', () => {
  it.each(CASES)('$name', ({ type = USER_RESOURCE_TYPE, query, plan, filtered }) => {
    const planned = planList(type, parseListQuery(query));
    expect(planned.plan).toEqual(plan);
    expect(planned.filter !== undefined).toBe(filtered);
  });

  it.each<Record<string, string>>([
    { attributes: 'userName' },
    { excludedAttributes: 'emails,name.givenName' },
    { attributes: 'groups', excludedAttributes: 'emails' },
  ])('carries the projection of %o', (query) => {
    expect(planList(USER_RESOURCE_TYPE, parseListQuery(query)).projection).toEqual(
      parseProjection(USER_RESOURCE_TYPE, query),
    );
  });

  it.each(['not-a-cursor', 'User#x', `${ID}#`])('refuses the cursor %j with 400 invalidCursor', (cursor) => {
    const plan = () => planList(USER_RESOURCE_TYPE, parseListQuery({ cursor }));
    expect(plan).toThrow(ScimError);
    try {
      plan();
    } catch (error) {
      expect(error).toMatchObject({ status: 400, scimType: 'invalidCursor' });
    }
  });
});
