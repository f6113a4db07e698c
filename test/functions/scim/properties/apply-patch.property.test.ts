import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { evaluateFilter } from '../../../../functions/scim/filter/evaluate-filter';
import { parseFilter } from '../../../../functions/scim/filter/parse-filter';
import { applyPatch, type ComputedAttributeChange } from '../../../../functions/scim/patch/apply-patch';
import { PATCH_OP_SCHEMA, parsePatchRequest } from '../../../../functions/scim/patch/patch-request';
import type { AttributeDefinition } from '../../../../functions/scim/schema/attribute-definition';
import {
  attributeValueSchema,
  isPlainObject,
  parseOrThrow,
  resourceSchema,
  type ScimResource,
} from '../../../../functions/scim/schema/resource-schema';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../../functions/scim/schema/resource-type';
import {
  assertProperty,
  deepFreeze,
  expectUnpollutedPrototype,
  hasOrdinaryPrototypes,
  objectFrom,
  outcome,
  prototypeKeys,
  RUNS,
  SECONDARY_RUNS,
  SEED_LABEL,
  same,
} from './support';
import {
  Choices,
  canonicalFilter,
  canonicalPath,
  choicePicks,
  clientValue,
  DANGEROUS_KEYS,
  ENTERPRISE,
  type GenPatchPath,
  keyCase,
  type PathSpec,
  printPatchPath,
  stringValue,
  tokenSoup,
  USER_PATHS,
  userBody,
  userPatchPath,
} from './user-arbitraries';

const prototypeBefore = prototypeKeys();
deepFreeze(USER_RESOURCE_TYPE);
deepFreeze(GROUP_RESOURCE_TYPE);

const USER_SCHEMA = resourceSchema(USER_RESOURCE_TYPE);

/** A stored User: a generated body, canonicalized as a POST stores it. */
const storedUser: fc.Arbitrary<ScimResource> = userBody.map((body) => {
  const parsed = outcome(() => parseOrThrow(USER_SCHEMA, body, 'The User'));
  if (!parsed.ok) throw new Error(`A generated User was refused: ${parsed.error.detail}`);
  return parsed.value;
});

/** `op` as clients spell it, and now and then not an op at all. */
const opName = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('add', 'remove', 'replace') },
  { weight: 5, arbitrary: fc.constantFrom('Add', 'Replace', 'Remove', 'ADD', 'rEPLACE') },
  {
    weight: 1,
    arbitrary: fc.oneof(fc.constantFrom('delete', 'move', '', ' add'), fc.jsonValue({ maxDepth: 1 })),
  },
);

/** A path-less operation adds or replaces (a path-less remove is refused, once is enough to check). */
const pathlessOpName = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom('add', 'replace', 'Add', 'Replace') },
  { weight: 1, arbitrary: opName },
);

/** The definition a PATCH path's value is for: the sub-attribute, or one value of a filtered attribute. */
function valueTarget(path: GenPatchPath): AttributeDefinition {
  if (path.sub !== undefined) return path.sub;
  if (path.spec.sub !== undefined) return path.spec.sub;
  if (path.filter !== undefined) return singleValued(path.spec.attribute);
  return path.spec.attribute;
}

const SINGLE_VALUED = new Map<AttributeDefinition, AttributeDefinition>();
function singleValued(attribute: AttributeDefinition): AttributeDefinition {
  const single = SINGLE_VALUED.get(attribute) ?? { ...attribute, multiValued: false };
  SINGLE_VALUED.set(attribute, single);
  return single;
}

const garbage = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(null),
  fc.constantFrom(...DANGEROUS_KEYS).map((key) => objectFrom([[key, { polluted: true }]])),
);

/** A value for a path: valid for what it targets, or anything at all. */
const pathAndValue = fc
  .tuple(userPatchPath, choicePicks)
  .chain(([path, picks]) =>
    fc.tuple(
      fc.constant(printPatchPath(path, new Choices(picks))),
      fc.oneof({ weight: 5, arbitrary: clientValue(valueTarget(path)) }, { weight: 1, arbitrary: garbage }),
    ),
  );

