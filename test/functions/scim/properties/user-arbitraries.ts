import fc from 'fast-check';
import type { AttributeDefinition } from '../../../../functions/scim/schema/attribute-definition';
import {
  ENTERPRISE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA_ID,
} from '../../../../functions/scim/schema/enterprise-user-schema';
import { coreAttributes, USER_RESOURCE_TYPE } from '../../../../functions/scim/schema/resource-type';
import { USER_SCHEMA_ID } from '../../../../functions/scim/schema/user-schema';
import { anyString, objectFrom } from './support';

/**
 * Generators over the User resource type, built from its schema definitions so that every attribute,
 * sub-attribute and extension attribute is covered: resources, attribute paths, filters and their printing.
 */

export const ENTERPRISE = ENTERPRISE_USER_SCHEMA_ID;

/** Arbitraries built once per key: building one costs far more than drawing a value from it. */
function memoized<K, V>(build: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = build(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** A (sub-)attribute of the User resource type, as the schema defines it. */
export interface PathSpec {
  readonly schema: string;
  readonly inExtension: boolean;
  readonly attribute: AttributeDefinition;
  readonly sub?: AttributeDefinition;
}

function specsOf(schema: string, inExtension: boolean, attributes: readonly AttributeDefinition[]) {
  const specs: PathSpec[] = [];
  // A counterexample shows a path as its text, not as the schema definitions it holds.
  const show = {
    [fc.toStringMethod](this: PathSpec) {
      return canonicalPath(this);
    },
  };
  for (const attribute of attributes) {
    specs.push({ schema, inExtension, attribute, ...show });
    for (const sub of attribute.subAttributes ?? [])
      specs.push({ schema, inExtension, attribute, sub, ...show });
  }
  return specs;
}

/** Every attribute path of a User: `userName`, `name.givenName`, `emails.value`, `urn:…:manager.value`. */
export const USER_PATHS: readonly PathSpec[] = [
  ...specsOf(USER_SCHEMA_ID, false, coreAttributes(USER_RESOURCE_TYPE)),
  ...specsOf(ENTERPRISE, true, ENTERPRISE_USER_SCHEMA.attributes),
];

/** Paths a filter may name: not the never-returned `password`, not the computed `groups`. */
export const FILTERABLE_PATHS = USER_PATHS.filter(
  (p) => p.attribute.returned !== 'never' && p.attribute.name !== 'groups',
);

/** Complex attributes, which a value filter may select from (`emails[type eq "work"]`, also `name[…]`). */
export const VALUE_FILTER_PATHS = FILTERABLE_PATHS.filter(
  (p) => p.sub === undefined && p.attribute.type === 'complex',
);

/** The path as the schema spells it, e.g. `urn:…:enterprise:2.0:User:manager.value`. */
export function canonicalPath(spec: PathSpec): string {
  const base = spec.inExtension ? `${spec.schema}:${spec.attribute.name}` : spec.attribute.name;
  return spec.sub === undefined ? base : `${base}.${spec.sub.name}`;
}

/** The attribute a comparison reads: the sub-attribute, or a complex one's `value` (RFC 7644 §3.4.2.2). */
export function comparedOf(spec: PathSpec): AttributeDefinition | undefined {
  if (spec.sub !== undefined) return spec.sub;
  if (spec.attribute.type !== 'complex') return spec.attribute;
  return spec.attribute.subAttributes?.find((s) => s.name === 'value');
}

// ---------------------------------------------------------------------------------------------- values

/** Strings that collide, differ only in case or normalisation, or look like the grammar's own tokens. */
const WORDS = [
  'bjensen',
  'BJensen',
  'Barbara',
  'babs@jensen.org',
  'bjensen@example.com',
  'work',
  'Work',
  'home',
  'other',
  'mobile',
  'Sales',
  'sales',
  'Tour Operations',
  'x',
  'X',
  'é',
  'e\u0301',
  'JOSÉ',
  'Jose\u0301',
  'Straße',
  'İstanbul',
  '',
  ' ',
  '"',
  '\\',
  'a"b\\c',
  '2.10',
  '1.5',
  '-0',
  'true',
  'False',
  'null',
  '\u0000',
  '\u2028',
  '😀',
  'O',
  '(',
  ')]',
  '[',
  'and',
  'not',
  'eq',
  'urn:x',
] as const;

export const stringValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: anyString(6) },
);

