import { evaluateFilter } from '../filter/evaluate-filter';
import type { Filter } from '../filter/filter-ast';
import { filterExpressions } from '../filter/filter-expressions';
import { foldCase } from '../filter/fold-case';
import { type AttributeDefinition, findAttribute } from '../schema/attribute-definition';
import { type AttributePath, isExtensionUrn, resolveAttributePath } from '../schema/attribute-path';
import {
  attributeValueSchema,
  isPlainObject,
  LIMITS,
  parseOrThrow,
  resourceSchema,
  type ScimResource,
} from '../schema/resource-schema';
import { findExtension, type ResourceType } from '../schema/resource-type';
import { ScimError } from '../scim-error';
import { workMeter } from '../work-meter';
import { deepEqual } from './deep-equal';
import { parsePatchPath } from './parse-patch-path';
import type { PatchOperation } from './patch-request';

type Json = Record<string, unknown>;

/** A change to an attribute stored outside the resource's item (Group `members`), for the caller to apply. */
export interface ComputedAttributeChange {
  readonly op: PatchOperation['op'];
  readonly path: AttributePath;
  readonly valueFilter?: Filter;
  readonly value?: unknown;
}

/**
 * The value-filter work one PATCH may take: each filtered operation tests every value of its attribute
 * (at most 100) against its filter (at most 512 expressions), and a 1 MiB body holds 250 such operations,
 * which took 9 s. Identity providers send a few expressions per operation (`emails[type eq "work"]`), so
 * this bound, in value × expression tests, is far above any of their requests. RFC 7644 §3.12 `tooMany`.
 */
export const MAX_VALUE_FILTER_WORK = 100_000;

export interface ApplyPatchOptions {
  /** Receives, in order, every operation on a computed attribute; without it such operations are refused. */
  readonly onComputedAttribute?: (change: ComputedAttributeChange) => void;
}

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a resource in canonical form and returns the new resource.
 * All or nothing: the input is never modified, and the first failing operation throws a `ScimError`.
 * The result is validated like a PUT body (required attributes, `primary`, size limits).
 */
export function applyPatch(
  resource: ScimResource,
  operations: readonly PatchOperation[],
  resourceType: ResourceType,
  options: ApplyPatchOptions = {},
): ScimResource {
  const target = structuredClone(resource);
  const context: Context = { resourceType, options, filterWork: 0 };
  try {
    for (const operation of operations) applyOperation(target, operation, context);
  } finally {
    folded.clear();
  }
  return parseOrThrow(resourceSchema(resourceType), target, 'The patched resource');
}

interface Context {
  readonly resourceType: ResourceType;
  readonly options: ApplyPatchOptions;
  /** Value × expression tests of value filters so far (MAX_VALUE_FILTER_WORK). */
  filterWork: number;
}