/** A path-less value (RFC 7644 §3.5.2.1/3) as Entra sends it: names, dotted and URN keys, filters. */
const pathlessValue = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: pathAndValue },
      {
        weight: 1,
        arbitrary: fc.tuple(
          keyCase(ENTERPRISE),
          fc
            .array(
              fc
                .constantFrom(...USER_PATHS.filter((p) => p.inExtension && p.sub === undefined))
                .chain((p) => fc.tuple(keyCase(p.attribute.name), clientValue(p.attribute))),
              { maxLength: 3 },
            )
            .map(objectFrom),
        ),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(fc.constantFrom(...DANGEROUS_KEYS, 'schemas', 'id', 'meta'), garbage),
      },
    ),
    { maxLength: 4 },
  )
  .map(objectFrom);

/** One operation: with a path, path-less, or malformed. */
const operation = fc.oneof(
  {
    weight: 16,
    arbitrary: fc
      .tuple(
        keyCase('op'),
        opName,
        keyCase('path'),
        pathAndValue,
        fc.nat(5).map((n) => n !== 0),
      )
      .map(([opKey, op, pathKey, [path, value], withValue]) =>
        objectFrom([[opKey, op], [pathKey, path], ...(withValue ? [['value', value] as const] : [])]),
      ),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(pathlessOpName, pathlessValue, fc.constantFrom(undefined, null, '', '  '))
      .map(([op, value, path]) =>
        objectFrom([['op', op], ...(path === undefined ? [] : [['path', path] as const]), ['value', value]]),
      ),
  },
  { weight: 1, arbitrary: garbage },
);

/** A PatchOp message: mostly well-formed, sometimes not. */
const patchBody = fc.oneof(
  {
    weight: 19,
    arbitrary: fc
      .tuple(keyCase('schemas'), keyCase('Operations'), fc.array(operation, { minLength: 1, maxLength: 3 }))
      .map(([schemas, operations, ops]) =>
        objectFrom([
          [schemas, [PATCH_OP_SCHEMA]],
          [operations, ops],
        ]),
      ),
  },
  { weight: 1, arbitrary: fc.oneof(garbage, fc.record({ Operations: fc.array(garbage, { maxLength: 2 }) })) },
);

const GROUP_SCHEMA = resourceSchema(GROUP_RESOURCE_TYPE);

/** A stored Group: its members are not on it (they are items of their own). */
const storedGroup = fc
  .record(
    { displayName: stringValue.filter((s) => s !== ''), externalId: stringValue },
    { requiredKeys: ['displayName'] },
  )
  .map((body) => parseOrThrow(GROUP_SCHEMA, body, 'The Group'));

const memberId = fc.oneof(fc.uuid(), stringValue);
const groupPath = fc.oneof(
  fc.constantFrom(
    'members',
    'members.value',
    'displayName',
    'externalId',
    'id',
    'meta.version',
    'members.display',
  ),
  memberId.map((id) => `members[value eq ${JSON.stringify(id)}]`),
  fc.constantFrom(
    'members[type eq "User"].value',
    'members[value pr]',
    'Members[VALUE EQ "x" or value eq "y"]',
  ),
  tokenSoup,
);
const groupValue = fc.oneof(
  memberId,
  fc.array(
    fc.oneof(
      memberId.map((value) => ({ value })),
      memberId,
      fc.record({ value: memberId, display: stringValue, type: fc.constantFrom('User', 'Group') }),
    ),
    { maxLength: 3 },
  ),
  garbage,
);
const groupOperation = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      { op: opName, path: groupPath, value: groupValue },
      { requiredKeys: ['op', 'path'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: pathlessOpName,
      value: fc.oneof(
        fc.record(
          { members: groupValue, displayName: stringValue, externalId: stringValue },
          { requiredKeys: [] },
        ),
        fc.dictionary(groupPath, groupValue, { maxKeys: 3 }),
      ),
    }),
  },
  { weight: 1, arbitrary: garbage },
);
const groupPatchBody = fc
  .array(groupOperation, { minLength: 1, maxLength: 3 })
  .map((Operations) => ({ schemas: [PATCH_OP_SCHEMA], Operations }));