/** xsd:dateTime values, several spellings of the same instants among them. */
export const dateTimeValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '2010-01-23T04:56:22Z',
    '2011-05-13T04:42:34Z',
    '2015-10-10T21:38:21Z',
    '2015-10-10T21:38:21.862Z',
    '2015-10-10T21:38:21.8617979Z',
    '2015-10-10T23:38:21.8617979+02:00',
    '2015-10-10T21:38:21.86179790001Z',
    '2015-10-10T21:38:21',
    '2020-06-01T12:00:00+02:00',
    '1999-12-31T23:59:59.999999999-00:00',
    '0001-01-01T00:00:00Z',
  ),
  fc
    .date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
);

const base64Value = fc.constantFrom('MIIDQzCCAqygAwIBAgICEAAw', 'QUJD', 'YWJj', 'abc=', 'a b', 'A-_z');
const referenceValue = fc.oneof(
  fc.constantFrom(
    'https://example.com/photo.jpg',
    'https://scim.example.com/Users/2819c223-7f76-453a-919d-413861904646',
    'HTTPS://EXAMPLE.COM/PHOTO.JPG',
    'urn:x',
  ),
  stringValue,
);

/** A valid value of a scalar attribute, in canonical form. */
export function scalarValue(attribute: AttributeDefinition): fc.Arbitrary<unknown> {
  switch (attribute.type) {
    case 'boolean':
      return fc.boolean();
    case 'dateTime':
      return dateTimeValue;
    case 'binary':
      return base64Value;
    case 'reference':
      return referenceValue;
    case 'integer':
      return fc.integer();
    case 'decimal':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    default:
      return attribute.canonicalValues === undefined
        ? stringValue
        : fc.oneof(fc.constantFrom(...attribute.canonicalValues), stringValue);
  }
}

/** A complex value: any subset of its sub-attributes. `withReadOnly` keeps read-only ones (stored `meta`). */
function complexValue(
  attribute: AttributeDefinition,
  withReadOnly: boolean,
): fc.Arbitrary<Record<string, unknown>> {
  const subs = (attribute.subAttributes ?? []).filter((s) => withReadOnly || s.mutability !== 'readOnly');
  return fc.record(Object.fromEntries(subs.map((s) => [s.name, scalarValue(s)])), { requiredKeys: [] });
}

/** At most one value of a multi-valued attribute may be primary (RFC 7643 §2.4). */
function onePrimary(values: Record<string, unknown>[]): Record<string, unknown>[] {
  let seen = false;
  return values.map((v) => {
    if (v.primary !== true) return v;
    if (seen) return { ...v, primary: false };
    seen = true;
    return v;
  });
}

/** A valid value of any attribute, in canonical form. */
export function attributeValue(attribute: AttributeDefinition, withReadOnly = false): fc.Arbitrary<unknown> {
  return (withReadOnly ? storedValues : clientFreeValues)(attribute);
}

const storedValues = memoized((attribute: AttributeDefinition) => buildAttributeValue(attribute, true));
const clientFreeValues = memoized((attribute: AttributeDefinition) => buildAttributeValue(attribute, false));

function buildAttributeValue(attribute: AttributeDefinition, withReadOnly: boolean): fc.Arbitrary<unknown> {
  if (attribute.type !== 'complex') return scalarValue(attribute);
  const single = complexValue(attribute, withReadOnly);
  if (!attribute.multiValued) return single;
  return fc.array(single, { maxLength: 3 }).map(onePrimary);
}

const userNameValue = fc.oneof(
  fc.constantFrom('bjensen', 'BJensen', 'jsmith@contoso.com', 'JOSÉ', 'Jose\u0301', 'x'),
  fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== ''),
);

