import { evaluateFilter } from '../filter/evaluate-filter';
import type { Filter } from '../filter/filter-ast';
import type { AttributeDefinition } from '../schema/attribute-definition';
import type { AttributePath } from '../schema/attribute-path';
import { isPlainObject } from '../schema/resource-schema';
import { ScimError } from '../scim-error';
import { clearOtherPrimaries, coerce, isMeaningful, type Json, withoutKey } from './attribute-values';
import type { PatchOperation } from './patch-request';
import { sameValue } from './same-value';

/** The values of a filtered path's attribute, and which of them its value filter selects. */
interface Selection {
  readonly path: AttributePath;
  readonly filter: Filter;
  readonly values: Json[];
  readonly selected: boolean[];
}

/** An add's or replace's value, read as the path's sub-attribute, or as one value of the attribute. */
interface Incoming {
  readonly value: unknown;
  /** For `emails[…].value`: the sub-attribute's value, null to unassign it. */
  readonly element: unknown;
  /** For `emails[…]`: the value that replaces each selected one; undefined for null. */
  readonly replacement: Json | undefined;
}

/** `emails[type eq "work"]` and `emails[type eq "work"].value`. */
export function applyWithFilter(
  container: Json,
  op: PatchOperation['op'],
  path: AttributePath,
  filter: Filter,
  value: unknown,
  text: string,
): void {
  const { attribute, subAttribute } = path;
  const existing = container[attribute.name];
  const values = (Array.isArray(existing) ? existing : isPlainObject(existing) ? [existing] : []) as Json[];
  const selected = values.map((element) => evaluateFilter(filter, wrap(attribute, element, path)));
  const selection: Selection = { path, filter, values, selected };
  if (op === 'remove') {
    container[attribute.name] = removeSelected(selection);
    return;
  }
  const incoming: Incoming = {
    value,
    element: subAttribute === undefined ? undefined : value === null ? null : coerce(subAttribute, value),
    replacement:
      subAttribute === undefined && value !== null ? (coerceElement(attribute, value) as Json) : undefined,
  };
  container[attribute.name] = selected.some(Boolean)
    ? updateSelected(selection, incoming)
    : addUnselected(selection, op, incoming, text);
}

/** Nothing selected: the values are already absent, which is what was asked (retries stay harmless). */
function removeSelected({ path, values, selected }: Selection): Json[] {
  const { attribute, subAttribute } = path;
  if (subAttribute === undefined) return values.filter((_, i) => !selected[i]);
  // Only a selected value can be left with a label alone, and is then dropped; the others stay as they are.
  return values
    .map((e, i) => (selected[i] ? withoutKey(e, subAttribute.name) : e))
    .filter((e, i) => !selected[i] || isMeaningful(attribute, e));
}

/**
 * RFC 7644 §3.5.2.3: replace with a filter that selects nothing is noTarget. An add creates the value;
 * Entra sends `add` on `emails[type eq "work"].value` for a user without a work email.
 */
function addUnselected(
  { path, filter, values }: Selection,
  op: PatchOperation['op'],
  incoming: Incoming,
  text: string,
): Json[] {
  const { attribute, subAttribute } = path;
  const equalities = op === 'add' ? filterEqualities(filter) : undefined;
  if (equalities === undefined || incoming.value === null) {
    throw ScimError.badRequest('noTarget', `The filter in '${text}' matches no value`);
  }
  const created =
    subAttribute === undefined
      ? { ...equalities, ...incoming.replacement }
      : { ...equalities, [subAttribute.name]: incoming.element };
  // As with an add without a filter, a value the attribute already has is merged into it, not repeated:
  // the filter need not select the value it creates, and a retried add must not add it twice.
  const same = values.findIndex((e) => sameValue(attribute, e, created));
  const added: Json = same >= 0 ? { ...values[same], ...created } : created;
  const next = same >= 0 ? values.map((e, i) => (i === same ? added : e)) : [...values, added];
  return added.primary === true ? clearOtherPrimaries(next, (e) => e === added) : next;
}

function updateSelected({ path, filter, values, selected }: Selection, incoming: Incoming): Json[] {
  const { attribute, subAttribute } = path;
  const { element, replacement } = incoming;
  const updated = values.map((e, i) => {
    if (!selected[i]) return e;
    if (subAttribute === undefined)
      return incoming.value === null ? undefined : { ...filterEqualities(filter), ...replacement };
    return element === null ? withoutKey(e, subAttribute.name) : { ...e, [subAttribute.name]: element };
  });
  // Only a selected value whose sub-attribute was unassigned can be left with a label alone, and is then
  // dropped: an add or replace never removes a value, and the values the filter does not select stay as
  // they are.
  const unassigns = subAttribute !== undefined && element === null;
  const kept = updated.filter(
    (e, i): e is Json => e !== undefined && !(unassigns && selected[i] && !isMeaningful(attribute, e)),
  );
  // The selected values by identity, not by index: `kept` may be shorter than `values`.
  const chosen = new Set(updated.filter((_, i) => selected[i]));
  const setsPrimary = subAttribute?.name === 'primary' ? element === true : replacement?.primary === true;
  return setsPrimary ? clearOtherPrimaries(kept, (e) => chosen.has(e)) : kept;
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
