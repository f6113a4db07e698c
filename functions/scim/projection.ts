import { type AttributeDefinition, findAttribute } from './schema/attribute-definition';
import { type AttributePath, isExtensionUrn, resolveAttributePath } from './schema/attribute-path';
import { isPlainObject } from './schema/resource-schema';
import { coreAttributes, findExtension, type ResourceType } from './schema/resource-type';

/** What `attributes` and `excludedAttributes` (RFC 7644 §3.9) ask for; both are lists of attribute paths. */
export interface Projection {
  readonly attributes?: readonly ProjectedPath[];
  readonly excludedAttributes?: readonly ProjectedPath[];
}

/** An attribute path, or a whole extension named by its URN. */
type ProjectedPath = AttributePath | { readonly extension: string };

/**
 * Parses the two query parameters. Names the resource type does not know are ignored, as is a value
 * filter on a name (`emails[type eq "work"]`, which Microsoft's reference collection sends): the
 * parameters select attributes, not values.
 */
export function parseProjection(
  resourceType: ResourceType,
  params: { attributes?: string | undefined; excludedAttributes?: string | undefined },
): Projection {
  const parse = (text: string | undefined): ProjectedPath[] | undefined => {
    if (text === undefined || text.trim() === '') return undefined;
    const paths: ProjectedPath[] = [];
    for (const raw of text.split(',')) {
      const name = raw.replace(/\[.*?\]/g, '').trim();
      if (name === '') continue;
      if (isExtensionUrn(resourceType, name)) {
        paths.push({ extension: (findExtension(resourceType, name) as { id: string }).id });
        continue;
      }
      const path = resolveAttributePath(resourceType, name);
      if (path !== undefined) paths.push(path);
    }
    return paths;
  };
  const attributes = parse(params.attributes);
  const excludedAttributes = parse(params.excludedAttributes);
  return {
    ...(attributes === undefined ? {} : { attributes }),
    ...(excludedAttributes === undefined ? {} : { excludedAttributes }),
  };
}

/** Whether the response will contain top-level attribute `name` (e.g. so Group members need not be read). */
export function isReturned(resourceType: ResourceType, projection: Projection, name: string): boolean {
  const definition = findAttribute(coreAttributes(resourceType), name);
  if (definition === undefined) return false;
  return decide(projection, resourceType.schema.id, definition, undefined) !== 'omit';
}

type Decision = 'include' | 'omit' | 'partial';

function matches(
  path: ProjectedPath,
  schema: string,
  attribute: AttributeDefinition,
  sub?: AttributeDefinition,
) {
  if ('extension' in path) return path.extension === schema;
  if (path.schema !== schema || path.attribute.name !== attribute.name) return false;
  return sub === undefined || path.subAttribute === undefined || path.subAttribute.name === sub.name;
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
    const named = attributes.filter((p) => matches(p, schema, attribute, sub));
    if (named.length === 0) return 'omit';
    // `name.givenName` asks for part of `name`; `name` asks for all of it.
    if (sub === undefined && named.every((p) => !('extension' in p) && p.subAttribute !== undefined))
      return 'partial';
    return 'include';
  }
  if (characteristic === 'request') return 'omit';
  if (excludedAttributes !== undefined) {
    const named = excludedAttributes.filter((p) => matches(p, schema, attribute, sub));
    if (named.some((p) => 'extension' in p || p.subAttribute === undefined)) return 'omit';
    if (named.length > 0) return sub === undefined ? 'partial' : 'omit';
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
  const meta = core.filter((a) => a.name === 'meta');
  Object.assign(output, projectAttributes(resource, meta, resourceType.schema.id, projection));
  return output;
}