function applyOperation(target: Json, operation: PatchOperation, context: Context): void {
  const { op, path, value } = operation;
  if (path !== undefined) {
    applyPath(target, op, path, value, context, false);
    return;
  }
  if (op === 'remove') throw ScimError.badRequest('noTarget', 'A remove operation needs a path');
  if (!isPlainObject(value)) {
    throw ScimError.badRequest('invalidValue', `An ${op} operation without a path needs an object value`);
  }
  // RFC 7644 §3.5.2.1/3: the value holds attributes of the resource. Entra also sends keys that are paths
  // (`name.givenName`, `urn:…:enterprise:2.0:User:department`, `emails[type eq "work"].value`).
  for (const key of Object.keys(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    applyPath(target, op, key, value[key], context, true);
  }
}

/**
 * `lenient` is set for keys of a path-less value, which is a resource representation: like a POST body,
 * it may carry unknown or read-only attributes, and those are ignored.
 */
function applyPath(
  target: Json,
  op: PatchOperation['op'],
  text: string,
  value: unknown,
  context: Context,
  lenient: boolean,
): void {
  const { resourceType } = context;
  if (isExtensionUrn(resourceType, text)) {
    applyToExtension(target, op, text, value, context);
    return;
  }
  if (lenient && resolveAttributePath(resourceType, text.replace(/\[.*$/s, '')) === undefined) return;

  const { path, valueFilter } = parsePatchPath(text, resourceType);
  const { attribute, subAttribute } = path;
  const readOnly =
    attribute.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly' || attribute.name === 'id';
  if (resourceType.computedAttributes.includes(attribute.name) && !readOnly) {
    const hook = context.options.onComputedAttribute;
    if (hook === undefined)
      throw ScimError.badRequest('invalidPath', `'${attribute.name}' cannot be patched here`);
    hook({ op, path, ...(valueFilter ? { valueFilter } : {}), ...(value === undefined ? {} : { value }) });
    return;
  }
  if (readOnly) {
    if (lenient) return;
    throw ScimError.badRequest('mutability', `'${text}' is read-only`);
  }
  // writeOnly `password` is accepted and discarded: it is never stored (see the User schema).
  if (attribute.mutability === 'writeOnly' || subAttribute?.mutability === 'writeOnly') return;
  if (op !== 'remove' && value === undefined) {
    throw ScimError.badRequest('invalidValue', `An ${op} operation on '${text}' needs a value`);
  }

  const container = containerOf(target, path, op !== 'remove');
  if (container === undefined) return;
  if (valueFilter !== undefined) {
    chargeFilterWork(context, container[attribute.name], valueFilter);
    applyWithFilter(container, op, path, valueFilter, value, text);
  } else if (subAttribute !== undefined) {
    applySubAttribute(container, op, attribute, subAttribute, value);
  } else {
    applyAttribute(container, op, attribute, value);
  }
  // The bound on values holds after every operation, not only for the result: else each operation compares
  // with every value the ones before it added, and a 1 MB request takes minutes (quadratic) to refuse.
  const values = container[attribute.name];
  if (attribute.multiValued && Array.isArray(values) && values.length > LIMITS.multiValuedEntries) {
    throw ScimError.badRequest(
      'invalidValue',
      `Attribute '${attribute.name}' must have at most ${LIMITS.multiValuedEntries} values`,
    );
  }
}

function chargeFilterWork(context: Context, values: unknown, filter: Filter): void {
  const count = Array.isArray(values) ? values.length : values === undefined ? 0 : 1;
  context.filterWork += count * filterExpressions(filter);
  if (context.filterWork > MAX_VALUE_FILTER_WORK) {
    throw ScimError.badRequest(
      'tooMany',
      `The value filters of this request need more than ${MAX_VALUE_FILTER_WORK} tests of a value; send fewer or simpler filters`,
    );
  }
}

/** `path` or a value key naming an extension itself: its value is an object of the extension's attributes. */
function applyToExtension(
  target: Json,
  op: PatchOperation['op'],
  urn: string,
  value: unknown,
  context: Context,
) {
  const schema = findExtension(context.resourceType, urn) as { id: string };
  if (op === 'remove' || value === null) {
    delete target[schema.id];
    return;
  }
  if (!isPlainObject(value)) {
    throw ScimError.badRequest('invalidValue', `The value for '${schema.id}' must be an object`);
  }
  for (const key of Object.keys(value))
    applyPath(target, op, `${schema.id}:${key}`, value[key], context, true);
}

function containerOf(target: Json, path: AttributePath, create: boolean): Json | undefined {
  if (!path.inExtension) return target;
  const existing = target[path.schema];
  if (isPlainObject(existing)) return existing;
  if (!create) return undefined;
  const created: Json = {};
  target[path.schema] = created;
  return created;
}

function coerce(attribute: AttributeDefinition, value: unknown): unknown {
  return parseOrThrow(attributeValueSchema(attribute), value, `The value of '${attribute.name}'`);
}

/** Whole-attribute targets: `active`, `name`, `emails`. */
function applyAttribute(
  container: Json,
  op: PatchOperation['op'],
  attribute: AttributeDefinition,
  value: unknown,
) {
  const existing = container[attribute.name];
  if (op === 'remove') {
    if (attribute.required) throw ScimError.badRequest('mutability', `'${attribute.name}' is required`);
    if (attribute.multiValued && value !== undefined && value !== null && Array.isArray(existing)) {
      // Remove only the listed values, as Entra's legacy dialect asks with `"value": [{"value": id}]`.
      const listed = coerce(attribute, value) as unknown[];
      container[attribute.name] = existing.filter((e) => !listed.some((l) => sameValue(attribute, e, l)));
      return;
    }
    delete container[attribute.name];
    return;
  }
  if (value === null) {
    // RFC 7643 §2.5: null means unassigned.
    if (op === 'replace') applyAttribute(container, 'remove', attribute, undefined);
    return;
  }
  const incoming = coerce(attribute, value);
  if (attribute.multiValued) {
    const values = incoming as Json[];
    if (op === 'replace') {
      container[attribute.name] = values;
      return;
    }
    // An add merges each value into the same value already there, also into one it added itself: adding to
    // an attribute without values gives what adding to one with values does (and a retry changes nothing).
    const merged = (Array.isArray(existing) ? [...existing] : []) as Json[];
    for (const added of values) {
      const same = merged.findIndex((e) => sameValue(attribute, e, added));
      if (same >= 0) merged[same] = { ...merged[same], ...added };
      else merged.push(added);
    }
    container[attribute.name] = values.some((a) => a.primary === true)
      ? clearOtherPrimaries(merged, (e) => values.some((a) => sameValue(attribute, e, a)))
      : merged;
    return;
  }
  if (attribute.type === 'complex') {
    const unassigned = unassignedSubAttributes(attribute, value);
    // An empty `value` is no value at all: Entra removes a manager with a replace to "" (RFC 7643 §2.5).
    if (unassigned.includes('value')) {
      if (op === 'replace') delete container[attribute.name];
      return;
    }
    // RFC 7644 §3.5.2.1/3: sub-attributes not named in the value are left unchanged; those given null
    // become unassigned.
    const merged: Json = { ...(isPlainObject(existing) ? existing : {}), ...(incoming as Json) };
    for (const name of unassigned) delete merged[name];
    container[attribute.name] = merged;
    return;
  }
  container[attribute.name] = incoming;
}

/** The sub-attributes a complex value unassigns: those given null, and `value` given "" (bare or not). */
function unassignedSubAttributes(attribute: AttributeDefinition, value: unknown): string[] {
  const named: Json = isPlainObject(value) ? value : { value };
  const unassigned: string[] = [];
  for (const key of Object.keys(named)) {
    const sub = findAttribute(attribute.subAttributes ?? [], key);
    if (sub !== undefined && (named[key] === null || (sub.name === 'value' && named[key] === ''))) {
      unassigned.push(sub.name);
    }
  }
  return unassigned;
}

/** `name.givenName`, or `emails.value` (every value of a multi-valued attribute). */
function applySubAttribute(
  container: Json,
  op: PatchOperation['op'],
  attribute: AttributeDefinition,
  sub: AttributeDefinition,
  value: unknown,
) {
  const existing = container[attribute.name];
  if (attribute.multiValued) {
    const values = Array.isArray(existing) ? (existing as Json[]) : [];
    if (op === 'remove' || value === null) {
      container[attribute.name] = values
        .map((e) => withoutKey(e, sub.name))
        .filter((e) => isMeaningful(attribute, e));
      return;
    }
    const incoming = coerce(sub, value);
    container[attribute.name] =
      values.length === 0 ? [{ [sub.name]: incoming }] : values.map((e) => ({ ...e, [sub.name]: incoming }));
    return;
  }
  const current = isPlainObject(existing) ? existing : {};
  if (op === 'remove' || value === null) {
    container[attribute.name] = withoutKey(current, sub.name);
    return;
  }
  container[attribute.name] = { ...current, [sub.name]: coerce(sub, value) };
}

/** `emails[type eq "work"]` and `emails[type eq "work"].value`. */
function applyWithFilter(
  container: Json,
  op: PatchOperation['op'],
  path: AttributePath,
  filter: Filter,
  value: unknown,
  text: string,
) {
  const { attribute, subAttribute } = path;
  const existing = container[attribute.name];
  const values = (Array.isArray(existing) ? existing : isPlainObject(existing) ? [existing] : []) as Json[];
  const matched = values.map((element) => evaluateFilter(filter, wrap(attribute, element, path)));
  const anyMatched = matched.some(Boolean);

  if (op === 'remove') {
    // Nothing matched: the values are already absent, which is what was asked (retries stay harmless).
    if (subAttribute === undefined) {
      container[attribute.name] = values.filter((_, i) => !matched[i]);
    } else {
      // Only a selected value can be left with a label alone, and is then dropped; the others stay as
      // they are.
      container[attribute.name] = values
        .map((e, i) => (matched[i] ? withoutKey(e, subAttribute.name) : e))
        .filter((e, i) => !matched[i] || isMeaningful(attribute, e));
    }
    return;
  }

  const element =
    subAttribute === undefined ? undefined : value === null ? null : coerce(subAttribute, value);
  const replacement =
    subAttribute === undefined && value !== null ? (coerceElement(attribute, value) as Json) : undefined;
  if (!anyMatched) {
    // RFC 7644 §3.5.2.3: replace with a filter that matches nothing is noTarget. An add creates the value;
    // Entra sends `add` on `emails[type eq "work"].value` for a user without a work email.
    const equalities = op === 'add' ? filterEqualities(filter) : undefined;
    if (equalities === undefined || value === null) {
      throw ScimError.badRequest('noTarget', `The filter in '${text}' matches no value`);
    }
    const created =
      subAttribute === undefined
        ? { ...equalities, ...replacement }
        : { ...equalities, [subAttribute.name]: element };
    // As with an add without a filter, a value the attribute already has is merged into it, not repeated:
    // the filter need not select the value it creates, and a retried add must not add it twice.
    const same = values.findIndex((e) => sameValue(attribute, e, created));
    const added: Json = same >= 0 ? { ...values[same], ...created } : created;
    const next = same >= 0 ? values.map((e, i) => (i === same ? added : e)) : [...values, added];
    container[attribute.name] = added.primary === true ? clearOtherPrimaries(next, (e) => e === added) : next;
    return;
  }
  const updated = values.map((e, i) => {
    if (!matched[i]) return e;
    if (subAttribute === undefined)
      return value === null ? undefined : { ...filterEqualities(filter), ...replacement };
    return element === null ? withoutKey(e, subAttribute.name) : { ...e, [subAttribute.name]: element };
  });
  // Only a selected value whose sub-attribute was unassigned can be left with a label alone, and is then
  // dropped: an add or replace never removes a value, and the values the filter does not select stay as
  // they are.
  const unassigns = subAttribute !== undefined && element === null;
  const kept = updated.filter(
    (e, i): e is Json => e !== undefined && !(unassigns && matched[i] && !isMeaningful(attribute, e)),
  );
  // The selected values by identity, not by index: `kept` may be shorter than `values`.
  const selected = new Set(updated.filter((_, i) => matched[i]));
  const setsPrimary = subAttribute?.name === 'primary' ? element === true : replacement?.primary === true;
  container[attribute.name] = setsPrimary ? clearOtherPrimaries(kept, (e) => selected.has(e)) : kept;
}

function coerceElement(attribute: AttributeDefinition, value: unknown): unknown {
  const values = coerce(attribute, value) as unknown[];
  if (values.length !== 1) {
    throw ScimError.badRequest(
      'invalidValue',
      `The value for a filtered '${attribute.name}' must be one value`,
    );
  }
  return values[0];
}

/** Evaluating a value filter needs the element where the filter expects a resource. */
function wrap(attribute: AttributeDefinition, element: Json, path: AttributePath): Json {
  const holder = { [attribute.name]: [element] };
  return path.inExtension ? { [path.schema]: holder } : holder;
}

/** `type eq "work" and primary eq true` → `{type: "work", primary: true}`; undefined for anything else. */
function filterEqualities(filter: Filter): Json | undefined {
  if (filter.kind === 'compare' && filter.operator === 'eq' && filter.path.subAttribute !== undefined) {
    // `eq null` asks for an unassigned sub-attribute (RFC 7643 §2.5): there is nothing to set.
    return filter.value === null ? {} : { [filter.path.subAttribute.name]: filter.value };
  }
  if (filter.kind === 'and') {
    const parts = filter.filters.map(filterEqualities);
    if (parts.some((p) => p === undefined)) return undefined;
    return Object.assign({}, ...parts);
  }
  return undefined;
}

/**
 * Two values of a multi-valued attribute are the same value when their `value` (and `type`) agree, compared
 * as those sub-attributes compare: `emails` "BJensen@example.com" is "bjensen@example.com" (RFC 7643 §2.3.1).
 */
function sameValue(attribute: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (!isPlainObject(a) || !isPlainObject(b)) return deepEqual(a, b);
  const value = attribute.subAttributes?.find((s) => s.name === 'value');
  if (value === undefined || a.value === undefined) return deepEqual(a, b);
  const type = attribute.subAttributes?.find((s) => s.name === 'type');
  return (
    sameText(value, a.value, b.value) &&
    (a.type === undefined || b.type === undefined || sameText(type, a.type, b.type))
  );
}

function sameText(sub: AttributeDefinition | undefined, a: unknown, b: unknown): boolean {
  workMeter.count();
  if (sub?.caseExact === false && typeof a === 'string' && typeof b === 'string') {
    return foldedText(a) === foldedText(b);
  }
  return a === b;
}

/**
 * Folded strings of the PATCH being applied: an add compares each value it adds with each value there (up
 * to 100 × 100), and folding a 2,048-character value for every comparison cost 100 times the input.
 * Cleared when applyPatch returns.
 */
const folded = new Map<string, string>();

function foldedText(text: string): string {
  let result = folded.get(text);
  if (result === undefined) {
    result = foldCase(text);
    folded.set(text, result);
  }
  return result;
}

/** RFC 7644 §3.5.2: setting `primary` true on a value sets it false on every other. */
function clearOtherPrimaries(values: Json[], isChanged: (value: Json, index: number) => boolean): Json[] {
  return values.map((e, i) => (isChanged(e, i) || e.primary !== true ? e : { ...e, primary: false }));
}

function withoutKey(value: Json, key: string): Json {
  const { [key]: _removed, ...rest } = value;
  return rest;
}

/** A value left with only a label (`type`, `primary`, `display`) after its data was removed is dropped. */
function isMeaningful(attribute: AttributeDefinition, value: Json): boolean {
  const labels = new Set(['type', 'primary', 'display']);
  const hasValue = attribute.subAttributes?.some((s) => s.name === 'value') ?? false;
  if (hasValue) return value.value !== undefined;
  return Object.keys(value).some((k) => !labels.has(k));
}