const writableCore = coreAttributes(USER_RESOURCE_TYPE).filter(
  (a) => a.mutability !== 'readOnly' && a.mutability !== 'writeOnly' && a.name !== 'userName',
);
const writableExtension = ENTERPRISE_USER_SCHEMA.attributes;

/**
 * A User as a client sends it (and as it is stored, once canonicalized): userName and any subset of the
 * other writable attributes, the enterprise extension included.
 */
export const userBody: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    userNameValue,
    fc.record(Object.fromEntries(writableCore.map((a) => [a.name, attributeValue(a)])), { requiredKeys: [] }),
    fc.option(
      fc.record(Object.fromEntries(writableExtension.map((a) => [a.name, attributeValue(a)])), {
        requiredKeys: [],
      }),
      { freq: 2 },
    ),
  )
  .map(([userName, core, extension]) => ({
    userName,
    ...core,
    ...(extension === null ? {} : { [ENTERPRISE]: extension }),
  }));

/** A stored User as a filter sees it: canonical attributes plus `id`, `meta` and `schemas`. */
export const storedUser: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    userBody,
    fc.uuid(),
    attributeValue(
      coreAttributes(USER_RESOURCE_TYPE).find((a) => a.name === 'meta') as AttributeDefinition,
      true,
    ),
  )
  .map(([body, id, meta]) => ({
    schemas: [USER_SCHEMA_ID, ...(body[ENTERPRISE] === undefined ? [] : [ENTERPRISE])],
    id,
    ...body,
    meta,
  }));

// ------------------------------------------------------------------------------------- printing style

/**
 * Choices for printing, from a generated list of numbers; with none, every choice is 0, the canonical
 * spelling. Printing the same filter with different choices must not change what it means.
 */
export class Choices {
  private index = 0;

  constructor(private readonly picks: readonly number[] = []) {}

  /** A number in [0, n). */
  pick(n: number): number {
    if (this.picks.length === 0) return 0;
    const value = this.picks[this.index++ % this.picks.length] as number;
    return value % n;
  }

  one<T>(options: readonly [T, ...T[]]): T {
    return options[this.pick(options.length)] as T;
  }
}

export const choicePicks = fc.array(fc.nat({ max: 9_999 }), { maxLength: 48 });

const SPACES = [' ', '  ', '\t', '\n', ' \r\n '] as const;

/** Any spelling of a case-insensitive word: as written, lower, upper, or alternating. */
export function anyCase(word: string, choices: Choices): string {
  switch (choices.pick(4)) {
    case 1:
      return word.toLowerCase();
    case 2:
      return word.toUpperCase();
    case 3:
      return [...word].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c.toLowerCase())).join('');
    default:
      return word;
  }
}

/** The path as a client may write it: names in any case, a core attribute optionally URN-qualified. */
export function printPath(spec: PathSpec, choices: Choices, relative = false): string {
  if (relative) return anyCase((spec.sub as AttributeDefinition).name, choices);
  const urn = spec.inExtension || choices.pick(3) === 2 ? `${anyCase(spec.schema, choices)}:` : '';
  const base = `${urn}${anyCase(spec.attribute.name, choices)}`;
  return spec.sub === undefined ? base : `${base}.${anyCase(spec.sub.name, choices)}`;
}

// -------------------------------------------------------------------------------------------- filters

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' };

/** A filter as generated; `relative` paths (inside a value filter) name a sub-attribute alone. */
export type GenFilter =
  | { readonly kind: 'and' | 'or'; readonly filters: readonly GenFilter[] }
  | { readonly kind: 'not'; readonly filter: GenFilter }
  | { readonly kind: 'present'; readonly path: PathSpec }
  | { readonly kind: 'compare'; readonly path: PathSpec; readonly op: CompareOp; readonly value: Literal }
  | { readonly kind: 'valuePath'; readonly path: PathSpec; readonly filter: GenFilter };

const ORDERING: readonly CompareOp[] = ['gt', 'ge', 'lt', 'le'];
const SUBSTRING: readonly CompareOp[] = ['co', 'sw', 'ew'];
const ALL_OPS: readonly CompareOp[] = ['eq', 'ne', ...SUBSTRING, ...ORDERING];

