import { type AttributeDefinition, findAttribute } from '../schema/attribute-definition';
import { isPlainObject } from '../schema/resource-schema';
import { ScimError } from '../scim-error';
import { clearOtherPrimaries, coerce, type Json } from './attribute-values';
import type { PatchOperation } from './patch-request';
import { sameValue } from './same-value';

/** Whole-attribute targets: `active`, `name`, `emails`. */
export function applyAttribute(
  container: Json,
  op: PatchOperation['op'],
  attribute: AttributeDefinition,
  value: unknown,
): void {
  if (op === 'remove') {
    removeAttribute(container, attribute, value);
    return;
  }
  if (value === null) {
    // RFC 7643 §2.5: null means unassigned.
    if (op === 'replace') removeAttribute(container, attribute, undefined);
    return;
  }
  const existing = container[attribute.name];
  const incoming = coerce(attribute, value);
  if (attribute.multiValued) {
    const values = incoming as Json[];
    container[attribute.name] = op === 'replace' ? values : addValues(attribute, existing, values);
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

function removeAttribute(container: Json, attribute: AttributeDefinition, value: unknown): void {
  if (attribute.required) throw ScimError.badRequest('mutability', `'${attribute.name}' is required`);
  const existing = container[attribute.name];
  if (attribute.multiValued && value !== undefined && value !== null && Array.isArray(existing)) {
    // Remove only the listed values, as Entra's legacy dialect asks with `"value": [{"value": id}]`.
    const listed = coerce(attribute, value) as unknown[];
    container[attribute.name] = existing.filter((e) => !listed.some((l) => sameValue(attribute, e, l)));
    return;
  }
  delete container[attribute.name];
}

/**
 * An add merges each value into the same value already there, also into one it added itself: adding to
 * an attribute without values gives what adding to one with values does (and a retry changes nothing).
 */
function addValues(attribute: AttributeDefinition, existing: unknown, values: Json[]): Json[] {
  const merged = (Array.isArray(existing) ? [...existing] : []) as Json[];
  for (const added of values) {
    const same = merged.findIndex((e) => sameValue(attribute, e, added));
    if (same >= 0) merged[same] = { ...merged[same], ...added };
    else merged.push(added);
  }
  return values.some((a) => a.primary === true)
    ? clearOtherPrimaries(merged, (e) => values.some((a) => sameValue(attribute, e, a)))
    : merged;
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
