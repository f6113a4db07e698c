import { type AttributeDefinition, findAttribute } from './attribute-definition';
import { coreAttributes, findExtension, type ResourceType } from './resource-type';

/**
 * A resolved attribute path (RFC 7644 §3.10): `userName`, `name.givenName`, `emails.value`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
 */
export interface AttributePath {
  /** The schema that defines the attribute; extension attributes live under `resource[schema]`. */
  readonly schema: string;
  readonly inExtension: boolean;
  readonly attribute: AttributeDefinition;
  readonly subAttribute?: AttributeDefinition;
}

/** Splits a leading schema URN off `text`: `urn:…:enterprise:2.0:User:department` → the URN and `department`. */
export function splitSchemaUrn(
  resourceType: ResourceType,
  text: string,
): { schema: string; inExtension: boolean; rest: string } | undefined {
  const lower = text.toLowerCase();
  const candidates = [
    { id: resourceType.schema.id, inExtension: false },
    ...resourceType.extensions.map((e) => ({ id: e.schema.id, inExtension: true })),
  ];
  for (const candidate of candidates) {
    const prefix = `${candidate.id.toLowerCase()}:`;
    if (lower.startsWith(prefix)) {
      return { schema: candidate.id, inExtension: candidate.inExtension, rest: text.slice(prefix.length) };
    }
  }
  return undefined;
}

/** Whether `text` names an extension schema of `resourceType` itself (a PATCH path or value key may). */
export function isExtensionUrn(resourceType: ResourceType, text: string): boolean {
  return findExtension(resourceType, text) !== undefined;
}

/**
 * Whether `text` is a URN this resource type does not know (neither its core schema nor a declared
 * extension, nor an attribute qualified by one): an undeclared extension or one of its attributes.
 */
export function isUndeclaredUrn(resourceType: ResourceType, text: string): boolean {
  return (
    /^urn:/i.test(text) &&
    text.toLowerCase() !== resourceType.schema.id.toLowerCase() &&
    !isExtensionUrn(resourceType, text) &&
    splitSchemaUrn(resourceType, text) === undefined
  );
}

/**
 * Resolves `text` against `resourceType`, case-insensitively. Returns undefined for anything unknown: an
 * unknown schema URN, attribute or sub-attribute, or more than one level of sub-attribute.
 */
export function resolveAttributePath(resourceType: ResourceType, text: string): AttributePath | undefined {
  let schema = resourceType.schema.id;
  let inExtension = false;
  let rest = text;
  if (/^urn:/i.test(text)) {
    const split = splitSchemaUrn(resourceType, text);
    if (split === undefined) return undefined;
    ({ schema, inExtension, rest } = split);
  }
  const parts = rest.split('.');
  if (parts.length > 2 || parts.some((p) => p === '')) return undefined;
  const [name, subName] = parts as [string, string | undefined];

  const attributes = inExtension
    ? findExtension(resourceType, schema)?.attributes
    : coreAttributes(resourceType);
  const attribute = attributes === undefined ? undefined : findAttribute(attributes, name);
  if (attribute === undefined) return undefined;
  if (subName === undefined) return { schema, inExtension, attribute };
  const subAttribute = attribute.subAttributes ? findAttribute(attribute.subAttributes, subName) : undefined;
  if (subAttribute === undefined) return undefined;
  return { schema, inExtension, attribute, subAttribute };
}

/** Resolves a sub-attribute name relative to a complex attribute, as inside `emails[type eq "work"]`. */
export function resolveSubAttribute(parent: AttributePath, name: string): AttributePath | undefined {
  const subAttribute = parent.attribute.subAttributes
    ? findAttribute(parent.attribute.subAttributes, name)
    : undefined;
  return subAttribute === undefined ? undefined : { ...parent, subAttribute };
}

/** The path as text, in canonical case, e.g. `name.givenName`. */
export function formatAttributePath(path: AttributePath): string {
  const base = path.inExtension ? `${path.schema}:${path.attribute.name}` : path.attribute.name;
  return path.subAttribute ? `${base}.${path.subAttribute.name}` : base;
}
