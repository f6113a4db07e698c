/**
 * Issue 9 §4: a request's work grows linearly with its input, within the body limits (1 MiB for Users,
 * 4.5 MiB for Groups). No clock: each case runs its input at size n and 8n and compares the steps the core
 * counts (functions/scim/work-meter.ts), and its largest size is near the body limit. Before the fixes,
 * these inputs took from 2 s to minutes (quadratic), so a case that regresses also outlives the test timeout.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SCANNING_FILTER_EXPRESSIONS, MemberChanges } from '../../../functions/endpoints/member-changes';
import { evaluateFilter } from '../../../functions/scim/filter/evaluate-filter';
import { foldCase } from '../../../functions/scim/filter/fold-case';
import { parseFilter } from '../../../functions/scim/filter/parse-filter';
import { applyPatch, MAX_VALUE_FILTER_WORK } from '../../../functions/scim/patch/apply-patch';
import { parsePatchRequest } from '../../../functions/scim/patch/patch-request';
import { parseProjection, project } from '../../../functions/scim/projection';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../functions/scim/schema/resource-type';
import { ScimError } from '../../../functions/scim/scim-error';
import { withoutValueFilters } from '../../../functions/scim/without-value-filters';
import { workMeter } from '../../../functions/scim/work-meter';

const MiB = 1024 * 1024;
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** The steps `run` counts, and whether it threw a ScimError (a refusal is an answer too). */
function stepsOf(run: () => unknown): number {
  workMeter.steps = 0;
  try {
    run();
  } catch (error) {
    if (!(error instanceof ScimError)) throw error;
  }
  return workMeter.steps;
}

function groupPatch(operations: unknown[]) {
  const changes = new MemberChanges();
  const body = { schemas: [PATCH_OP], Operations: operations };
  applyPatch({ displayName: 'g' }, parsePatchRequest(body), GROUP_RESOURCE_TYPE, {
    onComputedAttribute: (change) => changes.record(change),
  });
  return changes;
}

/** `n` members replaced in, then `n / 40` removes each naming one member with a condition. */
const replaceThenFilteredRemoves = (n: number) => [
  { op: 'replace', path: 'members', value: Array.from({ length: n }, (_, i) => ({ value: uuid(i) })) },
  ...Array.from({ length: n / 40 }, (_, i) => ({
    op: 'remove',
    path: `members[value eq "${uuid(i * 7)}" and type eq "User"]`,
  })),
];

const emails = (count: number, value: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => ({ value: value(i), type: `t${i}` }));

interface LinearCase {
  readonly name: string;
  /** The input at size `n`, as the bytes a client would send. */
  readonly input: (n: number) => unknown;
  readonly run: (input: unknown) => unknown;
  /** A size whose 8-fold input is near the body limit. */
  readonly n: number;
  readonly limit: number;
}

// biome-ignore format: a data table reads best one case per line
const CASES: readonly LinearCase[] = [
  { name: "a search's attributes of '[' only (was 46 s at 400 KB)", input: (n) => ({ attributes: '['.repeat(n) }), run: (q) => parseProjection(USER_RESOURCE_TYPE, q as { attributes: string }), n: 120_000, limit: MiB },
  { name: "attributes of '[' and ']' alternately unclosed", input: (n) => ({ attributes: '[[a]'.repeat(n / 4) }), run: (q) => parseProjection(USER_RESOURCE_TYPE, q as { attributes: string }), n: 120_000, limit: MiB },
  { name: "attributes of '[' broken by line ends", input: (n) => ({ attributes: '[[[\n'.repeat(n / 4) }), run: (q) => parseProjection(USER_RESOURCE_TYPE, q as { attributes: string }), n: 100_000, limit: MiB },
  { name: 'a Group search of 4.5 MiB of attributes', input: (n) => ({ attributes: `${'['.repeat(n)}]` }), run: (q) => parseProjection(GROUP_RESOURCE_TYPE, q as { attributes: string }), n: 560_000, limit: 4.5 * MiB },
  { name: 'a long attributes list, projecting 2,000 members (was 13 s)', input: (n) => ({ attributes: Array(n / 14).fill('members.value').join(',') }), run: (q) => project({ schemas: [], id: 'g', displayName: 'g', members: Array.from({ length: 2000 }, (_, i) => ({ value: uuid(i), type: 'User' })) }, GROUP_RESOURCE_TYPE, parseProjection(GROUP_RESOURCE_TYPE, q as { attributes: string })), n: 560_000, limit: 4.5 * MiB },
  { name: 'a long excludedAttributes list, projecting a user', input: (n) => ({ excludedAttributes: Array(n / 16).fill('name.middleName').join(',') }), run: (q) => project({ schemas: [], id: 'u', userName: 'u', name: { givenName: 'a', middleName: 'b' }, emails: emails(100, (i) => `e${i}@x.example`) }, USER_RESOURCE_TYPE, parseProjection(USER_RESOURCE_TYPE, q as { excludedAttributes: string })), n: 120_000, limit: MiB },
  { name: 'replace members, then removes of members[value eq … and type eq …] (was 16 s)', input: (n) => replaceThenFilteredRemoves(n / 60), run: (ops) => groupPatch(ops as unknown[]), n: 480_000, limit: 4.5 * MiB },
  { name: 'adds of 100 emails each, merged into 100 emails', input: (n) => Array.from({ length: Math.max(1, Math.floor(n / 4000)) }, () => ({ op: 'add', path: 'emails', value: emails(100, (i) => `E${i}@X.EXAMPLE`) })), run: (ops) => applyPatch({ userName: 'u', emails: emails(100, (i) => `e${i}@x.example`) }, parsePatchRequest({ Operations: ops }), USER_RESOURCE_TYPE), n: 120_000, limit: MiB },
  { name: 'an add of 100 emails of combining marks (was 100 folds of each)', input: (n) => [{ op: 'add', path: 'emails', value: emails(100, (i) => `${i}${'\u0301'.repeat(n / 400)}`) }], run: (ops) => applyPatch({ userName: 'u' }, parsePatchRequest({ Operations: ops }), USER_RESOURCE_TYPE), n: 100_000, limit: MiB },
];

