import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateFilter } from '../../../../functions/scim/filter/evaluate-filter';
import type { Filter } from '../../../../functions/scim/filter/filter-ast';
import { foldCase } from '../../../../functions/scim/filter/fold-case';
import { type IndexedLookup, indexedLookup } from '../../../../functions/scim/filter/indexed-lookup';
import { parseFilter } from '../../../../functions/scim/filter/parse-filter';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../../functions/scim/schema/resource-type';
import {
  anyString,
  assertProperty,
  deepFreeze,
  expectUnpollutedPrototype,
  mutated,
  outcome,
  prototypeKeys,
  SEED_LABEL,
  same,
} from './support';
import {
  Choices,
  type CompareOp,
  canonicalFilter,
  canonicalPath,
  choicePicks,
  comparedOf,
  FILTERABLE_PATHS,
  type GenFilter,
  GRAMMAR_ALPHABET,
  type PathSpec,
  printFilter,
  printPath,
  storedUser,
  tokenSoup,
  USER_PATHS,
  userFilter,
} from './user-arbitraries';

const prototypeBefore = prototypeKeys();
// Parsing and evaluating read the schema definitions and the resource, and never write them: frozen, a
// write would throw a TypeError, which fails the property.
deepFreeze(USER_RESOURCE_TYPE);
deepFreeze(GROUP_RESOURCE_TYPE);

/** Parses `text`, which must be a filter: the generator only writes grammatical, type-correct filters. */
function mustParse(text: string): Filter {
  const parsed = outcome(() => parseFilter(text, USER_RESOURCE_TYPE), ['invalidFilter']);
  if (!parsed.ok) throw new Error(`A grammatical filter was refused: ${parsed.error.detail}\n${text}`);
  return deepFreeze(parsed.value);
}

function evaluates(filter: Filter, resource: Record<string, unknown>): boolean {
  const result = outcome(() => evaluateFilter(filter, resource));
  if (!result.ok) throw new Error(`evaluateFilter threw ${result.error.detail}`);
  same(typeof result.value, 'boolean', 'evaluateFilter returns a boolean');
  return result.value;
}

/** What a top-level generated filter means on `user`, its canonical spelling parsed and evaluated. */
function meaning(filter: GenFilter, user: Record<string, unknown>): boolean {
  return evaluates(mustParse(canonicalFilter(filter)), user);
}

/**
 * Evaluates `filter` and checks, at every node, that it means what its parts mean: `and` is every operand,
 * `or` some operand, `not` the negation; a value filter of one positive comparison is that comparison on
 * the flattened sub-attribute (`emails[type eq "work"]` ≡ `emails.type eq "work"`).
 */
function checkComposition(filter: GenFilter, user: Record<string, unknown>): boolean {
  const whole = meaning(filter, user);
  switch (filter.kind) {
    case 'and':
      same(
        whole,
        filter.filters.map((f) => checkComposition(f, user)).every(Boolean),
        canonicalFilter(filter),
      );
      break;
    case 'or':
      same(
        whole,
        filter.filters.map((f) => checkComposition(f, user)).some(Boolean),
        canonicalFilter(filter),
      );
      break;
    case 'not':
      same(whole, !checkComposition(filter.filter, user), canonicalFilter(filter));
      break;
    case 'valuePath': {
      const inner = filter.filter;
      const positive =
        inner.kind === 'present' ||
        (inner.kind === 'compare' && inner.op !== 'ne' && inner.value.kind !== 'null');
      if (positive) same(whole, meaning(inner, user), canonicalFilter(filter));
      break;
    }
    case 'compare':
      checkOperators(filter, whole, user);
      break;
    default:
      break;
  }
  return whole;
}

/**
 * The operators mean what they mean together: `ne` is `not eq`, `le` is `lt or eq`, `ge` is `gt or eq`,
 * and `sw` and `ew` imply `co`, on a multi-valued attribute too (some value matches).
 */
