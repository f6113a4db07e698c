import { declaredSchema, type SchemaExtensionDeclaration } from './extension-declaration';
import { DEFAULT_RESOURCE_TYPES, type ResourceTypes } from './resource-type';

/**
 * The resource types with the declared extensions after the built-in ones (RFC 7643 §6 `schemaExtensions`).
 * Built once at cold start: schemas are cached per ResourceType object (resource-schema.ts).
 */
export function declaredResourceTypes(declarations: readonly SchemaExtensionDeclaration[]): ResourceTypes {
  if (declarations.length === 0) return DEFAULT_RESOURCE_TYPES;
  const withDeclared = (kind: keyof ResourceTypes) => {
    const base = DEFAULT_RESOURCE_TYPES[kind];
    const declared = declarations
      .filter((d) => d.resourceType === kind)
      .map((d) => ({ schema: declaredSchema(d), required: d.required ?? false }));
    return declared.length === 0 ? base : { ...base, extensions: [...base.extensions, ...declared] };
  };
  return { User: withDeclared('User'), Group: withDeclared('Group') };
}