describe('request work grows linearly with the input (steps at n and 8n)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const small = c.input(c.n);
    const large = c.input(8 * c.n);
    const bytes = Buffer.byteLength(JSON.stringify(large));
    expect(bytes, 'the large input is within the body limit').toBeLessThanOrEqual(c.limit);
    expect(bytes, 'and near it').toBeGreaterThan(c.limit / 8);
    const work = stepsOf(() => c.run(small));
    const work8 = stepsOf(() => c.run(large));
    expect(work, 'the steps are counted').toBeGreaterThan(0);
    // Linear: 8 times the input, at most 8 times the steps (and a little for what does not scale).
    expect(work8).toBeLessThanOrEqual(8 * work * 1.1 + 1000);
    // And a few steps per byte at the limit, not thousands.
    expect(work8 / bytes).toBeLessThan(20);
  });
});

describe('the linear forms answer what the quadratic ones did', () => {
  const samples = [
    '',
    '[',
    ']',
    '[]',
    'a[b]c',
    '[[a]',
    'emails[type eq "work"]',
    '[a\nb]x',
    '[a]\u2028[b]',
    'x[y[z]]]',
    '[\r]',
    'a[',
    '][',
    '[[[]]]',
  ];
  it.each(samples)('withoutValueFilters(%j) = replace(/\\[.*?\\]/g)', (text) => {
    expect(withoutValueFilters(text)).toBe(text.replace(/\[.*?\]/g, ''));
  });

  it('agrees with the regular expression on every string of up to 6 of [ ] a \\n', () => {
    const alphabet = ['[', ']', 'a', '\n'];
    let strings = [''];
    for (let length = 0; length < 6; length++) {
      strings = strings.flatMap((s) => alphabet.map((c) => s + c));
      for (const s of strings)
        expect(withoutValueFilters(s), JSON.stringify(s)).toBe(s.replace(/\[.*?\]/g, ''));
    }
  });

  it('projects a long list as its short form does', () => {
    const user = {
      schemas: [],
      id: 'u',
      userName: 'u',
      name: { givenName: 'a', familyName: 'b' },
      title: 't',
    };
    const short = parseProjection(USER_RESOURCE_TYPE, { attributes: 'name.givenName,title' });
    const long = parseProjection(USER_RESOURCE_TYPE, {
      attributes: Array(10_000).fill('name.givenName,title,name.givenName').join(','),
    });
    expect(project(user, USER_RESOURCE_TYPE, long)).toEqual(project(user, USER_RESOURCE_TYPE, short));
    expect(project(user, USER_RESOURCE_TYPE, long)).toEqual({
      schemas: [],
      id: 'u',
      name: { givenName: 'a' },
      title: 't',
    });
  });

  it('removes exactly the members the filtered removes name, after a replace', () => {
    const changes = groupPatch(replaceThenFilteredRemoves(400));
    expect(changes.replaceAll).toBe(true);
    const left = new Set(changes.added.keys());
    expect(left.size).toBe(400 - 10);
    for (let i = 0; i < 10; i++) expect(left.has(uuid(i * 7))).toBe(false);
  });
});

