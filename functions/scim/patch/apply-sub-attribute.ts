import type { AttributeDefinition } from '../schema/attribute-definition';
import { isPlainObject } from '../schema/resource-schema';
import { coerce, isMeaningful, type Json, withoutKey } from './attribute-values';
import type { PatchOperation } from './patch-request';

/** `name.givenName`, or `emails.value` (every value of a multi-valued attribute). */
export function applySubAttribute(
  container: Json,
  op: PatchOperation['op'],
  attribute: AttributeDefinition,
  sub: AttributeDefinition,
  value: unknown,
): void {
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
