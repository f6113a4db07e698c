import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { parseListQuery, parseSearchRequest } from '../../../../functions/scim/list-request';
import { PAGING } from '../../../../functions/scim/paging';
import type { AttributeDefinition } from '../../../../functions/scim/schema/attribute-definition';
import {
  isPlainObject,
  LIMITS,
  parseOrThrow,
  resourceSchema,
} from '../../../../functions/scim/schema/resource-schema';
import {
  coreAttributes,
  GROUP_RESOURCE_TYPE,
  type ResourceType,
  USER_RESOURCE_TYPE,
} from '../../../../functions/scim/schema/resource-type';
import {
  anyString,
  assertProperty,
  deepFreeze,
  expectUnpollutedPrototype,
  hasOrdinaryPrototypes,
  objectFrom,
  outcome,
  prototypeKeys,
  RUNS,
  SEED_LABEL,
  same,
} from './support';
import {
  anyCase,
  Choices,
  choicePicks,
  clientUser,
  DANGEROUS_KEYS,
  ENTERPRISE,
  keyCase,
  objectWithKeys,
  stringValue,
} from './user-arbitraries';

const prototypeBefore = prototypeKeys();
deepFreeze(USER_RESOURCE_TYPE);
deepFreeze(GROUP_RESOURCE_TYPE);

/** A resource type, shown by its name in a counterexample. */
const resourceTypes = fc.constantFrom('User', 'Group').map(
  (name) => (name === 'User' ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE),
  (value) => (value as ResourceType).id,
);

const SCHEMAS = new Map<ResourceType, ReturnType<typeof resourceSchema>>([
  [USER_RESOURCE_TYPE, resourceSchema(USER_RESOURCE_TYPE)],
  [GROUP_RESOURCE_TYPE, resourceSchema(GROUP_RESOURCE_TYPE)],
]);

/** Every attribute and sub-attribute name of both resource types, and the extension URN. */
const NAMES = [
  ...new Set(
    [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE].flatMap((rt) =>
      [...coreAttributes(rt), ...rt.extensions.flatMap((e) => e.schema.attributes)].flatMap((a) => [
        a.name,
        ...(a.subAttributes ?? []).map((s) => s.name),
      ]),
    ),
  ),
  ENTERPRISE,
];

/** Keys a hostile or sloppy client sends: real names in any case, prototype names, anything. */
const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NAMES).chain(keyCase) },
  { weight: 2, arbitrary: fc.constantFrom(...DANGEROUS_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom('schemas', 'Schemas', '', ' userName', 'userName ', 'emails[0]') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

/** Any JSON value, with such keys, nested a few levels. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
    stringValue,
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('True', 'false', '', '2015-10-10T21:38:21Z', 'QUJD'),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    fc.array(tie('value'), { maxLength: 3 }),
    objectWithKeys(key, tie('value'), 4),
  ),
})).value;

/** A body with JSON nested `depth` levels under an attribute name; a body of a few KB can be that deep. */
interface Nesting {
  readonly depth: number;
  readonly kind: 'array' | 'object';
  readonly outer: string;
  readonly inner: string;
}

const nesting = (maxDepth: number): fc.Arbitrary<Nesting> =>
  fc.record({
    depth: fc.integer({ min: 1, max: maxDepth }),
    kind: fc.constantFrom('array', 'object'),
    outer: key,
    inner: key,
  });

function nested({ depth, kind, outer, inner }: Nesting): Record<string, unknown> {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : objectFrom([[inner, value]]);
  return objectFrom([
    ['userName', 'bjensen'],
    ['displayName', 'Engineering'],
    [outer, value],
  ]);
}

/** A Group as clients send it: members as objects or bare ids, keys in any case. */
const clientGroup: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    keyCase('displayName'),
    stringValue.filter((s) => s !== ''),
    keyCase('members'),
    fc.array(
      fc.oneof(
        fc.uuid(),
        fc
          .tuple(keyCase('value'), fc.uuid(), keyCase('type'), fc.constantFrom('User', 'Group', 'user', null))
          .map(([v, id, t, type]) =>
            objectFrom([
              [v, id],
              [t, type],
            ]),
          ),
      ),
      { maxLength: 4 },
    ),
    fc.option(fc.tuple(keyCase('externalId'), stringValue)),
  )
  .map(([d, displayName, m, members, externalId]) =>
    objectFrom([[d, displayName], [m, members], ...(externalId === null ? [] : [externalId])]),
  );

/** A JSON body as JSON.parse gives it (own `__proto__` keys included) and as the HTTP layer passes it on. */
const body: fc.Arbitrary<unknown> = fc
  .oneof(
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 3, arbitrary: hostileValue },
    { weight: 3, arbitrary: clientUser },
    { weight: 2, arbitrary: clientGroup },
    {
      weight: 2,
      arbitrary: fc
        .tuple(clientUser, key, hostileValue)
        .map(([user, k, v]) => objectFrom([...Object.entries(user), [k, v]])),
    },
    { weight: 1, arbitrary: nesting(100).map(nested) },
  )
  .map((value) => (value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown)));

