import { afterLastColon, isAttributeName, isUrn } from '../schema/attribute-name';
import { namesExtension } from '../schema/canonical-attribute-keys';
import { isPlainObject, LIMITS } from '../schema/resource-schema';
import type { ResourceType } from '../schema/resource-type';
import { ScimError } from '../scim-error';
import type { Json } from './attribute-values';
import { deepEqual } from './deep-equal';
import type { PatchOperation } from './patch-request';

/** What a path under an undeclared URN names: the extension itself, or one of its attributes (and a sub-attribute). */
interface UndeclaredTarget {
  readonly urn: string;
  readonly name?: string;
  readonly subName?: string;
}

/**
 * A PATCH on an extension this deployment does not declare (docs/schema-extensions.md). Without a schema
 * there are no types to check: values are kept as sent (the patched resource is then validated for their
 * shapes and sizes), a multi-valued attribute is one whose value is an array, and value filters are refused.
 */
export function applyUndeclared(
  target: Json,
  op: PatchOperation['op'],
  text: string,
  value: unknown,
  resourceType: ResourceType,
): void {
  const { urn, name, subName } = undeclaredTarget(target, text, resourceType);
  if (op !== 'remove' && value === undefined) {
    throw ScimError.badRequest('invalidValue', `An ${op} operation on '${text}' needs a value`);
  }
  if (name === undefined) {
    applyToWhole(target, op, urn, value);
    return;
  }
  const extension = op === 'remove' ? target[urn] : extensionOf(target, urn);
  if (!isPlainObject(extension)) return;
  if (subName === undefined) setAttribute(extension, op, name, value);
  else {
    const parent = extension[name];
    if (isPlainObject(parent)) setAttribute(parent, op, subName, value);
    else if (op !== 'remove') setAttribute(extension, op, name, { [subName]: value });
  }
  if (Object.keys(extension).length === 0) delete target[urn];
}

function applyToWhole(target: Json, op: PatchOperation['op'], urn: string, value: unknown): void {
  if (op === 'remove' || value === null) {
    delete target[urn];
    return;
  }
  if (!isPlainObject(value)) {
    throw ScimError.badRequest('invalidValue', `The value for '${urn}' must be an object of its attributes`);
  }
  const extension = extensionOf(target, urn);
  for (const [name, attributeValue] of Object.entries(value))
    setAttribute(extension, op, name, attributeValue);
}

/**
 * RFC 7644 §3.5.2.1/3 without a schema: add appends to an array (skipping values already there) and sets
 * anything else; replace sets; null unassigns (RFC 7643 §2.5); remove with a value removes those values.
 */
function setAttribute(container: Json, op: PatchOperation['op'], name: string, value: unknown): void {
  if (!isAttributeName(name)) return;
  const existing = container[name];
  if (op === 'remove' || value === null) {
    const listed = value === undefined || value === null ? undefined : [value].flat();
    if (listed !== undefined && Array.isArray(existing)) {
      container[name] = existing.filter((e) => !listed.some((l) => deepEqual(e, l)));
    } else delete container[name];
    return;
  }
  const incoming = structuredClone(value);
  if (op === 'add' && Array.isArray(existing)) {
    const merged = [...existing];
    for (const added of [incoming].flat()) if (!merged.some((e) => deepEqual(e, added))) merged.push(added);
    container[name] = merged;
  } else container[name] = incoming;
  const values = container[name];
  if (Array.isArray(values) && values.length > LIMITS.multiValuedEntries) {
    throw ScimError.badRequest(
      'invalidValue',
      `Attribute '${name}' must have at most ${LIMITS.multiValuedEntries} values`,
    );
  }
}

/** The extension's object in `target`, made if absent. */
function extensionOf(target: Json, urn: string): Json {
  const existing = target[urn];
  if (isPlainObject(existing)) return existing;
  const created: Json = {};
  target[urn] = created;
  return created;
}

/**
 * Splits `text` into the URN and the attribute path after its last colon (RFC 7644 §3.10). The text is the
 * extension itself when the resource already has it, or when it ends with the resource type's name (the
 * convention of RFC 7643 §8.7's URNs, `…:2.0:User`). The URN takes the spelling already stored.
 */
function undeclaredTarget(target: Json, text: string, resourceType: ResourceType): UndeclaredTarget {
  if (text.includes('[')) {
    throw ScimError.badRequest(
      'invalidPath',
      `'${text}' filters the values of an undeclared extension; only declared attributes can be filtered`,
    );
  }
  const spelling = (urn: string) => Object.keys(target).find((k) => k.toLowerCase() === urn.toLowerCase());
  const whole = spelling(text);
  if (whole !== undefined || namesExtension(resourceType, text)) {
    if (!isUrn(text)) throw invalidPath(text);
    return { urn: whole ?? text };
  }
  const urn = text.slice(0, text.lastIndexOf(':'));
  const [name, subName, ...more] = afterLastColon(text).split('.');
  const names = subName === undefined ? [name] : [name, subName];
  if (!isUrn(urn) || more.length > 0 || !names.every((n) => n !== undefined && isAttributeName(n))) {
    throw invalidPath(text);
  }
  return {
    urn: spelling(urn) ?? urn,
    name,
    ...(subName === undefined ? {} : { subName }),
  } as UndeclaredTarget;
}

function invalidPath(text: string): ScimError {
  return ScimError.badRequest('invalidPath', `'${text.slice(0, 200)}' is not a valid attribute path`);
}
