import { assertAttributeNames } from '../scim/schema/attribute-name';
import {
  isPlainObject,
  parseOrThrow,
  resourceSchema,
  type ScimResource,
} from '../scim/schema/resource-schema';
import type { ResourceType } from '../scim/schema/resource-type';
import { ScimError } from '../scim/scim-error';

/** The body as a resource of this type: an object whose `schemas`, if given, name this type. */
export function parseResourceBody(resourceType: ResourceType, body: unknown): ScimResource {
  if (!isPlainObject(body))
    throw ScimError.badRequest('invalidSyntax', 'The request body must be a JSON object');
  const schemas = body.schemas;
  if (schemas !== undefined && schemas !== null) {
    const names = Array.isArray(schemas) ? schemas.map((s) => String(s).toLowerCase()) : [];
    if (!names.includes(resourceType.schema.id.toLowerCase())) {
      throw ScimError.badRequest('invalidValue', `schemas must contain ${resourceType.schema.id}`);
    }
  }
  assertAttributeNames(body, `The ${resourceType.name}`);
  return parseOrThrow(resourceSchema(resourceType), body, `The ${resourceType.name}`);
}