const str = (value: string): Literal => ({ kind: 'string', value });
const nullLiteral = fc.constant<Literal>({ kind: 'null' });
const numberLiteral = fc
  .oneof(
    fc.integer({ min: -1000, max: 1000 }).map(String),
    fc.constantFrom('0', '-0', '1.50', '2.10', '1e3', '1E-2', '12345678901234567890', '1e400'),
  )
  .map((text): Literal => ({ kind: 'number', text }));

/** Comparisons that RFC 7644 §3.4.2.2 allows on the attribute `spec` reads, with literals of its type. */
function comparison(spec: PathSpec): fc.Arbitrary<GenFilter> | undefined {
  const compared = comparedOf(spec);
  if (compared === undefined) return undefined;
  const make = (ops: readonly CompareOp[], value: fc.Arbitrary<Literal>) =>
    fc
      .record({ op: fc.constantFrom(...ops), value })
      .map(({ op, value }): GenFilter => ({ kind: 'compare', path: spec, op, value }));
  const nullable = make(['eq', 'ne'], nullLiteral);
  switch (compared.type) {
    case 'boolean':
      return fc.oneof(
        make(
          ['eq', 'ne'],
          fc.oneof(
            fc.boolean().map((value): Literal => ({ kind: 'boolean', value })),
            fc.constantFrom('True', 'false', 'TRUE').map(str),
          ),
        ),
        nullable,
      );
    case 'dateTime':
      return fc.oneof(
        make(['eq', 'ne', ...ORDERING], dateTimeValue.map(str)),
        make(
          SUBSTRING,
          fc
            .oneof(
              dateTimeValue.map((d) => d.slice(0, 10)),
              stringValue,
            )
            .map(str),
        ),
        nullable,
      );
    case 'binary':
      return fc.oneof(make(['eq', 'ne'], base64Value.map(str)), nullable);
    default:
      return fc.oneof(
        {
          weight: 6,
          arbitrary: make(
            ALL_OPS,
            scalarValue(compared).map((v) => str(v as string)),
          ),
        },
        { weight: 1, arbitrary: make(ALL_OPS, numberLiteral) },
        { weight: 1, arbitrary: nullable },
      );
  }
}

function leaf(spec: PathSpec): fc.Arbitrary<GenFilter> {
  const present = fc.constant<GenFilter>({ kind: 'present', path: spec });
  const compare = comparison(spec);
  return compare === undefined
    ? present
    : fc.oneof({ weight: 1, arbitrary: present }, { weight: 4, arbitrary: compare });
}

/** Boolean combinations of `leaves`, at most `depth` levels deep. */
function combinations(leaves: fc.Arbitrary<GenFilter>, depth: number): fc.Arbitrary<GenFilter> {
  const { tree } = fc.letrec<{ tree: GenFilter }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', maxDepth: depth, withCrossShrink: true },
      { weight: 3, arbitrary: leaves },
      {
        weight: 1,
        arbitrary: fc
          .record({
            kind: fc.constantFrom('and', 'or'),
            filters: fc.array(tie('tree'), { minLength: 2, maxLength: 3 }),
          })
          .map((f): GenFilter => f),
      },
      { weight: 1, arbitrary: tie('tree').map((filter): GenFilter => ({ kind: 'not', filter })) },
    ),
  }));
  return tree;
}

/** Sub-attribute paths of a complex attribute, relative inside its value filter. */
function innerSpecs(spec: PathSpec): PathSpec[] {
  return (spec.attribute.subAttributes ?? []).map((sub) => ({ ...spec, sub }));
}

/** A value filter `attr[…]` over the sub-attributes of a complex attribute. */
export function valueFilterOf(spec: PathSpec, depth = 2): fc.Arbitrary<GenFilter> {
  return valueFilters(spec.attribute)[depth === 1 ? 0 : 1] as fc.Arbitrary<GenFilter>;
}

