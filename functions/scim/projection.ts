import { type AttributeDefinition, findAttribute } from './schema/attribute-definition';
import { isExtensionUrn, isUndeclaredUrn, resolveAttributePath } from './schema/attribute-path';
import { isPlainObject } from './schema/resource-schema';
import { coreAttributes, findExtension, type ResourceType } from './schema/resource-type';
import { withoutValueFilters } from './without-value-filters';
import { workMeter } from './work-meter';

/** What `attributes` and `excludedAttributes` (RFC 7644 §3.9) ask for; both are lists of attribute paths. */
export interface Projection {
  readonly attributes?: ProjectedPaths;
  readonly excludedAttributes?: ProjectedPaths;
}

/**
 * One list of paths, keyed by what it names, so that deciding about an attribute is one lookup however
 * long the list: a list of 100,000 paths, checked for every attribute and every value of every resource
 * returned, took minutes when each decision read the whole list.
 */
interface ProjectedPaths {
  /** The extensions named by their URN alone: all their attributes. */
  readonly extensions: ReadonlySet<string>;
  /**
   * Undeclared extensions (lower case) named by their URN or by one of their attributes: selected or
   * excluded whole, as no schema says which attributes they have.
   */
  readonly undeclared: ReadonlySet<string>;
  /** By `schema` and attribute name (canonical): named whole, and the sub-attributes named. */
  readonly attributes: ReadonlyMap<string, { whole: boolean; readonly subs: Set<string> }>;
}

const keyOf = (schema: string, attribute: string) => `${schema}\n${attribute}`;

/**
 * Parses the two query parameters. Names the resource type does not know are ignored, as is a value
 * filter on a name (`emails[type eq "work"]`, which Microsoft's reference collection sends): the
 * parameters select attributes, not values.
 */
export function parseProjection(
  resourceType: ResourceType,
  params: { attributes?: string | undefined; excludedAttributes?: string | undefined },
): Projection {
  const attributes = parsePaths(resourceType, params.attributes);
  const excludedAttributes = parsePaths(resourceType, params.excludedAttributes);
  return {
    ...(attributes === undefined ? {} : { attributes }),
    ...(excludedAttributes === undefined ? {} : { excludedAttributes }),
  };
}

function parsePaths(resourceType: ResourceType, text: string | undefined): ProjectedPaths | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const extensions = new Set<string>();
  const undeclared = new Set<string>();
  const attributes = new Map<string, { whole: boolean; subs: Set<string> }>();
  for (const raw of text.split(',')) {
    const name = withoutValueFilters(raw).trim();
    if (name === '') continue;
    if (isExtensionUrn(resourceType, name)) {
      extensions.add((findExtension(resourceType, name) as { id: string }).id);
      continue;
    }
    if (isUndeclaredUrn(resourceType, name)) {
      undeclared.add(name.toLowerCase());
      undeclared.add(name.slice(0, name.lastIndexOf(':')).toLowerCase());
      continue;
    }
    const path = resolveAttributePath(resourceType, name);
    if (path === undefined) continue;
    const key = keyOf(path.schema, path.attribute.name);
    const entry = attributes.get(key) ?? { whole: false, subs: new Set<string>() };
    if (path.subAttribute === undefined) entry.whole = true;
    else entry.subs.add(path.subAttribute.name);
    attributes.set(key, entry);
  }
  return { extensions, undeclared, attributes };
}

/** An undeclared extension is returned by default (RFC 7643 §7 `returned` default): whole, or not at all. */
function isUndeclaredReturned(projection: Projection, urn: string): boolean {
  const lower = urn.toLowerCase();
  if (projection.attributes !== undefined) return projection.attributes.undeclared.has(lower);
  return !(projection.excludedAttributes?.undeclared.has(lower) ?? false);
}

/** Whether the response will contain top-level attribute `name` (e.g. so Group members need not be read). */
export function isReturned(resourceType: ResourceType, projection: Projection, name: string): boolean {
  const definition = findAttribute(coreAttributes(resourceType), name);
  if (definition === undefined) return false;
  return decide(projection, resourceType.schema.id, definition, undefined) !== 'omit';
}

type Decision = 'include' | 'omit' | 'partial';

