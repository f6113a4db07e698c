import type { AttributeDefinition, SchemaDefinition } from './attribute-definition';
import { COMMON_ATTRIBUTES } from './common-attributes';
import { ENTERPRISE_USER_SCHEMA } from './enterprise-user-schema';
import { GROUP_SCHEMA } from './group-schema';
import { USER_SCHEMA } from './user-schema';

/** The resource types this service provider offers (RFC 7643 §6 `id`), which storage keys by too. */
export type ResourceKind = 'User' | 'Group';

/**
 * The attribute unique within a tenant, compared case-insensitively: a User's `userName` (RFC 7643 §4.1.1:
 * unique across the service provider's users), a Group's `displayName` (this service's choice: Entra and
 * Okta look groups up by it). Storage keeps one item per value; filters on it are key lookups.
 */
export const UNIQUE_ATTRIBUTE: Readonly<Record<ResourceKind, 'userName' | 'displayName'>> = {
  User: 'userName',
  Group: 'displayName',
};

/** A resource type (RFC 7643 §6): its core schema and the extensions it may carry. */
export interface ResourceType {
  readonly id: ResourceKind;
  readonly name: string;
  readonly endpoint: '/Users' | '/Groups';
  readonly description: string;
  readonly schema: SchemaDefinition;
  readonly extensions: readonly { readonly schema: SchemaDefinition; readonly required: boolean }[];
  /**
   * Schema URIs a client may list in `schemas` although they add no attributes here. Microsoft Entra ID
   * puts its ADSCIM Group URI on every group it creates.
   */
  readonly toleratedSchemaUris: readonly string[];
  /**
   * Attributes that are not stored on the resource's item but derived from other items (User.groups from
   * the Groups' members, Group.members from membership items). Filters cannot evaluate them on the item.
   */
  readonly computedAttributes: readonly string[];
}

export const USER_RESOURCE_TYPE: ResourceType = {
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_SCHEMA,
  extensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
  toleratedSchemaUris: [],
  computedAttributes: ['groups'],
};

export const GROUP_RESOURCE_TYPE: ResourceType = {
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: GROUP_SCHEMA,
  extensions: [],
  toleratedSchemaUris: ['http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
  computedAttributes: ['members'],
};

/** The top-level attributes of a resource type's core schema, common attributes (§3.1) included. */
export function coreAttributes(resourceType: ResourceType): readonly AttributeDefinition[] {
  return [...COMMON_ATTRIBUTES, ...resourceType.schema.attributes];
}

/** The extension schema of `resourceType` whose id equals `uri` case-insensitively. */
export function findExtension(resourceType: ResourceType, uri: string): SchemaDefinition | undefined {
  const wanted = uri.toLowerCase();
  return resourceType.extensions.find((e) => e.schema.id.toLowerCase() === wanted)?.schema;
}

/** The resource types of one deployment: the core ones, with the extensions it declares. */
export interface ResourceTypes {
  readonly User: ResourceType;
  readonly Group: ResourceType;
}

/** A deployment that declares no extension of its own. */
export const DEFAULT_RESOURCE_TYPES: ResourceTypes = { User: USER_RESOURCE_TYPE, Group: GROUP_RESOURCE_TYPE };
