import * as v from 'valibot';
import {
  type AttributeDefinition,
  type AttributeType,
  attribute,
  type SchemaDefinition,
} from './attribute-definition';
import { isAttributeName, isUrn } from './attribute-name';
import { ENTERPRISE_USER_SCHEMA_ID } from './enterprise-user-schema';
import type { ResourceKind } from './resource-type';

/**
 * A vendor's declaration of an extension schema (RFC 7643 §3.3 and §7), as the construct's
 * `schemaExtensions` prop and the local endpoint's `--schema-extensions` file give it. Attributes take
 * RFC 7643 §2.2's defaults. What the endpoint cannot enforce is not declarable: `uniqueness` other than
 * `none`, and `mutability` or `returned` other than those below, are refused rather than ignored.
 */
export interface SchemaExtensionDeclaration {
  /** The schema URI, e.g. `urn:ietf:params:scim:schemas:extension:acme:2.0:User`. */
  readonly id: string;
  readonly name?: string;
  readonly description?: string;
  /** The resource type it extends. */
  readonly resourceType: ResourceKind;
  /** Whether every resource of the type must carry it (RFC 7643 §6 `schemaExtensions.required`). */
  readonly required?: boolean;
  readonly attributes: readonly AttributeDeclaration[];
}

export interface AttributeDeclaration {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued?: boolean;
  readonly description?: string;
  readonly required?: boolean;
  readonly caseExact?: boolean;
  readonly mutability?: 'readWrite';
  readonly returned?: 'always' | 'default' | 'request';
  readonly uniqueness?: 'none';
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  /** Complex attributes only: their sub-attributes, themselves not complex (RFC 7643 §2.3.8). */
  readonly subAttributes?: readonly AttributeDeclaration[];
}

/** Bounds that keep a declaration small enough for a function's environment (see lib/schema-extensions). */
export const DECLARATION_LIMITS = { extensions: 10, attributes: 50, subAttributes: 20, text: 256 } as const;

const text = v.pipe(v.string(), v.maxLength(DECLARATION_LIMITS.text));
const name = v.pipe(
  v.string(),
  v.check(
    isAttributeName,
    'must be an attribute name (RFC 7643 §2.1: a letter, then letters, digits, - or _)',
  ),
);
const SCALAR_TYPES = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'binary'] as const;
const attributeEntries = {
  name,
  multiValued: v.optional(v.boolean()),
  description: v.optional(text),
  required: v.optional(v.boolean()),
  caseExact: v.optional(v.boolean()),
  mutability: v.optional(v.literal('readWrite', 'only readWrite is supported')),
  returned: v.optional(v.picklist(['always', 'default', 'request'], 'must be always, default or request')),
  uniqueness: v.optional(
    v.literal('none', 'only none is supported: uniqueness is not enforced on extensions'),
  ),
  canonicalValues: v.optional(v.pipe(v.array(text), v.maxLength(100))),
  referenceTypes: v.optional(v.pipe(v.array(text), v.maxLength(10))),
};
const scalarAttribute = v.strictObject({
  ...attributeEntries,
  type: v.picklist(SCALAR_TYPES, 'is not a type'),
});
const complexAttribute = v.strictObject({
  ...attributeEntries,
  type: v.literal('complex'),
  subAttributes: v.pipe(
    v.array(scalarAttribute, 'must be a list of non-complex attributes'),
    v.minLength(1, 'must not be empty'),
    v.maxLength(DECLARATION_LIMITS.subAttributes),
    v.check((list) => uniqueNames(list), 'must have distinct names (case-insensitively)'),
  ),
});
const attributeSchema = v.variant('type', [complexAttribute, scalarAttribute], 'must have a type');

const declarationSchema = v.strictObject({
  id: v.pipe(text, v.check(isUrn, 'must be a URN (urn:…)')),
  name: v.optional(text),
  description: v.optional(text),
  resourceType: v.picklist(['User', 'Group'], 'must be User or Group'),
  required: v.optional(v.boolean()),
  attributes: v.pipe(
    v.array(attributeSchema),
    v.minLength(1, 'must not be empty'),
    v.maxLength(DECLARATION_LIMITS.attributes),
    v.check((list) => uniqueNames(list), 'must have distinct names (case-insensitively)'),
  ),
});

const CORE_IDS = [
  'urn:ietf:params:scim:schemas:core:2.0:user',
  'urn:ietf:params:scim:schemas:core:2.0:group',
  ENTERPRISE_USER_SCHEMA_ID.toLowerCase(),
];

const declarationsSchema = v.pipe(
  v.array(declarationSchema, 'must be a list of extension declarations'),
  v.maxLength(DECLARATION_LIMITS.extensions),
  v.check(
    (list) => new Set(list.map((d) => d.id.toLowerCase())).size === list.length,
    'must have distinct ids (case-insensitively)',
  ),
  v.check(
    (list) => list.every((d) => !CORE_IDS.includes(d.id.toLowerCase())),
    'must not redeclare the core or enterprise schema',
  ),
  // A URN that begins with another's would make `urn:a:b:c` ambiguous: attribute c of urn:a:b, or a schema.
  v.check(
    (list) =>
      list.every((d) =>
        list.every((o) => o === d || !o.id.toLowerCase().startsWith(`${d.id.toLowerCase()}:`)),
      ),
    'must not have an id that begins with another id and a colon',
  ),
);

function uniqueNames(list: readonly { name: string }[]): boolean {
  return new Set(list.map((a) => a.name.toLowerCase())).size === list.length;
}

/** The declarations in `input` (parsed JSON), validated; an invalid one throws with where and why. */
export function parseExtensionDeclarations(input: unknown): SchemaExtensionDeclaration[] {
  const result = v.safeParse(declarationsSchema, input);
  if (result.success) return result.output as SchemaExtensionDeclaration[];
  const issue = result.issues[0];
  throw new Error(
    `Invalid schema extension declaration at ${v.getDotPath(issue) ?? 'the top'}: ${issue.message}`,
  );
}

function toAttribute(declared: AttributeDeclaration): AttributeDefinition {
  const { name: attributeName, type, subAttributes, ...options } = declared;
  return attribute(attributeName, type, {
    ...options,
    ...(subAttributes === undefined ? {} : { subAttributes: subAttributes.map(toAttribute) }),
  });
}

/** The schema (RFC 7643 §7) of a declared extension: what `/Schemas` returns and requests are validated by. */
export function declaredSchema(declaration: SchemaExtensionDeclaration): SchemaDefinition {
  return {
    id: declaration.id,
    name: declaration.name ?? declaration.id.slice(declaration.id.lastIndexOf(':') + 1),
    description: declaration.description ?? '',
    attributes: declaration.attributes.map(toAttribute),
  };
}