describe('a member filter that names no member is checked against every member, so it is bounded', () => {
  const scanning = (expressions: number) =>
    Array.from({ length: expressions }, (_, i) => ({ op: 'remove', path: `members[display eq "d${i}"]` }));

  it(`${MAX_SCANNING_FILTER_EXPRESSIONS} expressions are accepted`, () => {
    expect(() => groupPatch(scanning(MAX_SCANNING_FILTER_EXPRESSIONS))).not.toThrow();
  });

  it('one more is 400 tooMany', () => {
    expect(() => groupPatch(scanning(MAX_SCANNING_FILTER_EXPRESSIONS + 1))).toThrow(
      expect.objectContaining({ status: 400, scimType: 'tooMany' }),
    );
  });

  it('members added earlier in the request are matched as added (RFC 7644 §3.5.2: in order)', () => {
    const changes = groupPatch([
      { op: 'add', path: 'members', value: [{ value: uuid(1), type: 'Group' }, { value: uuid(2) }] },
      { op: 'remove', path: 'members[type eq "Group"]' },
    ]);
    expect([...changes.added.keys()]).toEqual([uuid(2)]);
    expect([...changes.removed]).toEqual([uuid(1)]);
  });

  it('work is members × a bounded number of expressions, however many operations', () => {
    const steps = (members: number) =>
      stepsOf(() =>
        groupPatch([
          {
            op: 'replace',
            path: 'members',
            value: Array.from({ length: members }, (_, i) => ({ value: uuid(i) })),
          },
          ...scanning(MAX_SCANNING_FILTER_EXPRESSIONS),
        ]),
      );
    expect(steps(8000)).toBeLessThanOrEqual(8 * steps(1000) * 1.1);
  });
});

describe('value filters in a PATCH are bounded in value × expression tests', () => {
  const user = { userName: 'u', emails: emails(100, (i) => `e${i}@x.example`) };
  const filtered = (operations: number, terms: number) =>
    Array.from({ length: operations }, () => ({
      op: 'remove',
      path: `emails[${Array.from({ length: terms }, (_, i) => `value eq "q${i}"`).join(' or ')}]`,
    }));
  // 100 values × (1 + terms) expressions per operation.
  const within = Math.floor(MAX_VALUE_FILTER_WORK / (100 * 11));

  it(`${within} operations of 10 or-terms on 100 values are accepted`, () => {
    expect(
      applyPatch(user, parsePatchRequest({ Operations: filtered(within, 10) }), USER_RESOURCE_TYPE),
    ).toEqual(user);
  });

  it('one more is 400 tooMany, before it is evaluated', () => {
    expect(() =>
      applyPatch(user, parsePatchRequest({ Operations: filtered(within + 1, 10) }), USER_RESOURCE_TYPE),
    ).toThrow(expect.objectContaining({ status: 400, scimType: 'tooMany' }));
  });
});

describe('a filter folds each value once, not once per expression', () => {
  // Work must not be the product of the filter's size and the values' length.
  const steps = (terms: number, length: number) => {
    const filter = parseFilter(
      `emails[${Array.from({ length: terms }, (_, i) => `value eq "v${i}"`).join(' or ')}]`,
      USER_RESOURCE_TYPE,
    );
    const resource = { emails: emails(100, (i) => `${i}${'X'.repeat(length)}`) };
    return stepsOf(() => expect(evaluateFilter(filter, resource)).toBe(false));
  };

  it('8 times the terms and 8 times the value length: at most 8 times the steps', () => {
    expect(steps(400, 1600)).toBeLessThanOrEqual(8 * steps(50, 200) * 1.1);
  });
});

describe('foldCase keeps normalisation linear (UAX #15 §13, stream-safe text)', () => {
  it('leaves no run of more than 30 marks, whose reordering is what grows quadratically', () => {
    for (const text of [`a${'\u0301\u0316'.repeat(50_000)}`, `x${'\u0316'.repeat(31)}`]) {
      // U+034F, the joiner inserted, is itself a mark, but a starter (combining class 0).
      expect(/(?:(?!\u034F)\p{M}){31}/u.test(foldCase(text))).toBe(false);
    }
  });

  it('changes no text with 30 marks or fewer in a row', () => {
    const text = `A${'\u0301'.repeat(30)}B`;
    expect(foldCase(text)).toBe(text.normalize('NFC').toLowerCase());
  });

  it('every character canonical reordering moves is a mark (\\p{M}), so runs of marks bound it', () => {
    // A character of combining class 1…239 placed after U+0345 (class 240) is moved before it by NFD.
    const moved: string[] = [];
    for (const [from, to] of [
      [0x0, 0x3ffff],
      [0xe0000, 0xe0fff],
    ] as const) {
      for (let cp = from; cp <= to; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        const c = String.fromCodePoint(cp);
        if (/\p{M}/u.test(c)) continue;
        const decomposed = c.normalize('NFD');
        if (`a\u0345${decomposed}`.normalize('NFD') !== `a\u0345${decomposed}`) moved.push(cp.toString(16));
      }
    }
    expect(moved).toEqual([]);
  });
});
