import * as v from 'valibot';
import { ScimError } from '../scim-error';
import type { AttributeDefinition } from './attribute-definition';
import { canonicalizeKeys, canonicalizeTopLevel } from './canonical-attribute-keys';
import { isPlainObject } from './plain-object';
import { LIMITS } from './resource-limits';
import { coreAttributes, type ResourceType } from './resource-type';
import { UNDECLARED_EXTENSION } from './undeclared-extension';

/**
 * A resource in canonical form: attribute names spelled as the schema spells them, extension attributes
 * under their schema URN, no nulls, no read-only or write-only attributes. This is what is stored.
 */
export type ScimResource = Record<string, unknown>;

export { isPlainObject } from './plain-object';
export { LIMITS } from './resource-limits';

type AnySchema = v.GenericSchema<unknown, unknown>;

function objectSchema(attributes: readonly AttributeDefinition[], dropReadOnly: boolean): AnySchema {
  const entries: Record<string, AnySchema> = {};
  for (const attribute of attributes) {
    if (dropReadOnly && (attribute.mutability === 'readOnly' || attribute.mutability === 'writeOnly'))
      continue;
    entries[attribute.name] = v.optional(attributeValueSchema(attribute, dropReadOnly));
  }
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, 'must be a JSON object'),
    v.transform(canonicalizeKeys(attributes, dropReadOnly)),
    v.object(entries),
    v.transform(withoutUndefined),
  );
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

const booleanSchema: AnySchema = v.union(
  [
    v.boolean(),
    // Microsoft Entra ID without aadOptscim062020 sends "True" and "False".
    v.pipe(
      v.string(),
      v.toLowerCase(),
      v.picklist(['true', 'false']),
      v.transform((s) => s === 'true'),
    ),
  ],
  'must be a boolean',
);

/** xsd:dateTime (RFC 7643 §2.3.5), any number of fraction digits. */
export const DATE_TIME_PATTERN = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function scalarSchema(attribute: AttributeDefinition): AnySchema {
  switch (attribute.type) {
    case 'boolean':
      return booleanSchema;
    case 'integer':
      return v.pipe(v.number('must be an integer'), v.integer('must be an integer'));
    case 'decimal':
      return v.pipe(v.number('must be a number'), v.finite('must be a number'));
    case 'dateTime':
      return v.pipe(
        v.string('must be a dateTime string'),
        v.regex(DATE_TIME_PATTERN, 'must be an xsd:dateTime'),
      );
    case 'binary':
      return v.pipe(
        v.string('must be a base64 string'),
        v.maxLength(LIMITS.binaryLength, `must be at most ${LIMITS.binaryLength} characters`),
        v.regex(/^[A-Za-z0-9+/=\s_-]*$/, 'must be base64'),
      );
    case 'string':
    case 'reference':
      return v.pipe(
        v.string('must be a string'),
        v.maxLength(LIMITS.stringLength, `must be at most ${LIMITS.stringLength} characters`),
      );
    case 'complex':
      throw new Error(`complex attribute ${attribute.name} has no scalar schema`);
  }
}

/**
 * A complex attribute with a `value` sub-attribute also accepts the bare value: `"manager": "id"`. An empty
 * `value` (`""` or `{"value": ""}`, as Microsoft Entra ID sends to remove a manager) is no value: the
 * result is empty, which is unassigned.
 */
function complexSchema(attribute: AttributeDefinition, dropReadOnly: boolean): AnySchema {
  const subAttributes = attribute.subAttributes ?? [];
  const object = objectSchema(subAttributes, dropReadOnly);
  const hasValue = subAttributes.some((s) => s.name === 'value');
  if (!hasValue) return object;
  return v.pipe(
    v.unknown(),
    v.transform((input) =>
      typeof input === 'string' || typeof input === 'number' ? { value: input } : input,
    ),
    object,
    v.transform((value) => (isPlainObject(value) && value.value === '' ? {} : value)),
  );
}

/**
 * The schema of one attribute's value, as a client may send it: multi-valued attributes also accept a
 * single value, complex values are canonicalized, and `primary` may be true on at most one value.
 */
export function attributeValueSchema(attribute: AttributeDefinition, dropReadOnly = true): AnySchema {
  const cache = dropReadOnly ? valueSchemasDroppingReadOnly : valueSchemasKeepingReadOnly;
  let schema = cache.get(attribute);
  if (schema === undefined) {
    schema = buildAttributeValueSchema(attribute, dropReadOnly);
    cache.set(attribute, schema);
  }
  return schema;
}

/**
 * Schemas are built once per definition and reused: definitions never change after load, and building one
 * costs far more than running it (a PATCH validates each operation's value and then the whole resource).
 */
const valueSchemasDroppingReadOnly = new WeakMap<AttributeDefinition, AnySchema>();
const valueSchemasKeepingReadOnly = new WeakMap<AttributeDefinition, AnySchema>();
const resourceSchemas = new WeakMap<ResourceType, v.GenericSchema<unknown, ScimResource>>();

