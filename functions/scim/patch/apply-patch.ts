import type { Filter } from '../filter/filter-ast';
import { filterExpressions } from '../filter/filter-expressions';
import {
  type AttributePath,
  isExtensionUrn,
  isUndeclaredUrn,
  resolveAttributePath,
} from '../schema/attribute-path';
import {
  isPlainObject,
  LIMITS,
  parseOrThrow,
  resourceSchema,
  type ScimResource,
} from '../schema/resource-schema';
import { findExtension, type ResourceType } from '../schema/resource-type';
import { ScimError } from '../scim-error';
import { applyAttribute } from './apply-attribute';
import { applySubAttribute } from './apply-sub-attribute';
import { applyUndeclared } from './apply-undeclared';
import { applyWithFilter } from './apply-with-filter';
import type { Json } from './attribute-values';
import { parsePatchPath } from './parse-patch-path';
import type { PatchOperation } from './patch-request';
import { forgetFoldedTexts } from './same-value';

/** A change to an attribute stored outside the resource's item (Group `members`), for the caller to apply. */
export interface ComputedAttributeChange {
  readonly op: PatchOperation['op'];
  readonly path: AttributePath;
  readonly valueFilter?: Filter;
  readonly value?: unknown;
}

/**
 * The value-filter work one PATCH may take: each filtered operation tests every value of its attribute
 * (at most 100) against its filter (at most 512 expressions), and a 1 MiB body holds 250 such operations,
 * which took 9 s. Identity providers send a few expressions per operation (`emails[type eq "work"]`), so
 * this bound, in value × expression tests, is far above any of their requests. RFC 7644 §3.12 `tooMany`.
 */
export const MAX_VALUE_FILTER_WORK = 100_000;

export interface ApplyPatchOptions {
  /** Receives, in order, every operation on a computed attribute; without it such operations are refused. */
  readonly onComputedAttribute?: (change: ComputedAttributeChange) => void;
}

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a resource in canonical form and returns the new resource.
 * All or nothing: the input is never modified, and the first failing operation throws a `ScimError`.
 * The result is validated like a PUT body (required attributes, `primary`, size limits).
 */
export function applyPatch(
  resource: ScimResource,
  operations: readonly PatchOperation[],
  resourceType: ResourceType,
  options: ApplyPatchOptions = {},
): ScimResource {
  const target = structuredClone(resource);
  const context: Context = { resourceType, options, filterWork: 0 };
  try {
    for (const operation of operations) applyOperation(target, operation, context);
  } finally {
    forgetFoldedTexts();
  }
  return parseOrThrow(resourceSchema(resourceType), target, 'The patched resource');
}

interface Context {
  readonly resourceType: ResourceType;
  readonly options: ApplyPatchOptions;
  /** Value × expression tests of value filters so far (MAX_VALUE_FILTER_WORK). */
  filterWork: number;
}