const MUTABLE = new Set(['readWrite', 'immutable']);

/** Every key of a result is an attribute of the schema that a client may write, spelled canonically. */
function onlyWritableKeys(resource: Record<string, unknown>): boolean {
  const byName = new Map(USER_PATHS.map((p) => [p.inExtension ? p.schema : p.attribute.name, p]));
  for (const [key, value] of Object.entries(resource)) {
    if (key === ENTERPRISE) {
      if (!isPlainObject(value)) return false;
      for (const [name, v] of Object.entries(value)) {
        const spec = USER_PATHS.find(
          (p) => p.inExtension && p.sub === undefined && p.attribute.name === name,
        );
        if (spec === undefined || !MUTABLE.has(spec.attribute.mutability) || !subKeysKnown(spec.attribute, v))
          return false;
      }
      continue;
    }
    const spec = byName.get(key);
    if (spec === undefined || !MUTABLE.has(spec.attribute.mutability) || !subKeysKnown(spec.attribute, value))
      return false;
  }
  return true;
}

function subKeysKnown(attribute: AttributeDefinition, value: unknown): boolean {
  if (attribute.type !== 'complex') return !isPlainObject(value) && !Array.isArray(value) && value !== null;
  const values = attribute.multiValued ? value : [value];
  if (!Array.isArray(values)) return false;
  return values.every(
    (v) =>
      isPlainObject(v) &&
      Object.entries(v).every(([k, x]) => {
        const sub = attribute.subAttributes?.find((s) => s.name === k);
        return sub !== undefined && MUTABLE.has(sub.mutability) && subKeysKnown(sub, x);
      }),
  );
}

/** Whether `a` and `b` share an object: a result must not alias its input. */
function sharesObject(a: unknown, b: unknown): boolean {
  const seen = new Set<unknown>();
  const collect = (x: unknown) => {
    if (typeof x !== 'object' || x === null) return;
    seen.add(x);
    for (const v of Object.values(x)) collect(v);
  };
  collect(a);
  const search = (x: unknown): boolean =>
    typeof x === 'object' && x !== null && (seen.has(x) || Object.values(x).some(search));
  return search(b);
}

/**
 * Whether applying `op` again is expected to change nothing: it names no value filter (one that does may
 * change what its filter selects, `add phoneNumbers[primary eq false].primary` with true, and then means
 * something else), and a path-less value has one key (with more, a retry of the first sees the second's
 * effect: `{"emails.primary": true, "emails": […]}`).
 */
function isRetriable(op: unknown): boolean {
  if (!isPlainObject(op)) return true;
  const texts = Object.entries(op).flatMap(([k, v]) =>
    k.toLowerCase() === 'path' ? [v] : k.toLowerCase() === 'value' && isPlainObject(v) ? Object.keys(v) : [],
  );
  // A blank path is no path (parsePatchRequest drops it).
  const pathless = Object.entries(op).every(
    ([k, v]) => k.toLowerCase() !== 'path' || v === null || (typeof v === 'string' && v.trim() === ''),
  );
  if (pathless && texts.length > 1) return false;
  return texts.every((t) => typeof t !== 'string' || !t.includes('['));
}

/**
 * Entra's filtered add, `add emails[type eq "work"].value`: the filter tests one sub-attribute and the
 * operation sets another, so the value it creates or updates is selected again by a retry.
 */
const entraFilteredAdd = fc
  .constantFrom(
    ...USER_PATHS.filter(
      (p) => p.sub === undefined && p.attribute.multiValued && p.attribute.mutability === 'readWrite',
    ),
  )
  .chain((spec) => {
    const subs = spec.attribute.subAttributes ?? [];
    return fc
      .tuple(fc.constantFrom(...subs.filter((s) => s.type === 'string')), fc.constantFrom(...subs))
      .filter(([tested, set]) => tested !== set)
      .chain(([tested, set]) =>
        fc.tuple(stringValue, clientValue(set), keyCase('add')).map(([literal, value, op]) => ({
          op,
          path: `${spec.attribute.name}[${tested.name} eq ${JSON.stringify(literal)}].${set.name}`,
          value,
        })),
      );
  });