function checkOperators(
  filter: GenFilter & { kind: 'compare' },
  whole: boolean,
  user: Record<string, unknown>,
) {
  const withOp = (op: CompareOp) => meaning({ ...filter, op }, user);
  const text = canonicalFilter(filter);
  if (filter.op === 'ne') same(whole, !withOp('eq'), text);
  if (filter.op === 'le') same(whole, withOp('lt') || withOp('eq'), text);
  if (filter.op === 'ge') same(whole, withOp('gt') || withOp('eq'), text);
  if ((filter.op === 'sw' || filter.op === 'ew') && whole) same(withOp('co'), true, text);
}

describe(`filter parser and evaluator, generated cases (${SEED_LABEL})`, () => {
  it('a grammatical filter parses, evaluates to a boolean, and means what its parts mean', () => {
    assertProperty(
      fc.property(userFilter, storedUser, choicePicks, (filter, user, picks) => {
        deepFreeze(user);
        const expected = checkComposition(filter, user);
        // The key lookups of a filter find a superset of its matches (the endpoints rely on it).
        const lookups = indexedLookup(mustParse(canonicalFilter(filter)), 'userName');
        if (expected && lookups !== undefined) {
          same(
            lookups.some((l) => finds(l, user)),
            true,
            `lookups ${JSON.stringify(lookups)} miss a match`,
          );
        }
        // Any spelling of the same filter means the same: whitespace, case, URNs, escapes, parentheses.
        const spelled = printFilter(filter, new Choices(picks));
        same(evaluates(mustParse(spelled), user), expected, spelled);
        // `not (F)` is the negation of F, however F is spelled.
        same(evaluates(mustParse(`not (${spelled})`), user), !expected, `not (${spelled})`);
        same(evaluates(mustParse(`(${spelled}) and (${spelled})`), user), expected, `F and F: ${spelled}`);
      }),
    );
  });

  it('a value the resource holds matches its own path (eq, co, sw, ew, ge, le, pr, value filters)', () => {
    assertProperty(
      fc.property(storedUser, fc.nat(), fc.nat(), fc.nat(), choicePicks, (user, which, from, to, picks) => {
        deepFreeze(user);
        const leaves = stringLeaves(user);
        if (leaves.length === 0) return;
        const { spec, value } = leaves[which % leaves.length] as Leaf;
        const choices = new Choices(picks);
        const compared = comparedOf(spec);
        if (compared === undefined) return;
        const isDateTime = compared.type === 'dateTime';
        const isBinary = compared.type === 'binary';
        // dateTimes compare as instants, and their substrings as written.
        const exact = compared.caseExact || isDateTime;
        // Case-insensitive attributes match in any case (RFC 7643 §2.3.1); ASCII letters are enough here.
        const asked = exact ? value : recase(value, picks);
        const path = () => printPath(spec, choices);
        const literal = (s: string) => JSON.stringify(s);
        const matches = (text: string, expected: boolean) =>
          same(evaluates(mustParse(text), user), expected, text);

        matches(`${path()} eq ${literal(asked)}`, true);
        matches(`not (${path()} eq ${literal(asked)})`, false);
        if (value !== '') matches(`${path()} pr`, true);
        if (!isBinary) {
          matches(`${path()} ge ${literal(asked)}`, true);
          matches(`${path()} le ${literal(asked)}`, true);
          const start = Math.min(from, to) % (value.length + 1);
          const end = start + (Math.max(from, to) % (value.length + 1 - start));
          const part = asked.slice(start, end);
          // The parts of a string compare as the whole does; this is the meaning the filter must have.
          const a = exact ? value : foldCase(value);
          const p = exact ? part : foldCase(part);
          if (a.includes(p)) matches(`${path()} co ${literal(part)}`, true);
          if (a.startsWith(p) && start === 0) matches(`${path()} sw ${literal(part)}`, true);
          if (a.endsWith(p) && end === value.length) matches(`${path()} ew ${literal(part)}`, true);
        }
        if (spec.sub !== undefined && spec.attribute.multiValued) {
          const attribute = printPath({ ...spec, sub: undefined }, choices);
          const filterText = `${attribute}[${printPath(spec, choices, true)} eq ${literal(asked)}]`;
          matches(filterText, true);
        }
      }),
    );
  });

  it('any text is a filter or a 400 invalidFilter, and a filter evaluates to a boolean', () => {
    const grammatical = fc
      .tuple(userFilter, choicePicks)
      .map(([f, picks]) => printFilter(f, new Choices(picks)));
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      anyString(40),
      tokenSoup,
      mutated(grammatical, GRAMMAR_ALPHABET),
      mutated(tokenSoup, GRAMMAR_ALPHABET),
    );
    assertProperty(
      fc.property(text, storedUser, (input, user) => {
        deepFreeze(user);
        const parsed = outcome(() => parseFilter(input, USER_RESOURCE_TYPE), ['invalidFilter']);
        if (!parsed.ok) {
          same(parsed.error.status, 400, 'status');
          return;
        }
        deepFreeze(parsed.value);
        evaluates(parsed.value, user);
        evaluates(parsed.value, {});
        // A filter that parses once parses again, to a filter that means the same.
        same(evaluates(mustParse(input), user), evaluates(parsed.value, user), input);
      }),
    );
  });

  it('password (never returned) and groups (computed) are refused with 400 invalidFilter', () => {
    const refused = USER_PATHS.filter((p) => !FILTERABLE_PATHS.includes(p));
    assertProperty(
      fc.property(
        fc.constantFrom(...refused),
        fc.constantFrom('pr', 'eq "x"', 'ne null'),
        choicePicks,
        (spec, rest, picks) => {
          const text = `${printPath(spec, new Choices(picks))} ${rest}`;
          const parsed = outcome(() => parseFilter(text, USER_RESOURCE_TYPE), ['invalidFilter']);
          same(parsed.ok, false, `${text} parsed`);
        },
      ),
      1000,
    );
  });
});