/** The definition of each top-level key a stored resource may have. */
function topLevel(
  resourceType: ResourceType,
): Map<string, AttributeDefinition | readonly AttributeDefinition[]> {
  const entries = new Map<string, AttributeDefinition | readonly AttributeDefinition[]>();
  for (const a of coreAttributes(resourceType)) entries.set(a.name, a);
  for (const e of resourceType.extensions) entries.set(e.schema.id, e.schema.attributes);
  return entries;
}

const WRITABLE = new Set(['readWrite', 'immutable']);

/** A stored value: canonical names of writable (sub-)attributes, the right shapes, no nulls, one primary. */
function isCanonicalValue(attribute: AttributeDefinition, value: unknown): boolean {
  if (!WRITABLE.has(attribute.mutability) || value === null || value === undefined) return false;
  if (attribute.multiValued) {
    if (!Array.isArray(value) || value.length === 0 || value.length > LIMITS.multiValuedEntries) return false;
    if (value.filter((v) => isPlainObject(v) && v.primary === true).length > 1) return false;
    return value.every((v) => isCanonicalValue({ ...attribute, multiValued: false }, v));
  }
  if (attribute.type === 'complex') {
    if (!isPlainObject(value) || Object.keys(value).length === 0) return false;
    return Object.entries(value).every(([name, v]) => {
      const sub = attribute.subAttributes?.find((s) => s.name === name);
      return sub !== undefined && isCanonicalValue(sub, v);
    });
  }
  switch (attribute.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === 'string' && value.length <= LIMITS.binaryLength;
  }
}

function isCanonicalResource(resourceType: ResourceType, resource: Record<string, unknown>): boolean {
  const definitions = topLevel(resourceType);
  return Object.entries(resource).every(([name, value]) => {
    const definition = definitions.get(name);
    if (definition === undefined) return /^urn:/i.test(name) && isUndeclaredExtension(value);
    if (!Array.isArray(definition)) return isCanonicalValue(definition as AttributeDefinition, value);
    if (!isPlainObject(value) || Object.keys(value).length === 0) return false;
    return Object.entries(value).every(([n, v]) => {
      const a = (definition as readonly AttributeDefinition[]).find((d) => d.name === n);
      return a !== undefined && isCanonicalValue(a, v);
    });
  });
}

const isSimple = (x: unknown) =>
  typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x)) || typeof x === 'string';
const isSimpleOrComplex = (x: unknown) =>
  isSimple(x) || (isPlainObject(x) && Object.keys(x).length > 0 && Object.values(x).every(isSimple));

/** An undeclared extension as stored: an object of attributes in RFC 7643 §2.3's shapes, no nulls, no empties. */
function isUndeclaredExtension(value: unknown): boolean {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return false;
  return Object.values(value).every((v) =>
    Array.isArray(v) ? v.length > 0 && v.every(isSimpleOrComplex) : isSimpleOrComplex(v),
  );
}

/** Keys spelled as the schema spells them, recursively: what the same body means, case aside. */
function canonicalCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalCase);
  if (!isPlainObject(value)) return value;
  return objectFrom(
    Object.entries(value).map(([k, v]) => [
      NAMES.find((n) => n.toLowerCase() === k.toLowerCase()) ?? k,
      canonicalCase(v),
    ]),
  );
}