/** The HTTP layer refuses bodies above 1 MB (DEFAULT_MAX_BODY_BYTES); anything below reaches the core. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A PatchOp that adds to a multi-valued attribute again and again: `count` operations of 100 values each,
 * one path-less value of `count` × 40 filtered keys, or `count` filtered adds.
 */
function growingBody(form: string, attribute: string, count: number): unknown {
  const id = (i: number, j = 0) => `u${i}-${j}@example.com`;
  const Operations =
    form === 'operations'
      ? Array.from({ length: count }, (_, i) => ({
          op: 'add',
          path: attribute,
          value: Array.from({ length: 100 }, (_, j) => ({ value: id(i, j) })),
        }))
      : form === 'pathless'
        ? [
            {
              op: 'add',
              value: Object.fromEntries(
                Array.from({ length: count * 40 }, (_, i) => [
                  `${attribute}[value eq "${id(i)}"].value`,
                  id(i),
                ]),
              ),
            },
          ]
        : Array.from({ length: count }, (_, i) => ({
            op: 'add',
            path: `${attribute}[value eq "${id(i)}"].display`,
            value: 'x',
          }));
  return { schemas: [PATCH_OP_SCHEMA], Operations };
}

/** Checks one PATCH end to end; returns the patched resource, or undefined when it was refused. */
function patchChecked(user: ScimResource, body: unknown): ScimResource | undefined {
  deepFreeze(user);
  const before = structuredClone(user);
  const operations = outcome(() => parsePatchRequest(body), ['invalidSyntax']);
  if (!operations.ok) return undefined;
  const result = outcome(() => applyPatch(user, operations.value, USER_RESOURCE_TYPE));
  // All or nothing (RFC 7644 §3.5.2), and the caller's resource is never touched either way.
  same(isDeepStrictEqual(user, before), true, 'applyPatch left its input unchanged');
  if (!result.ok) return undefined;
  const patched = result.value;
  // A result is in canonical form: validating it again changes nothing.
  const again = outcome(() => parseOrThrow(USER_SCHEMA, patched, 'The patched User'));
  if (!again.ok) throw new Error(`A patched User fails validation: ${again.error.detail}`);
  same(isDeepStrictEqual(again.value, patched), true, 'a patched User validates unchanged');
  same(hasOrdinaryPrototypes(patched), true, 'plain objects only');
  same(onlyWritableKeys(patched), true, `only writable, canonical keys: ${JSON.stringify(patched)}`);
  same(sharesObject(patched, user), false, 'the result shares no object with the input');
  return patched;
}

