/**
 * Attribute and schema definitions in the shape of RFC 7643 §7, which is also what `/Schemas` returns.
 * These definitions are the single source of truth for the SCIM core: input validation, filters, PATCH
 * paths, projection and discovery all read them.
 */

export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'reference'
  | 'complex'
  | 'binary';

export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
}

export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

type AttributeOptions = Partial<Omit<AttributeDefinition, 'name' | 'type'>>;

/**
 * Builds a definition with RFC 7643 §2.2's defaults: single-valued, optional, case-insensitive,
 * readWrite, returned by default, no uniqueness. References and binaries are case exact (§2.3.6, §2.3.7).
 */
export function attribute(
  name: string,
  type: AttributeType,
  options: AttributeOptions = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description: '',
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...(type === 'reference' || type === 'binary' ? { caseExact: true } : {}),
    ...options,
  };
}

export function complex(
  name: string,
  subAttributes: readonly AttributeDefinition[],
  options: AttributeOptions = {},
): AttributeDefinition {
  return attribute(name, 'complex', { ...options, subAttributes });
}

/** Plain string attributes, each with its description only, in the order given. */
export function stringAttributes(descriptions: Readonly<Record<string, string>>): AttributeDefinition[] {
  return Object.entries(descriptions).map(([name, description]) =>
    attribute(name, 'string', { description }),
  );
}

/** Finds a (sub-)attribute by name, case-insensitively (RFC 7643 §2.1: attribute names are case-insensitive). */
export function findAttribute(
  attributes: readonly AttributeDefinition[],
  name: string,
): AttributeDefinition | undefined {
  const wanted = name.toLowerCase();
  return attributes.find((a) => a.name.toLowerCase() === wanted);
}