/** Whether the store finds `user` by `lookup`: ids and externalIds exactly, userNames after folding case. */
function finds(lookup: IndexedLookup, user: Record<string, unknown>): boolean {
  if (lookup.by === 'id') return user.id === lookup.value;
  if (lookup.by === 'externalId') return user.externalId === lookup.value;
  return typeof user.userName === 'string' && foldCase(user.userName) === foldCase(lookup.value);
}

interface Leaf {
  readonly spec: PathSpec;
  readonly value: string;
}

/** The string values `user` holds, with the path of each: `emails.value`, `urn:…:User:manager.value`. */
function stringLeaves(user: Record<string, unknown>): Leaf[] {
  const leaves: Leaf[] = [];
  for (const spec of FILTERABLE_PATHS) {
    if (spec.sub === undefined && spec.attribute.type === 'complex') continue;
    const container = spec.inExtension ? user[spec.schema] : user;
    if (typeof container !== 'object' || container === null) continue;
    const raw = (container as Record<string, unknown>)[spec.attribute.name];
    const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    for (const v of values) {
      const value = spec.sub === undefined ? v : (v as Record<string, unknown> | undefined)?.[spec.sub.name];
      if (typeof value === 'string') leaves.push({ spec, value });
    }
  }
  return leaves;
}

/** `text` with its ASCII letters in another case, chosen by `picks`. */
function recase(text: string, picks: readonly number[]): string {
  return [...text]
    .map((c, i) => {
      if (!/[A-Za-z]/.test(c)) return c;
      return (picks[i % Math.max(1, picks.length)] ?? 0) % 2 === 0 ? c.toUpperCase() : c.toLowerCase();
    })
    .join('');
}

afterAll(() => {
  expectUnpollutedPrototype(prototypeBefore);
  expect(canonicalPath(FILTERABLE_PATHS[0] as PathSpec)).toBe('id');
});
