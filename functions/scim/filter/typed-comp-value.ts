import type { AttributePath } from '../schema/attribute-path';
import { comparedAttribute } from './compared-attribute';
import type { CompareOperator, CompValue } from './filter-ast';
import { parseDateTime } from './parse-date-time';

/**
 * A comparison's value with the attribute's type, or `fail` for comparisons RFC 7644 §3.4.2.2 rules out.
 * `token` is the value as written, so that a bare number compared with a string keeps its spelling (`1.50`,
 * not `1.5`).
 */
export function typedCompValue(
  path: AttributePath,
  operator: CompareOperator,
  value: CompValue,
  token: string,
  fail: (problem: string) => never,
): CompValue {
  const attribute = comparedAttribute(path);
  const name = path.subAttribute?.name ?? path.attribute.name;
  if (attribute === undefined) fail(`compares '${name}', which is complex`);
  const ordering = operator === 'gt' || operator === 'ge' || operator === 'lt' || operator === 'le';
  const substring = operator === 'co' || operator === 'sw' || operator === 'ew';
  if (value === null) {
    if (operator !== 'eq' && operator !== 'ne') fail(`compares '${name}' with null using '${operator}'`);
    return null;
  }
  switch (attribute.type) {
    case 'boolean': {
      if (ordering || substring) fail(`uses '${operator}' on the boolean '${name}'`);
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      return fail(`compares the boolean '${name}' with a non-boolean`);
    }
    case 'integer':
    case 'decimal':
      if (substring) fail(`uses '${operator}' on the number '${name}'`);
      if (typeof value !== 'number') fail(`compares the number '${name}' with a non-number`);
      return value;
    case 'binary':
      if (ordering || substring) fail(`uses '${operator}' on the binary '${name}'`);
      if (typeof value !== 'string') fail(`compares the binary '${name}' with a non-string`);
      return value;
    case 'dateTime':
      if (typeof value !== 'string') fail(`compares the dateTime '${name}' with a non-string`);
      if (!substring && parseDateTime(value) === undefined) {
        fail(`compares the dateTime '${name}' with '${value}', which is not a dateTime`);
      }
      return value;
    default:
      if (typeof value === 'boolean') fail(`compares the string '${name}' with a boolean`);
      return typeof value === 'number' ? token : value;
  }
}
