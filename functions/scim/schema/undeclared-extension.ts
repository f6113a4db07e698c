import * as v from 'valibot';
import { isPlainObject as isObject } from './plain-object';
import { LIMITS } from './resource-limits';

type AnySchema = v.GenericSchema<unknown, unknown>;

/** Drops null (RFC 7643 §2.5: unassigned) and empty objects and arrays from an object's entries. */
function withoutUnassigned(value: Record<string, unknown>): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (entry === null || entry === undefined) continue;
    if (Array.isArray(entry) && entry.length === 0) continue;
    if (isObject(entry) && Object.keys(entry).length === 0) continue;
    output[key] = entry;
  }
  return output;
}

const scalar: AnySchema = v.union(
  [
    v.pipe(v.string(), v.maxLength(LIMITS.stringLength, `must be at most ${LIMITS.stringLength} characters`)),
    v.pipe(v.number(), v.finite()),
    v.boolean(),
  ],
  'must be a string, a number, a boolean, an object of those or an array of them',
);

/** A complex value: sub-attributes are simple (RFC 7643 §2.3.8: no complex sub-attributes). */
const complexValue: AnySchema = v.pipe(
  v.custom<Record<string, unknown>>(isObject, 'must be an object'),
  v.record(v.string(), v.nullable(scalar)),
  v.transform(withoutUnassigned),
);

const singleValue: AnySchema = v.union(
  [scalar, complexValue],
  'must be a string, a number, a boolean or an object of those',
);

const attributeValue: AnySchema = v.union(
  [
    scalar,
    complexValue,
    v.pipe(
      v.array(v.nullable(singleValue)),
      v.maxLength(LIMITS.multiValuedEntries, `must have at most ${LIMITS.multiValuedEntries} values`),
      v.transform((values: unknown[]) =>
        values.filter((x) => x !== null && !(isObject(x) && Object.keys(x).length === 0)),
      ),
    ),
  ],
  'must be a string, a number, a boolean, an object of those or an array of them',
);

/**
 * An extension this deployment does not declare (docs/schema-extensions.md): stored as sent, but only in
 * the shapes RFC 7643 §2.3 allows an attribute (simple, complex with simple sub-attributes, multi-valued),
 * each string within LIMITS, and the whole resource within LIMITS.resourceBytes. Names were checked
 * before (attribute-name.ts); types are not, as nothing declares them.
 */
export const UNDECLARED_EXTENSION: AnySchema = v.pipe(
  v.custom<Record<string, unknown>>(isObject, 'must be an object of attributes'),
  v.record(v.string(), v.nullable(attributeValue)),
  v.transform(withoutUnassigned),
);