function applyOperation(target: Json, operation: PatchOperation, context: Context): void {
  const { op, path, value } = operation;
  if (path !== undefined) {
    applyPath(target, op, path, value, context, false);
    return;
  }
  if (op === 'remove') throw ScimError.badRequest('noTarget', 'A remove operation needs a path');
  if (!isPlainObject(value)) {
    throw ScimError.badRequest('invalidValue', `An ${op} operation without a path needs an object value`);
  }
  // RFC 7644 §3.5.2.1/3: the value holds attributes of the resource. Entra also sends keys that are paths
  // (`name.givenName`, `urn:…:enterprise:2.0:User:department`, `emails[type eq "work"].value`).
  for (const key of Object.keys(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    applyPath(target, op, key, value[key], context, true);
  }
}

/**
 * `lenient` is set for keys of a path-less value, which is a resource representation: like a POST body,
 * it may carry unknown or read-only attributes, and those are ignored.
 */
function applyPath(
  target: Json,
  op: PatchOperation['op'],
  text: string,
  value: unknown,
  context: Context,
  lenient: boolean,
): void {
  const { resourceType } = context;
  if (isExtensionUrn(resourceType, text)) {
    applyToExtension(target, op, text, value, context);
    return;
  }
  if (isUndeclaredUrn(resourceType, text)) {
    applyUndeclared(target, op, text, value, resourceType);
    return;
  }
  if (lenient && resolveAttributePath(resourceType, text.replace(/\[.*$/s, '')) === undefined) return;

  const { path, valueFilter } = parsePatchPath(text, resourceType);
  const { attribute, subAttribute } = path;
  const readOnly =
    attribute.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly' || attribute.name === 'id';
  if (resourceType.computedAttributes.includes(attribute.name) && !readOnly) {
    const hook = context.options.onComputedAttribute;
    if (hook === undefined)
      throw ScimError.badRequest('invalidPath', `'${attribute.name}' cannot be patched here`);
    hook({ op, path, ...(valueFilter ? { valueFilter } : {}), ...(value === undefined ? {} : { value }) });
    return;
  }
  if (readOnly) {
    if (lenient) return;
    throw ScimError.badRequest('mutability', `'${text}' is read-only`);
  }
  // writeOnly `password` is accepted and discarded: it is never stored (see the User schema).
  if (attribute.mutability === 'writeOnly' || subAttribute?.mutability === 'writeOnly') return;
  if (op !== 'remove' && value === undefined) {
    throw ScimError.badRequest('invalidValue', `An ${op} operation on '${text}' needs a value`);
  }

  const container = containerOf(target, path, op !== 'remove');
  if (container === undefined) return;
  if (valueFilter !== undefined) {
    chargeFilterWork(context, container[attribute.name], valueFilter);
    applyWithFilter(container, op, path, valueFilter, value, text);
  } else if (subAttribute !== undefined) {
    applySubAttribute(container, op, attribute, subAttribute, value);
  } else {
    applyAttribute(container, op, attribute, value);
  }
  // The bound on values holds after every operation, not only for the result: else each operation compares
  // with every value the ones before it added, and a 1 MB request takes minutes (quadratic) to refuse.
  const values = container[attribute.name];
  if (attribute.multiValued && Array.isArray(values) && values.length > LIMITS.multiValuedEntries) {
    throw ScimError.badRequest(
      'invalidValue',
      `Attribute '${attribute.name}' must have at most ${LIMITS.multiValuedEntries} values`,
    );
  }
}

function chargeFilterWork(context: Context, values: unknown, filter: Filter): void {
  const count = Array.isArray(values) ? values.length : values === undefined ? 0 : 1;
  context.filterWork += count * filterExpressions(filter);
  if (context.filterWork > MAX_VALUE_FILTER_WORK) {
    throw ScimError.badRequest(
      'tooMany',
      `The value filters of this request need more than ${MAX_VALUE_FILTER_WORK} tests of a value; send fewer or simpler filters`,
    );
  }
}

/** `path` or a value key naming an extension itself: its value is an object of the extension's attributes. */
function applyToExtension(
  target: Json,
  op: PatchOperation['op'],
  urn: string,
  value: unknown,
  context: Context,
) {
  const schema = findExtension(context.resourceType, urn) as { id: string };
  if (op === 'remove' || value === null) {
    delete target[schema.id];
    return;
  }
  if (!isPlainObject(value)) {
    throw ScimError.badRequest('invalidValue', `The value for '${schema.id}' must be an object`);
  }
  for (const key of Object.keys(value))
    applyPath(target, op, `${schema.id}:${key}`, value[key], context, true);
}

function containerOf(target: Json, path: AttributePath, create: boolean): Json | undefined {
  if (!path.inExtension) return target;
  const existing = target[path.schema];
  if (isPlainObject(existing)) return existing;
  if (!create) return undefined;
  const created: Json = {};
  target[path.schema] = created;
  return created;
}