const valueFilters = memoized((attribute: AttributeDefinition) => {
  const spec =
    VALUE_FILTER_PATHS.find((p) => p.attribute === attribute) ??
    USER_PATHS.find((p) => p.attribute === attribute);
  const inner = innerSpecs(spec as PathSpec).map(leaf);
  return [combinations(fc.oneof(...inner), 1), combinations(fc.oneof(...inner), 2)];
});

const valuePathFilter: fc.Arbitrary<GenFilter> = fc
  .constantFrom(...VALUE_FILTER_PATHS)
  .chain((spec) =>
    valueFilterOf(spec).map((filter): GenFilter => ({ kind: 'valuePath', path: spec, filter })),
  );

/** A leaf of a top-level filter: a comparison or presence test on any filterable path, or a value filter. */
const topLeaf: fc.Arbitrary<GenFilter> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FILTERABLE_PATHS).chain(leaf) },
  { weight: 1, arbitrary: valuePathFilter },
);

/** A grammatical filter over the User schema (RFC 7644 §3.4.2.2 figure 1), type-correct so it must parse. */
export const userFilter: fc.Arbitrary<GenFilter> = combinations(topLeaf, 4);

function printLiteral(literal: Literal, compared: AttributeDefinition, choices: Choices): string {
  switch (literal.kind) {
    case 'null':
      return anyCase('null', choices);
    case 'boolean':
      return anyCase(String(literal.value), choices);
    case 'number':
      return literal.text;
    case 'string': {
      const value = literal.value;
      // A bare word is read as a string (`userName sw O`), where it cannot be read as anything else.
      const bare =
        (compared.type === 'string' || compared.type === 'reference') &&
        /^[A-Za-z][A-Za-z0-9@._-]*$/.test(value) &&
        !/^(true|false|null)$/i.test(value);
      if (bare && choices.pick(3) === 1) return value;
      // Any JSON spelling of the string: \u escapes for some characters.
      if (choices.pick(3) !== 2) return JSON.stringify(value);
      const units = Array.from({ length: value.length }, (_, i) => value.charAt(i));
      const escaped = units.map((c) =>
        /[A-Za-z\u0080-\uffff]/.test(c) && choices.pick(2) === 1
          ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
          : JSON.stringify(c).slice(1, -1),
      );
      return `"${escaped.join('')}"`;
    }
  }
}

/**
 * Prints a filter as a client may write it, as `choices` direct: any whitespace, any case of names,
 * keywords and operators, URN-qualified core names, `\u` escapes, bare words, and only the parentheses that
 * precedence needs (plus some that it does not). `canonicalFilter` gives the canonical spelling: fully
 * parenthesised, single spaces, names as the schema spells them.
 */
export function printFilter(filter: GenFilter, choices: Choices, relative = false): string {
  const canonical = isCanonical(choices);
  const space = () => choices.one(SPACES);
  switch (filter.kind) {
    case 'present':
      return `${printPath(filter.path, choices, relative)}${space()}${anyCase('pr', choices)}`;
    case 'compare': {
      const compared = comparedOf(filter.path) as AttributeDefinition;
      const path = printPath(filter.path, choices, relative);
      const literal = printLiteral(filter.value, compared, choices);
      return `${path}${space()}${anyCase(filter.op, choices)}${space()}${literal}`;
    }
    case 'valuePath': {
      const inner = printFilter(filter.filter, choices, true);
      const pad = () => (choices.pick(3) === 2 ? space() : '');
      return `${printPath(filter.path, choices)}[${pad()}${inner}${pad()}]`;
    }
    case 'not': {
      const keyword = anyCase('not', choices);
      const operand = printFilter(filter.filter, choices, relative);
      return `${keyword}${choices.pick(2) === 1 ? '' : space()}(${operand})`;
    }
    case 'and':
    case 'or': {
      const parts = filter.filters.map((f) => {
        const text = printFilter(f, choices, relative);
        // `and` binds tighter than `or`: only an `or` inside an `and` needs parentheses.
        const needs = canonical || (filter.kind === 'and' && f.kind === 'or');
        return needs || choices.pick(4) === 3 ? `(${text})` : text;
      });
      return parts.join(`${space()}${anyCase(filter.kind, choices)}${space()}`);
    }
  }
}