describe(`PATCH application, generated cases (${SEED_LABEL})`, () => {
  it('any PatchOp on a valid User gives a valid User or a 4xx, and never touches its input', () => {
    assertProperty(
      fc.property(storedUser, patchBody, (user, body) => {
        patchChecked(user, body);
      }),
    );
  });

  it('any PatchOp on a Group gives a valid Group or a 4xx; member changes go to the hook, in order', () => {
    assertProperty(
      fc.property(storedGroup, groupPatchBody, (group, body) => {
        deepFreeze(group);
        const before = structuredClone(group);
        const operations = outcome(() => parsePatchRequest(body), ['invalidSyntax']);
        if (!operations.ok) return;
        const changes: ComputedAttributeChange[] = [];
        const result = outcome(() =>
          applyPatch(group, operations.value, GROUP_RESOURCE_TYPE, {
            onComputedAttribute: (change) => changes.push(change),
          }),
        );
        same(isDeepStrictEqual(group, before), true, 'applyPatch left its input unchanged');
        if (!result.ok) return;
        const again = outcome(() => parseOrThrow(GROUP_SCHEMA, result.value, 'The patched Group'));
        same(
          again.ok && isDeepStrictEqual(again.value, result.value),
          true,
          'a patched Group validates unchanged',
        );
        same(result.value.members, undefined, 'members are not stored on the Group');
        same(hasOrdinaryPrototypes(result.value), true, 'plain objects only');
        const memberOps = operations.value.filter(
          (o) => o.path !== undefined && /^\s*members\b/i.test(o.path),
        );
        same(changes.length >= memberOps.length, true, 'every members operation reaches the hook');
        for (const change of changes) {
          same(change.path.attribute.name, 'members', 'only members go to the hook');
          same(['add', 'remove', 'replace'].includes(change.op), true, `op ${change.op}`);
        }
      }),
      SECONDARY_RUNS,
    );
  });

  it('a PatchOp of up to 1 MB that grows a multi-valued attribute past 100 values is refused, all or nothing', () => {
    // The sizes are generated, the body is built from them: a counterexample shows the sizes.
    const shape = fc.record({
      form: fc.constantFrom('operations', 'pathless', 'filtered'),
      attribute: fc.constantFrom('emails', 'phoneNumbers', 'roles'),
      count: fc.integer({ min: 100, max: 280 }),
    });
    assertProperty(
      fc.property(storedUser, shape, (user, { form, attribute, count }) => {
        const body = growingBody(form, attribute, count);
        same(JSON.stringify(body).length <= MAX_BODY_BYTES, true, 'within the HTTP body limit');
        // Every form adds at least 100 new values; the limit is checked after each operation, so the
        // refusal comes before the work grows with the square of the request (a 1 MB body once took 124 s).
        same(patchChecked(user, body), undefined, 'a PatchOp past 100 values is refused');
      }),
      Math.min(RUNS, 20),
    );
  });

  it('a path-less add or replace means what the same operation with each key as its path means', () => {
    const single = fc
      .tuple(userPatchPath, choicePicks)
      .chain(([path, picks]) =>
        fc.tuple(fc.constant(printPatchPath(path, new Choices(picks))), clientValue(valueTarget(path))),
      );
    assertProperty(
      fc.property(storedUser, fc.constantFrom('add', 'replace'), single, (user, op, [path, value]) => {
        deepFreeze(user);
        const withPath = outcome(() => applyPatch(user, [{ op, path, value }], USER_RESOURCE_TYPE));
        const pathless = outcome(() =>
          applyPatch(user, [{ op, value: objectFrom([[path, value]]) }], USER_RESOURCE_TYPE),
        );
        if (!withPath.ok) return;
        same(
          pathless.ok,
          true,
          `path-less ${op} of ${path} refused: ${pathless.ok ? '' : pathless.error.detail}`,
        );
        if (pathless.ok) same(isDeepStrictEqual(pathless.value, withPath.value), true, `${op} ${path}`);
      }),
      SECONDARY_RUNS,
    );
  });

  it('applying a successful operation again changes nothing (a retried PATCH is harmless)', () => {
    assertProperty(
      fc.property(storedUser, fc.oneof(operation.filter(isRetriable), entraFilteredAdd), (user, op) => {
        const once = patchChecked(user, { schemas: [PATCH_OP_SCHEMA], Operations: [op] });
        if (once === undefined) return;
        const operations = parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: [op] });
        const twice = outcome(() => applyPatch(deepFreeze(once), operations, USER_RESOURCE_TYPE));
        if (!twice.ok) throw new Error(`again: ${JSON.stringify(op)} refused: ${twice.error.detail}`);
        same(isDeepStrictEqual(twice.value, once), true, `again: ${JSON.stringify(op)}`);
      }),
      SECONDARY_RUNS,
    );
  });

  it('the values a PATCH filter does not select are left as they were (but for primary)', () => {
    const filtered = fc
      .tuple(
        userPatchPath.filter((p) => p.filter !== undefined),
        choicePicks,
      )
      .chain(([path, picks]) =>
        fc.tuple(
          fc.constant(path),
          fc.constant(printPatchPath(path, new Choices(picks))),
          fc.option(clientValue(valueTarget(path)), { freq: 4 }),
        ),
      );
    assertProperty(
      fc.property(storedUser, opName, filtered, (user, op, [path, text, value]) => {
        const patched = patchChecked(user, {
          schemas: [PATCH_OP_SCHEMA],
          Operations: [{ op, path: text, ...(value === null ? {} : { value }) }],
        });
        if (patched === undefined || path.filter === undefined) return;
        const name = path.spec.attribute.name;
        const filter = parseFilter(`${name}[${canonicalFilter(path.filter, true)}]`, USER_RESOURCE_TYPE);
        const before = (user[name] ?? []) as Record<string, unknown>[];
        const after = (patched[name] ?? []) as Record<string, unknown>[];
        const withoutPrimary = ({ primary: _, ...rest }: Record<string, unknown>) => rest;
        const selected = before.filter((element) => evaluateFilter(filter, { [name]: [element] }));
        if (selected.length === 0 && typeof op === 'string' && op.toLowerCase() === 'add') {
          // An add that selects nothing creates a value, merged into one the attribute already has
          // (RFC 7644 §3.5.2.1): no value is lost, but one may gain sub-attributes.
          same(after.length >= before.length, true, `no value lost by ${op} ${text}`);
          return;
        }
        for (const element of before) {
          if (selected.includes(element)) continue;
          const kept = after.some((e) => isDeepStrictEqual(withoutPrimary(e), withoutPrimary(element)));
          same(kept, true, `${JSON.stringify(element)} kept by ${op} ${text}: ${JSON.stringify(after)}`);
        }
      }),
      SECONDARY_RUNS,
    );
  });

  it('replacing one attribute (by path, path-less, or through its extension) reads back as replaced', () => {
    assertProperty(
      fc.property(storedUser, replaceTarget.chain(replaceOperations), (user, { target, body, expected }) => {
        const patched = patchChecked(user, body);
        if (patched === undefined) return;
        const actual = readBack(patched, target);
        const wanted = expected(user);
        same(
          isDeepStrictEqual(actual, wanted),
          true,
          `${canonicalPath(target)}: ${JSON.stringify(actual)} is not ${JSON.stringify(wanted)}`,
        );
        // Everything else is as it was.
        same(
          isDeepStrictEqual(without(patched, target), without(user, target)),
          true,
          'other attributes unchanged',
        );
      }),
    );
  });
});