describe(`request bodies, generated cases (${SEED_LABEL})`, () => {
  it('any JSON body is a valid User or Group in canonical form, or a 400 invalidValue', () => {
    assertProperty(fc.property(body, resourceTypes, checkBody));
  });

  it('a body nested a thousand levels deep is a User or Group, or a 400 invalidValue', () => {
    // JSON.parse itself gives up near 5,000 levels, and a test worker's stack before that; the core never
    // descends into values it does not know. The counterexample is the nesting, not its JSON.
    assertProperty(
      fc.property(nesting(1_000), resourceTypes, (n, resourceType) => checkBody(nested(n), resourceType)),
      Math.ceil(RUNS / 10),
    );
  });

  it('attribute names are case-insensitive: a User means the same whatever the case of its keys', () => {
    const schema = SCHEMAS.get(USER_RESOURCE_TYPE) as ReturnType<typeof resourceSchema>;
    assertProperty(
      fc.property(clientUser, (input) => {
        const asSent = outcome(() => parseOrThrow(schema, input, 'The User'), ['invalidValue']);
        const canonical = outcome(
          () => parseOrThrow(schema, canonicalCase(input), 'The User'),
          ['invalidValue'],
        );
        same(asSent.ok, canonical.ok, 'accepted either way');
        if (asSent.ok && canonical.ok) {
          same(isDeepStrictEqual(asSent.value, canonical.value), true, 'the same User either way');
        }
      }),
    );
  });

  it('any SearchRequest body gives paging within bounds, or a 400', () => {
    const searchKey = fc.oneof(
      fc
        .constantFrom(
          'schemas',
          'filter',
          'attributes',
          'excludedAttributes',
          'startIndex',
          'count',
          'cursor',
          'sortBy',
        )
        .chain(keyCase),
      key,
    );
    const pagingValue = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.constantFrom(1e21, -1e21, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, -0),
      fc.integer().map(String),
      fc.constantFrom(' +2 ', '1e3', '0x10', '', '٣'),
    );
    const search = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      hostileValue,
      objectWithKeys(
        searchKey,
        fc.oneof(pagingValue, stringValue, fc.array(stringValue, { maxLength: 3 }), hostileValue),
      ),
    );
    assertProperty(
      fc.property(search, (input) => {
        const parsed = outcome(() => parseSearchRequest(input), ['invalidSyntax', 'invalidValue']);
        if (!parsed.ok) return;
        checkListRequest(parsed.value as unknown as Record<string, unknown>);
      }),
    );
  });

  it('SearchRequest keys are case-insensitive, like those of a PatchOp (RFC 7643 §2.1)', () => {
    const request = fc.record(
      {
        schemas: fc.constant(['urn:ietf:params:scim:api:messages:2.0:SearchRequest']),
        filter: stringValue,
        attributes: fc.oneof(stringValue, fc.array(stringValue, { maxLength: 3 })),
        excludedAttributes: stringValue,
        startIndex: fc.integer({ min: -5, max: 50 }),
        count: fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.integer({ min: 0, max: 50 }).map(String)),
        cursor: stringValue,
        sortBy: stringValue,
      },
      { requiredKeys: [] },
    );
    assertProperty(
      fc.property(request, choicePicks, (canonical, picks) => {
        const choices = new Choices(picks);
        const spelled = objectFrom(Object.entries(canonical).map(([k, v]) => [anyCase(k, choices), v]));
        const expected = outcome(() => parseSearchRequest(canonical));
        const actual = outcome(() => parseSearchRequest(spelled));
        same(expected.ok, true, 'a valid SearchRequest is accepted');
        same(
          actual.ok && expected.ok && isDeepStrictEqual(actual.value, expected.value),
          true,
          JSON.stringify(spelled),
        );
      }),
    );
  });

  it('any query gives paging within bounds, or a 400; integers are clamped, never refused', () => {
    const parameter = fc.oneof(
      fc.constantFrom('filter', 'attributes', 'excludedAttributes', 'startIndex', 'count', 'cursor'),
      fc.constantFrom(...DANGEROUS_KEYS),
      fc.string({ maxLength: 6 }),
    );
    const query = fc
      .array(fc.tuple(parameter, fc.oneof(fc.integer().map(String), stringValue, anyString(8))), {
        maxLength: 5,
      })
      .map((entries) => objectFrom(entries) as Record<string, string>);
    assertProperty(
      fc.property(
        query,
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.bigInt({ min: -5n, max: 2000n }),
        (q, start, count) => {
          const parsed = outcome(() => parseListQuery(q), ['invalidValue']);
          if (parsed.ok) checkListRequest(parsed.value as unknown as Record<string, unknown>);
          // RFC 7644 §3.4.2.4: startIndex below 1 is 1, a negative count is 0, a large count is the maximum.
          const paging = parseListQuery({ startIndex: ` ${start} `, count: String(count) });
          same(paging.startIndex, Number(clamp(start, 1n, 1_000_000_000n)), `startIndex ${start}`);
          same(paging.count, Number(clamp(count, 0n, BigInt(PAGING.maxCount))), `count ${count}`);
        },
      ),
    );
  });

  it('an integer startIndex or count in a SearchRequest is clamped, whatever its size', () => {
    const integer = fc.oneof(
      fc.integer(),
      fc.double({ min: -1e300, max: 1e300, noNaN: true }).filter(Number.isInteger),
      fc.constantFrom(1e21, -1e21, 2 ** 53, -0),
    );
    assertProperty(
      fc.property(integer, integer, (start, count) => {
        const parsed = outcome(() => parseSearchRequest({ startIndex: start, count }));
        if (!parsed.ok)
          throw new Error(`startIndex ${start}, count ${count} refused: ${parsed.error.detail}`);
        same(parsed.value.startIndex, Math.min(1e9, Math.max(1, start)), `startIndex ${start}`);
        same(parsed.value.count, Math.min(PAGING.maxCount, Math.max(0, count)), `count ${count}`);
      }),
    );
  });
});