const CANONICAL = new Choices();
function isCanonical(choices: Choices): boolean {
  return choices === CANONICAL;
}

/** The canonical spelling of a filter. */
export function canonicalFilter(filter: GenFilter, relative = false): string {
  return printFilter(filter, CANONICAL, relative);
}

// ---------------------------------------------------------------------------------------- PATCH paths

/** A PATCH path (RFC 7644 §3.5.2): an attribute path, or a value filter with an optional sub-attribute. */
export interface GenPatchPath {
  readonly spec: PathSpec;
  readonly filter?: GenFilter;
  /** The sub-attribute after the value filter: `emails[type eq "work"].value`. */
  readonly sub?: AttributeDefinition;
}

const MULTI_VALUED_COMPLEX = USER_PATHS.filter(
  (p) => p.sub === undefined && p.attribute.type === 'complex' && p.attribute.multiValued,
);

/** Any PATCH path of a User, `password` and the read-only `groups`, `id` and `meta` included. */
export const userPatchPath: fc.Arbitrary<GenPatchPath> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...USER_PATHS).map((spec): GenPatchPath => ({ spec })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...MULTI_VALUED_COMPLEX).chain((spec) =>
      fc
        .tuple(
          valueFilterOf(spec, 1),
          fc.option(fc.constantFrom(...(spec.attribute.subAttributes as AttributeDefinition[])), {
            freq: 2,
          }),
        )
        .map(([filter, sub]): GenPatchPath => (sub === null ? { spec, filter } : { spec, filter, sub })),
    ),
  },
);

export function printPatchPath(path: GenPatchPath, choices: Choices): string {
  const base = printPath(path.spec, choices);
  if (path.filter === undefined) return base;
  const filter = `${base}[${printFilter(path.filter, choices, true)}]`;
  return path.sub === undefined ? filter : `${filter}.${anyCase(path.sub.name, choices)}`;
}

/** The attribute a PATCH path targets, as `formatAttributePath` spells it. */
export function patchTarget(path: GenPatchPath): string {
  return canonicalPath(path.sub === undefined ? path.spec : { ...path.spec, sub: path.sub });
}

/** Characters and tokens of the filter and path grammar, for mutating valid text into near-valid text. */
export const GRAMMAR_ALPHABET = [
  '(',
  ')',
  '[',
  ']',
  '"',
  '\\',
  '.',
  ':',
  ' ',
  '\t',
  'and',
  'or',
  'not',
  'eq',
  'pr',
  'gt',
  'true',
  'null',
  '1e9',
  '-',
  '$ref',
  'urn:',
  `${ENTERPRISE}:`,
  'emails',
  'value',
  'name.',
  '\\u00',
  '\u0000',
];

/** Grammar tokens strung together at random: mostly ungrammatical, but made of the right pieces. */
export const tokenSoup: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...GRAMMAR_ALPHABET),
      fc.constantFrom(...USER_PATHS.map(canonicalPath)),
      fc.constantFrom(' ', ' ', '"x"', '"work"'),
    ),
    { maxLength: 24 },
  )
  .map((tokens) => tokens.join(''));

/** Objects whose keys may be `__proto__`, `constructor`, `prototype`: as JSON.parse gives them, own keys. */
export function objectWithKeys(
  keys: fc.Arbitrary<string>,
  values: fc.Arbitrary<unknown>,
  maxKeys = 5,
): fc.Arbitrary<Record<string, unknown>> {
  return fc.array(fc.tuple(keys, values), { maxLength: maxKeys }).map((entries) => objectFrom(entries));
}

export const DANGEROUS_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'polluted',
] as const;

// ------------------------------------------------------------------------------ values as clients send them

/** A key in any case (attribute names are case-insensitive, RFC 7643 §2.1), from generated picks. */
export const keyCase = (key: string): fc.Arbitrary<string> =>
  choicePicks.map((picks) => anyCase(key, new Choices(picks)));