/**
 * Attributes whose replaced value can be read back: scalars, sub-attributes of single-valued complex
 * attributes, multi-valued attributes, and the manager.
 */
const REPLACEABLE = USER_PATHS.filter((p) => {
  const target = p.sub ?? p.attribute;
  if (p.attribute.mutability !== 'readWrite' || target.mutability !== 'readWrite') return false;
  if (p.sub !== undefined) return !p.attribute.multiValued;
  return p.attribute.type !== 'complex' || p.attribute.multiValued || p.attribute.name === 'manager';
});

const replaceTarget = fc.constantFrom(...REPLACEABLE);

interface ReplaceCase {
  readonly target: PathSpec;
  readonly body: unknown;
  /** The value expected at the target, given the resource patched. */
  readonly expected: (user: ScimResource) => unknown;
}

/**
 * 1–3 replace operations on `target`, each spelled one of the ways clients write it; perhaps then a remove.
 * The last one wins.
 */
const REPLACE_CASES = new Map<PathSpec, fc.Arbitrary<ReplaceCase>>();
function replaceOperations(target: PathSpec): fc.Arbitrary<ReplaceCase> {
  const cached = REPLACE_CASES.get(target) ?? buildReplaceOperations(target);
  REPLACE_CASES.set(target, cached);
  return cached;
}