/** A body is a valid resource in canonical form, or a 400 invalidValue; it is never modified. */
function checkBody(input: unknown, resourceType: ResourceType): void {
  deepFreeze(input);
  const before = JSON.stringify(input);
  const schema = SCHEMAS.get(resourceType) as ReturnType<typeof resourceSchema>;
  const parsed = outcome(() => parseOrThrow(schema, input, `The ${resourceType.name}`), ['invalidValue']);
  same(JSON.stringify(input), before, 'the body is unchanged');
  if (!parsed.ok) {
    same(parsed.error.status, 400, 'status');
    return;
  }
  const resource = parsed.value;
  same(hasOrdinaryPrototypes(resource), true, 'plain objects only');
  same(isCanonicalResource(resourceType, resource), true, `canonical: ${JSON.stringify(resource)}`);
  const required = resourceType === USER_RESOURCE_TYPE ? 'userName' : 'displayName';
  same(typeof resource[required] === 'string' && resource[required] !== '', true, `${required} is set`);
  same(Buffer.byteLength(JSON.stringify(resource)) <= LIMITS.resourceBytes, true, 'within the size limit');
  // Canonical form is a fixed point: a stored resource validates again unchanged.
  const again = outcome(() => parseOrThrow(schema, resource, 'The stored resource'));
  same(again.ok && isDeepStrictEqual(again.value, resource), true, 'a parsed resource parses unchanged');
}

function clamp(value: bigint, min: bigint, max: bigint): bigint {
  return value < min ? min : value > max ? max : value;
}

const LIST_KEYS = new Set(['filter', 'attributes', 'excludedAttributes', 'cursor', 'startIndex', 'count']);

function checkListRequest(request: Record<string, unknown>): void {
  same(
    Object.keys(request).every((k) => LIST_KEYS.has(k)),
    true,
    `keys of ${JSON.stringify(request)}`,
  );
  same(hasOrdinaryPrototypes(request), true, 'plain objects only');
  const { startIndex, count } = request as { startIndex: number; count: number };
  same(
    Number.isSafeInteger(startIndex) && startIndex >= 1 && startIndex <= 1e9,
    true,
    `startIndex ${startIndex}`,
  );
  same(Number.isSafeInteger(count) && count >= 0 && count <= PAGING.maxCount, true, `count ${count}`);
  for (const name of ['filter', 'attributes', 'excludedAttributes', 'cursor']) {
    same(request[name] === undefined || typeof request[name] === 'string', true, `${name} is a string`);
  }
}

afterAll(() => {
  expectUnpollutedPrototype(prototypeBefore);
});