/**
 * A valid value of `attribute` as a client may send it: keys in any case, nulls for unassigned
 * sub-attributes, "True"/"False" for booleans (Entra), a single value or a bare string where an array of
 * complex values is expected, the manager as a bare id (Entra), unknown and `__proto__`-like keys.
 */
export function clientValue(attribute: AttributeDefinition): fc.Arbitrary<unknown> {
  return clientValues(attribute);
}

const clientValues = memoized((attribute: AttributeDefinition): fc.Arbitrary<unknown> => {
  if (attribute.type === 'boolean') {
    return fc.oneof(fc.boolean(), fc.constantFrom('True', 'False', 'true', 'FALSE'));
  }
  if (attribute.type !== 'complex') return scalarValue(attribute);
  const hasValue = attribute.subAttributes?.some((s) => s.name === 'value') ?? false;
  const entry = fc
    .tuple(
      fc.array(
        fc.oneof(
          {
            weight: 6,
            arbitrary: fc
              .constantFrom(...(attribute.subAttributes ?? []))
              .chain((sub) =>
                fc.tuple(
                  keyCase(sub.name),
                  fc.oneof({ weight: 6, arbitrary: clientValue(sub) }, fc.constant(null)),
                ),
              ),
          },
          {
            weight: 1,
            arbitrary: fc.tuple(fc.constantFrom(...DANGEROUS_KEYS), fc.constant({ polluted: true })),
          },
        ),
        { maxLength: 4 },
      ),
    )
    .map(([entries]) => objectFrom(dedupeKeys(entries)));
  const single = hasValue
    ? fc.oneof({ weight: 4, arbitrary: entry }, { weight: 1, arbitrary: stringValue })
    : entry;
  if (!attribute.multiValued) return single;
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(entry, { maxLength: 3 }).map((values) => onePrimaryOf(values)) },
    { weight: 1, arbitrary: single },
  );
});

/** One entry per key, case-insensitively: `{"value": 1, "VALUE": 2}` is ambiguous, and not tested here. */
function dedupeKeys(entries: readonly (readonly [string, unknown])[]): [string, unknown][] {
  const seen = new Set<string>();
  const output: [string, unknown][] = [];
  for (const [key, value] of entries) {
    if (seen.has(key.toLowerCase())) continue;
    seen.add(key.toLowerCase());
    output.push([key, value]);
  }
  return output;
}

/** At most one `primary` that reads as true ("True" included), as a valid request has. */
function onePrimaryOf(values: Record<string, unknown>[]): Record<string, unknown>[] {
  let seen = false;
  return values.map((v) => {
    const key = Object.keys(v).find((k) => k.toLowerCase() === 'primary');
    if (key === undefined) return v;
    const primary = v[key];
    if (primary !== true && !(typeof primary === 'string' && primary.toLowerCase() === 'true')) return v;
    if (!seen) {
      seen = true;
      return v;
    }
    return objectFrom(Object.entries(v).map(([k, x]) => [k, k === key ? false : x] as const));
  });
}

/** A User as a client sends it in POST or PUT: client forms, keys in any case, noise among the keys. */
export const clientUser: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    keyCase('userName'),
    userNameValue,
    fc.array(
      fc.oneof(
        {
          weight: 8,
          arbitrary: fc.constantFrom(...writableCore).chain((a) => fc.tuple(keyCase(a.name), clientValue(a))),
        },
        {
          weight: 2,
          arbitrary: fc.tuple(
            keyCase(ENTERPRISE),
            fc
              .array(
                fc.constantFrom(...writableExtension).chain((a) => fc.tuple(keyCase(a.name), clientValue(a))),
                { maxLength: 4 },
              )
              .map((entries) => objectFrom(dedupeKeys(entries))),
          ),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(
            fc.constantFrom('id', 'meta', 'schemas', 'groups', 'password', 'adreses', ...DANGEROUS_KEYS),
            fc.oneof(fc.constant({ polluted: true }), fc.jsonValue({ maxDepth: 2 })),
          ),
        },
      ),
      { maxLength: 8 },
    ),
  )
  .map(([key, userName, entries]) => objectFrom(dedupeKeys([[key, userName], ...entries])));
