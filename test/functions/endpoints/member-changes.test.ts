/**
 * MemberChanges: the net effect of a PATCH's operations on a Group's `members` (RFC 7644 §3.5.2), and the
 * writes it makes against the current members. Pure: the operations go through applyPatch as a request's
 * do, and the current members are an in-memory list (no DynamoDB).
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_SCANNING_FILTER_EXPRESSIONS,
  MemberChanges,
  memberRefs,
} from '../../../functions/endpoints/member-changes';
import { applyPatch } from '../../../functions/scim/patch/apply-patch';
import { parsePatchRequest } from '../../../functions/scim/patch/patch-request';
import type { MemberRef } from '../../../functions/scim/resource-store-port';
import { GROUP_RESOURCE_TYPE } from '../../../functions/scim/schema/resource-type';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const [A, B, C, D] = [1, 2, 3, 4].map((i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) as [
  string,
  string,
  string,
  string,
];

function changesOf(operations: unknown[]): MemberChanges {
  const changes = new MemberChanges();
  applyPatch(
    { displayName: 'g' },
    parsePatchRequest({ schemas: [PATCH_OP], Operations: operations }),
    GROUP_RESOURCE_TYPE,
    {
      onComputedAttribute: (change) => changes.record(change),
    },
  );
  return changes;
}

async function* pagesOf(members: readonly MemberRef[]): AsyncGenerator<MemberRef[]> {
  yield [...members];
}

const user = (id: string, display?: string): MemberRef => ({
  id,
  type: 'User',
  ...(display ? { display } : {}),
});
const group = (id: string): MemberRef => ({ id, type: 'Group' });

const CASES: readonly {
  name: string;
  operations: unknown[];
  current: readonly MemberRef[];
  adds: readonly MemberRef[];
  removes: readonly string[];
  /** Whether the current members had to be read. */
  reads: boolean;
}[] = [
  {
    name: 'add: the members named, whatever is there (the store drops what changes nothing)',
    operations: [{ op: 'add', path: 'members', value: [{ value: A }, { value: B, type: 'Group' }] }],
    current: [user(A)],
    adds: [user(A), group(B)],
    removes: [],
    reads: false,
  },
  {
    name: 'remove by value eq: that member, without reading',
    operations: [{ op: 'remove', path: `members[value eq "${A}"]` }],
    current: [user(A), user(B)],
    adds: [],
    removes: [A],
    reads: false,
  },
  {
    name: "remove with a value list (Entra's legacy dialect): those members",
    operations: [{ op: 'remove', path: 'members', value: [{ value: A, $ref: null }, { value: B }] }],
    current: [],
    adds: [],
    removes: [A, B],
    reads: false,
  },
  {
    name: 'remove without value or filter: every current member',
    operations: [{ op: 'remove', path: 'members' }],
    current: [user(A), user(B)],
    adds: [],
    removes: [A, B],
    reads: true,
  },
  {
    name: 'replace: the new list, as the difference from the current one',
    operations: [{ op: 'replace', path: 'members', value: [{ value: B }, { value: C }] }],
    current: [user(A), user(B)],
    adds: [user(C)],
    removes: [A],
    reads: true,
  },
  {
    name: 'add then remove of one member: nothing of it',
    operations: [
      { op: 'add', path: 'members', value: [{ value: A }, { value: B }] },
      { op: 'remove', path: `members[value eq "${A}"]` },
    ],
    current: [],
    adds: [user(B)],
    removes: [A],
    reads: false,
  },
  {
    name: 'remove then add of one member: the add wins',
    operations: [
      { op: 'remove', path: `members[value eq "${A}"]` },
      { op: 'add', path: 'members', value: [{ value: A }] },
    ],
    current: [user(A)],
    adds: [user(A)],
    removes: [],
    reads: false,
  },
  {
    name: 'remove by a filter naming no member: those current members it matches',
    operations: [{ op: 'remove', path: 'members[type eq "Group"]' }],
    current: [user(A), group(B), group(C)],
    adds: [],
    removes: [B, C],
    reads: true,
  },
  {
    name: 'remove by value eq and a condition: only if the named member matches it',
    operations: [{ op: 'remove', path: `members[value eq "${A}" and type eq "Group"] ` }],
    current: [user(A)],
    adds: [],
    removes: [],
    reads: true,
  },
  {
    name: 'an or of value eq operands: each member named',
    operations: [{ op: 'remove', path: `members[value eq "${A}" or value eq "${C}"]` }],
    current: [user(A), user(B), user(C)],
    adds: [],
    removes: [A, C],
    reads: false,
  },
  {
    name: 'replace of one member by a filter: it gives way to the value',
    operations: [{ op: 'replace', path: `members[value eq "${A}"]`, value: [{ value: D }] }],
    current: [user(A), user(B)],
    adds: [user(D)],
    removes: [A],
    reads: false,
  },
  {
    name: 'ids are case-folded, and the display the client sent is not taken (the store reads the member’s)',
    operations: [{ op: 'add', path: 'members', value: [{ value: A.toUpperCase(), display: 'Ada' }] }],
    current: [],
    adds: [user(A)],
    removes: [],
    reads: false,
  },
];

describe('MemberChanges', () => {
  it.each(CASES)('$name', async ({ operations, current, adds, removes, reads }) => {
    let read = false;
    const resolved = await changesOf(operations).resolve(() => {
      read = true;
      return pagesOf(current);
    });
    expect(resolved.adds).toEqual(adds);
    expect([...resolved.removes].sort()).toEqual([...removes].sort());
    expect(read).toBe(reads);
  });

  it(`refuses more than ${MAX_SCANNING_FILTER_EXPRESSIONS} expressions of filters that name no member (tooMany)`, () => {
    const filter = Array.from({ length: MAX_SCANNING_FILTER_EXPRESSIONS + 1 }, () => 'type eq "Group"').join(
      ' or ',
    );
    expect(() => changesOf([{ op: 'remove', path: `members[${filter}]` }])).toThrow(
      expect.objectContaining({ status: 400, scimType: 'tooMany' }),
    );
  });

  it('refuses a patch of a sub-attribute of members (invalidPath)', () => {
    expect(() => changesOf([{ op: 'replace', path: 'members.display', value: 'x' }])).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});

describe('memberRefs', () => {
  it.each([
    { value: [{ value: A }], expected: [user(A)] },
    { value: { value: B, type: 'group' }, expected: [group(B)] },
    { value: [{ value: A, displayName: 'Made up' }], expected: [user(A)] },
    { value: [{ value: A, display: 'Made up', type: 'User' }], expected: [user(A)] },
    { value: null, expected: [] },
  ])('reads $value', ({ value, expected }) => {
    expect(memberRefs(value)).toEqual(expected);
  });

  it.each([[{ value: 'not-an-id' }], [{ display: 'no value' }], [42]])(
    'refuses %j (invalidValue)',
    (value) => {
      expect(() => memberRefs(value)).toThrow(
        expect.objectContaining({ status: 400, scimType: 'invalidValue' }),
      );
    },
  );
});
