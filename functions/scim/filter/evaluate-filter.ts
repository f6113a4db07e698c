import type { AttributeDefinition } from '../schema/attribute-definition';
import type { AttributePath } from '../schema/attribute-path';
import { isPlainObject } from '../schema/resource-schema';
import { workMeter } from '../work-meter';
import { comparedAttribute } from './compared-attribute';
import type { CompareOperator, CompValue, Filter } from './filter-ast';
import { foldCase } from './fold-case';
import { parseDateTime } from './parse-date-time';

type Json = Record<string, unknown>;

/** Whether `resource` (a SCIM resource in canonical form, `id` and `meta` included) matches `filter`. */
export function evaluateFilter(filter: Filter, resource: Json): boolean {
  return evaluate(filter, resource, false, new Folded());
}

/**
 * The folded values of one evaluation: a filter of many expressions on one attribute (`emails[value eq
 * "a" or value eq "b" …]`) compares each value with every expression, and folds it once.
 */
class Folded extends Map<string, string> {
  of(text: string): string {
    let result = this.get(text);
    if (result === undefined) {
      result = foldCase(text);
      this.set(text, result);
    }
    return result;
  }
}

/**
 * `element` is the resource, or inside a value path one value of the multi-valued attribute; then
 * paths name its sub-attributes.
 */
function evaluate(filter: Filter, element: Json, inValuePath: boolean, folded: Folded): boolean {
  switch (filter.kind) {
    case 'and':
      return filter.filters.every((f) => evaluate(f, element, inValuePath, folded));
    case 'or':
      return filter.filters.some((f) => evaluate(f, element, inValuePath, folded));
    case 'not':
      return !evaluate(filter.filter, element, inValuePath, folded);
    case 'present':
      return valuesAt(element, filter.path, inValuePath).some(isPresent);
    case 'compare': {
      const attribute = comparedAttribute(filter.path) as AttributeDefinition;
      const values = valuesAt(element, filter.path, inValuePath).filter((x) => x !== null && x !== undefined);
      // RFC 7643 §2.5: null is unassigned, so `eq null` matches no value and `ne null` any value.
      if (filter.value === null) return filter.operator === 'eq' ? values.length === 0 : values.length > 0;
      const expected = comparedValue(filter, attribute);
      if (filter.operator === 'ne') return !values.some((x) => compare('eq', attribute, x, expected, folded));
      return values.some((x) => compare(filter.operator, attribute, x, expected, folded));
    }
    case 'valuePath': {
      const container = filter.path.inExtension ? element[filter.path.schema] : element;
      const raw = isPlainObject(container) ? container[filter.path.attribute.name] : undefined;
      const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
      return values.some((value) => isPlainObject(value) && evaluate(filter.filter, value, true, folded));
    }
  }
}

/** The values a path reaches, flattened across multi-valued attributes (RFC 7644 §3.4.2.2: any value may match). */
export function valuesAt(element: Json, path: AttributePath, inValuePath: boolean): unknown[] {
  if (inValuePath) return [element[(path.subAttribute as AttributeDefinition).name]];
  const container = path.inExtension ? element[path.schema] : element;
  if (!isPlainObject(container)) return [];
  const raw = container[path.attribute.name];
  if (raw === undefined || raw === null) return [];
  const values = Array.isArray(raw) ? raw : [raw];
  const sub = path.subAttribute ?? (path.attribute.type === 'complex' ? comparedAttribute(path) : undefined);
  if (sub === undefined || path.attribute.type !== 'complex') return values;
  return values.map((v) => (isPlainObject(v) ? v[sub.name] : undefined));
}

type Comparison = Extract<Filter, { kind: 'compare' }>;

/**
 * A filter's value as compared: folded once per filter, not once per value and resource (a list folds it
 * for every value of every resource it reads, and a filter value may be 16 KB long).
 */
const foldedValues = new WeakMap<Comparison, CompValue>();

function comparedValue(filter: Comparison, attribute: AttributeDefinition): CompValue {
  if (attribute.caseExact || typeof filter.value !== 'string' || !isFolded(attribute)) return filter.value;
  let folded = foldedValues.get(filter);
  if (folded === undefined) {
    folded = foldCase(filter.value);
    foldedValues.set(filter, folded);
  }
  return folded;
}

/** The types `compare` compares as text (its default branch), folded unless caseExact. */
function isFolded(attribute: AttributeDefinition): boolean {
  return !['boolean', 'integer', 'decimal', 'dateTime'].includes(attribute.type);
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.values(value).some(isPresent);
  return true;
}

function compare(
  operator: CompareOperator,
  attribute: AttributeDefinition,
  actual: unknown,
  expected: CompValue,
  folded: Folded,
): boolean {
  workMeter.count();
  switch (attribute.type) {
    case 'boolean':
      return operator === 'eq' && actual === expected;
    case 'integer':
    case 'decimal':
      return typeof actual === 'number' && typeof expected === 'number' && order(operator, actual, expected);
    case 'dateTime': {
      if (typeof actual !== 'string' || typeof expected !== 'string') return false;
      if (operator === 'co' || operator === 'sw' || operator === 'ew')
        return substring(operator, actual, expected);
      const a = parseDateTime(actual);
      const e = parseDateTime(expected);
      return a !== undefined && e !== undefined && order(operator, a, e);
    }
    default: {
      if (typeof actual !== 'string' || typeof expected !== 'string') return false;
      // `expected` is already folded (comparedValue).
      const a = attribute.caseExact ? actual : folded.of(actual);
      if (operator === 'co' || operator === 'sw' || operator === 'ew')
        return substring(operator, a, expected);
      return order(operator, a, expected);
    }
  }
}

function substring(operator: 'co' | 'sw' | 'ew', actual: string, expected: string): boolean {
  if (operator === 'co') return actual.includes(expected);
  if (operator === 'sw') return actual.startsWith(expected);
  return actual.endsWith(expected);
}

function order<T extends number | bigint | string>(
  operator: CompareOperator,
  actual: T,
  expected: T,
): boolean {
  switch (operator) {
    case 'eq':
      return actual === expected;
    case 'gt':
      return actual > expected;
    case 'ge':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'le':
      return actual <= expected;
    default:
      return false;
  }
}