function buildAttributeValueSchema(attribute: AttributeDefinition, dropReadOnly: boolean): AnySchema {
  const single =
    attribute.type === 'complex' ? complexSchema(attribute, dropReadOnly) : scalarSchema(attribute);
  if (!attribute.multiValued) return single;
  return v.pipe(
    v.unknown(),
    v.transform((input): unknown[] =>
      (Array.isArray(input) ? input : [input]).filter((x) => x !== null && x !== undefined),
    ),
    v.array(single),
    v.maxLength(LIMITS.multiValuedEntries, `must have at most ${LIMITS.multiValuedEntries} values`),
    // Complex values whose sub-attributes were all null or unknown carry nothing: drop them.
    v.transform((values: unknown[]) => values.filter((x) => !isPlainObject(x) || Object.keys(x).length > 0)),
    v.check(
      (values: unknown[]) => values.filter((x) => isPlainObject(x) && x.primary === true).length <= 1,
      'may have primary true on at most one value',
    ),
  );
}

/** Drops empty multi-valued arrays and empty complex objects, which are unassigned too. */
function pruneEmpty(resource: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(resource)) {
    const value = resource[key];
    if (Array.isArray(value) && value.length === 0) delete resource[key];
    else if (isPlainObject(value)) {
      pruneEmpty(value);
      if (Object.keys(value).length === 0) delete resource[key];
    }
  }
  return resource;
}

/**
 * The schema of a whole resource as a client sends it in POST or PUT: read-only, write-only and unknown core
 * attributes are ignored, undeclared extensions are kept (docs/schema-extensions.md), everything else is
 * validated and canonicalized.
 */
export function resourceSchema(resourceType: ResourceType): v.GenericSchema<unknown, ScimResource> {
  let schema = resourceSchemas.get(resourceType);
  if (schema === undefined) {
    schema = buildResourceSchema(resourceType);
    resourceSchemas.set(resourceType, schema);
  }
  return schema;
}

function buildResourceSchema(resourceType: ResourceType): v.GenericSchema<unknown, ScimResource> {
  const core = coreAttributes(resourceType);
  const extensions = resourceType.extensions.map((e) => e.schema);
  const topLevel: AttributeDefinition[] = [...core];
  const entries: Record<string, AnySchema> = {};
  for (const attribute of core) {
    if (attribute.mutability === 'readOnly' || attribute.mutability === 'writeOnly') continue;
    entries[attribute.name] = v.optional(attributeValueSchema(attribute));
  }
  for (const extension of extensions) {
    // An extension is a complex attribute named by its URN (RFC 7643 §3.3).
    const pseudo: AttributeDefinition = {
      name: extension.id,
      type: 'complex',
      multiValued: false,
      description: extension.description,
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'none',
      subAttributes: extension.attributes,
    };
    topLevel.push(pseudo);
    entries[extension.id] = v.optional(objectSchema(extension.attributes, true));
  }
  const required = core.filter((a) => a.required).map((a) => a.name);
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, 'must be a JSON object'),
    v.transform(canonicalizeTopLevel(resourceType, topLevel)),
    v.objectWithRest(entries, UNDECLARED_EXTENSION),
    v.transform(withoutUndefined),
    v.transform(pruneEmpty),
    v.check(
      (resource) => required.every((name) => typeof resource[name] === 'string' && resource[name] !== ''),
      `needs ${required.map((n) => `'${n}'`).join(' and ')}`,
    ),
    v.check(
      (resource) => missingRequired(resource, resourceType) === undefined,
      (issue) => missingRequired(issue.input as ScimResource, resourceType) ?? 'is invalid',
    ),
    v.check(
      (resource) => Buffer.byteLength(JSON.stringify(resource)) <= LIMITS.resourceBytes,
      `must be at most ${LIMITS.resourceBytes} bytes`,
    ),
  );
}

/**
 * What the resource lacks of its extensions' required parts, or undefined: an extension the resource type
 * requires (RFC 7643 §6 `schemaExtensions.required`), or a required attribute (RFC 7643 §2.2) of an extension
 * that is present. Empty arrays and objects were pruned.
 */
function missingRequired(resource: ScimResource, resourceType: ResourceType): string | undefined {
  for (const { schema, required } of resourceType.extensions) {
    const value = resource[schema.id] as Record<string, unknown> | undefined;
    const names = schema.attributes.filter((a) => a.required).map((a) => a.name);
    if (value === undefined && required) return `needs the extension '${schema.id}'`;
    // As for the core's required strings, an empty string is no value.
    const missing =
      value === undefined ? undefined : names.find((n) => value[n] === undefined || value[n] === '');
    if (missing !== undefined) return `needs '${schema.id}:${missing}'`;
  }
  return undefined;
}

/** Formats a valibot issue path as an attribute path: `emails[1].primary`. */
function issuePath(issue: v.BaseIssue<unknown>): string {
  let text = '';
  for (const item of issue.path ?? []) {
    const key = (item as { key?: unknown }).key;
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string') text += text === '' ? key : `.${key}`;
  }
  return text;
}

/** Parses `input` with `schema`, turning the first issue into a 400 `invalidValue`. */
export function parseOrThrow<T>(schema: v.GenericSchema<unknown, T>, input: unknown, subject: string): T {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue === undefined ? '' : issuePath(issue);
  const where = path === '' ? subject : `Attribute '${path}'`;
  throw ScimError.badRequest('invalidValue', `${where} ${issue?.message ?? 'is invalid'}`);
}