/** What `paths` names of `attribute` (or of its sub-attribute `sub`) in `schema`: all of it, part of it, or nothing. */
function named(
  paths: ProjectedPaths,
  schema: string,
  attribute: AttributeDefinition,
  sub: AttributeDefinition | undefined,
): 'all' | 'part' | 'none' {
  workMeter.count();
  if (paths.extensions.has(schema)) return 'all';
  const entry = paths.attributes.get(keyOf(schema, attribute.name));
  if (entry === undefined) return 'none';
  if (entry.whole) return 'all';
  if (sub === undefined) return entry.subs.size > 0 ? 'part' : 'none';
  return entry.subs.has(sub.name) ? 'all' : 'none';
}

/** RFC 7643 §7 `returned` combined with the request's lists, for an attribute or one of its sub-attributes. */
function decide(
  projection: Projection,
  schema: string,
  attribute: AttributeDefinition,
  sub: AttributeDefinition | undefined,
): Decision {
  const characteristic = sub?.returned === 'never' ? 'never' : attribute.returned;
  if (characteristic === 'never') return 'omit';
  if (characteristic === 'always') return 'include';
  const { attributes, excludedAttributes } = projection;
  if (attributes !== undefined) {
    // `name.givenName` asks for part of `name`; `name` asks for all of it.
    const asked = named(attributes, schema, attribute, sub);
    return asked === 'none' ? 'omit' : asked === 'part' ? 'partial' : 'include';
  }
  if (characteristic === 'request') return 'omit';
  if (excludedAttributes !== undefined) {
    const excluded = named(excludedAttributes, schema, attribute, sub);
    return excluded === 'all' ? 'omit' : excluded === 'part' ? 'partial' : 'include';
  }
  return 'include';
}

function projectAttributes(
  source: Record<string, unknown>,
  definitions: readonly AttributeDefinition[],
  schema: string,
  projection: Projection,
): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const attribute of definitions) {
    const value = source[attribute.name];
    if (value === undefined) continue;
    const decision = decide(projection, schema, attribute, undefined);
    if (decision === 'include') output[attribute.name] = value;
    else if (decision === 'partial') {
      const subs = attribute.subAttributes ?? [];
      const keep = (element: unknown) => {
        if (!isPlainObject(element)) return element;
        const part: Record<string, unknown> = {};
        for (const sub of subs) {
          if (element[sub.name] !== undefined && decide(projection, schema, attribute, sub) === 'include') {
            part[sub.name] = element[sub.name];
          }
        }
        return part;
      };
      // A value left without sub-attributes is unassigned (RFC 7643 §2.5): `name: {}` is not returned.
      const isEmpty = (x: unknown) => isPlainObject(x) && Object.keys(x).length === 0;
      const projected = Array.isArray(value) ? value.map(keep).filter((x) => !isEmpty(x)) : keep(value);
      if (Array.isArray(projected) ? projected.length > 0 : !isEmpty(projected)) {
        output[attribute.name] = projected;
      }
    }
  }
  return output;
}

/**
 * Applies RFC 7644 §3.9 to a full representation (`schemas`, `id` and `meta` included). `schemas` and
 * `id` are always returned; `password` never is.
 */
export function project(
  resource: Record<string, unknown>,
  resourceType: ResourceType,
  projection: Projection,
): Record<string, unknown> {
  const output: Record<string, unknown> = { schemas: resource.schemas };
  const core = coreAttributes(resourceType);
  // Attributes in schema order, extensions after them and `meta` last, as RFC 7643's examples show them.
  const attributes = core.filter((a) => a.name !== 'meta');
  Object.assign(output, projectAttributes(resource, attributes, resourceType.schema.id, projection));
  for (const { schema } of resourceType.extensions) {
    const extension = resource[schema.id];
    if (!isPlainObject(extension)) continue;
    const projected = projectAttributes(extension, schema.attributes, schema.id, projection);
    if (Object.keys(projected).length > 0) output[schema.id] = projected;
  }
  for (const key of Object.keys(resource)) {
    if (isUndeclaredUrn(resourceType, key) && isUndeclaredReturned(projection, key))
      output[key] = resource[key];
  }
  const meta = core.filter((a) => a.name === 'meta');
  Object.assign(output, projectAttributes(resource, meta, resourceType.schema.id, projection));
  return output;
}
