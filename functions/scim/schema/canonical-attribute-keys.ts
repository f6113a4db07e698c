import { type AttributeDefinition, findAttribute } from './attribute-definition';
import { afterLastColon, isAttributeName } from './attribute-name';
import { splitSchemaUrn } from './attribute-path';
import { isPlainObject } from './plain-object';
import type { ResourceType } from './resource-type';

const isWritable = (a: AttributeDefinition) => a.mutability !== 'readOnly' && a.mutability !== 'writeOnly';

/**
 * Maps a client's keys onto canonical attribute names, case-insensitively (RFC 7643 §2.1), dropping nulls
 * (RFC 7643 §2.5: null is unassigned), unknown names and, when asked, attributes the client may not set.
 * Only names from the schema are ever written, so keys such as `__proto__` cannot reach an object's prototype.
 */
export function canonicalizeKeys(
  attributes: readonly AttributeDefinition[],
  dropReadOnly: boolean,
): (input: Record<string, unknown>) => Record<string, unknown> {
  const byLowerName = new Map(attributes.map((a) => [a.name.toLowerCase(), a]));
  return (input) => {
    const output: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      const definition = byLowerName.get(key.toLowerCase());
      if (definition === undefined) continue;
      if (dropReadOnly && !isWritable(definition)) continue;
      const value = input[key];
      if (value === null || value === undefined) continue;
      output[definition.name] = value;
    }
    return output;
  };
}

/**
 * A resource's top level: its attributes and declared extensions as `canonicalizeKeys` maps them, plus
 * the URN keys they do not cover (RFC 7644 §3.10):
 * - an attribute qualified by the core schema or a declared extension (`urn:…:enterprise:2.0:User:department`)
 *   goes where its unqualified form would;
 * - an object under another URN is an undeclared extension (RFC 7643 §3.3), kept under that URN as sent;
 * - anything else under another URN is an attribute qualified by it: `urn:…:CustomExt:2.0:User:costCode`
 *   is `costCode` of `urn:…:CustomExt:2.0:User` (the attribute name follows the last colon), unless the
 *   URN ends with the resource type's name (`…:2.0:User`): that is an extension whose value is no object,
 *   kept so that the schema refuses it.
 * Undeclared URNs are matched case-insensitively: the first spelling is kept.
 */
export function canonicalizeTopLevel(
  resourceType: ResourceType,
  topLevel: readonly AttributeDefinition[],
): (input: Record<string, unknown>) => Record<string, unknown> {
  const known = canonicalizeKeys(topLevel, true);
  const coreId = resourceType.schema.id.toLowerCase();
  return (input) => {
    const output = known(input);
    const spellings = new Map(Object.keys(output).map((k) => [k.toLowerCase(), k]));
    const owned = new Set<string>();
    const merge = (urn: string, entries: Record<string, unknown>) =>
      mergeInto(output, { spellings, owned }, urn, entries);
    for (const key of Object.keys(input)) {
      const value = input[key];
      if (!/^urn:/i.test(key) || value === null || value === undefined) continue;
      if (key.toLowerCase() === coreId || findAttribute(topLevel, key) !== undefined) continue;
      const split = splitSchemaUrn(resourceType, key);
      if (split?.inExtension) merge(split.schema, { [split.rest]: value });
      else if (split !== undefined) placeInCore(output, topLevel, split.rest, value);
      else if (isPlainObject(value)) merge(key, value);
      else if (namesExtension(resourceType, key))
        output[key] = value; // refused: an extension is an object
      else merge(key.slice(0, key.lastIndexOf(':')), { [afterLastColon(key)]: value });
    }
    return output;
  };
}

/** `…:2.0:User`: a URN ending with the resource type's name names an extension (RFC 7643 §8.7's convention). */
export function namesExtension(resourceType: ResourceType, urn: string): boolean {
  return afterLastColon(urn).toLowerCase() === resourceType.name.toLowerCase();
}

function placeInCore(
  output: Record<string, unknown>,
  topLevel: readonly AttributeDefinition[],
  name: string,
  value: unknown,
): void {
  const definition = findAttribute(topLevel, name);
  if (definition !== undefined && isWritable(definition)) output[definition.name] = value;
}

/**
 * Merges `entries` into the object under `urn`, or under the spelling of `urn` already in `output`. The
 * object is copied once and then extended in place (`owned`): else a body of many qualified keys of one
 * URN would copy it once per key (quadratic).
 */
function mergeInto(
  output: Record<string, unknown>,
  keys: { readonly spellings: Map<string, string>; readonly owned: Set<string> },
  urn: string,
  entries: Record<string, unknown>,
): void {
  const lower = urn.toLowerCase();
  const key = keys.spellings.get(lower) ?? urn;
  keys.spellings.set(lower, key);
  if (!keys.owned.has(key)) {
    const existing = output[key];
    output[key] = isPlainObject(existing) ? { ...existing } : {};
    keys.owned.add(key);
  }
  const target = output[key] as Record<string, unknown>;
  // Names were refused before (assertAttributeNames); skipping them again keeps `__proto__` from ever
  // being assigned, whoever calls this.
  for (const [name, value] of Object.entries(entries)) if (isAttributeName(name)) target[name] = value;
}