function buildReplaceOperations(target: PathSpec): fc.Arbitrary<ReplaceCase> {
  const definition = target.sub ?? target.attribute;
  const spelled = fc
    .tuple(choicePicks, clientValue(definition), fc.nat(4), keyCase('replace'))
    .map(([picks, value, form, op]) => {
      const path = printPatchPath({ spec: target }, new Choices(picks));
      if (form === 0 || form === 1) return { value, operation: { op, path, value } };
      if (form === 2) return { value, operation: { op, value: objectFrom([[path, value]]) } };
      if (!target.inExtension || target.sub !== undefined) return { value, operation: { op, path, value } };
      // Through the extension itself: `{"path": "urn:…:User", "value": {"department": …}}`, or path-less.
      const inner = objectFrom([[target.attribute.name, value]]);
      return form === 3
        ? { value, operation: { op, path: ENTERPRISE.toUpperCase(), value: inner } }
        : { value, operation: { op, value: objectFrom([[ENTERPRISE, inner]]) } };
    });
  return fc
    .tuple(fc.array(spelled, { minLength: 1, maxLength: 3 }), fc.nat(3))
    .map(([replaces, removeLast]): ReplaceCase => {
      const removes = removeLast === 0 && !definition.required;
      const operations = [
        ...replaces.map((r) => r.operation),
        ...(removes ? [{ op: 'remove', path: canonicalPath(target) }] : []),
      ];
      return {
        target,
        body: { schemas: [PATCH_OP_SCHEMA], Operations: operations },
        expected: (user) =>
          removes
            ? undefined
            : replaces.reduce((state, r) => replacedValue(target, state, r.value), readBack(user, target)),
      };
    });
}

/**
 * What replacing `target` (holding `state`) with `value` leaves there: the value as the schema coerces it
 * (`"True"` is true, a bare manager id is `{"value": id}`, an empty array is no value). A complex replace
 * merges sub-attributes (RFC 7644 §3.5.2.3), null or a `value` of "" unassigning (RFC 7643 §2.5).
 */
function replacedValue(target: PathSpec, state: unknown, value: unknown): unknown {
  const definition = target.sub ?? target.attribute;
  const coerced = parseOrThrow(attributeValueSchema(definition), value, 'The value');
  if (Array.isArray(coerced)) return coerced.length === 0 ? undefined : coerced;
  // A manager whose value is "" is no manager.
  if (target.sub?.name === 'value' && coerced === '') return undefined;
  if (target.sub !== undefined || target.attribute.type !== 'complex') return coerced;
  const named = isPlainObject(value) ? value : { value };
  const unassigned = Object.keys(named).flatMap((key) => {
    const sub = target.attribute.subAttributes?.find((s) => s.name.toLowerCase() === key.toLowerCase());
    return sub !== undefined && (named[key] === null || (sub.name === 'value' && named[key] === ''))
      ? [sub.name]
      : [];
  });
  if (unassigned.includes('value')) return undefined;
  const merged: Record<string, unknown> = { ...(isPlainObject(state) ? state : {}), ...(coerced as object) };
  for (const name of unassigned) delete merged[name];
  return Object.keys(merged).length === 0 ? undefined : merged;
}

function containerOf(resource: ScimResource, target: PathSpec): Record<string, unknown> | undefined {
  const container = target.inExtension ? resource[target.schema] : resource;
  return isPlainObject(container) ? container : undefined;
}

function readBack(resource: ScimResource, target: PathSpec): unknown {
  const value = containerOf(resource, target)?.[target.attribute.name];
  if (target.sub === undefined) return value;
  return isPlainObject(value) ? value[target.sub.name] : undefined;
}

/** `resource` without the target (and without containers the removal left empty). */
function without(resource: ScimResource, target: PathSpec): ScimResource {
  const copy = structuredClone(resource);
  const container = containerOf(copy, target);
  if (container === undefined) return copy;
  // The `value` of a complex attribute is what it is: without one, the attribute is unassigned.
  if (target.sub === undefined || target.sub.name === 'value') delete container[target.attribute.name];
  else {
    const value = container[target.attribute.name];
    if (isPlainObject(value)) {
      delete value[target.sub.name];
      if (Object.keys(value).length === 0) delete container[target.attribute.name];
    }
  }
  if (target.inExtension && Object.keys(container).length === 0) delete copy[target.schema];
  return copy;
}

afterAll(() => {
  expectUnpollutedPrototype(prototypeBefore);
});
