import type { AttributeDefinition } from '../schema/attribute-definition';
import { attributeValueSchema, parseOrThrow } from '../schema/resource-schema';

/** A resource, an extension's attributes, or one value of a complex attribute, as a PATCH edits them. */
export type Json = Record<string, unknown>;

/** A PATCH value as the attribute's schema reads it (a 400 `invalidValue` if it cannot). */
export function coerce(attribute: AttributeDefinition, value: unknown): unknown {
  return parseOrThrow(attributeValueSchema(attribute), value, `The value of '${attribute.name}'`);
}

/** RFC 7644 §3.5.2: setting `primary` true on a value sets it false on every other. */
export function clearOtherPrimaries(
  values: Json[],
  isChanged: (value: Json, index: number) => boolean,
): Json[] {
  return values.map((e, i) => (isChanged(e, i) || e.primary !== true ? e : { ...e, primary: false }));
}

export function withoutKey(value: Json, key: string): Json {
  const { [key]: _removed, ...rest } = value;
  return rest;
}

/** A value left with only a label (`type`, `primary`, `display`) after its data was removed is dropped. */
export function isMeaningful(attribute: AttributeDefinition, value: Json): boolean {
  const labels = new Set(['type', 'primary', 'display']);
  const hasValue = attribute.subAttributes?.some((s) => s.name === 'value') ?? false;
  if (hasValue) return value.value !== undefined;
  return Object.keys(value).some((k) => !labels.has(k));
}
