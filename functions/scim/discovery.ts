import { PAGING } from './paging';
import type { AttributeDefinition, SchemaDefinition } from './schema/attribute-definition';
import type { ResourceType } from './schema/resource-type';

/**
 * The discovery documents (RFC 7644 §4, RFC 7643 §5–7), derived from the same definitions the endpoints
 * use, so they always tell the truth about what is supported.
 */

export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** How long a cursor stays valid (RFC 9865 `cursorTimeout`); cursors here never expire. */
const CURSOR_TIMEOUT_SECONDS = 86_400;

export function serviceProviderConfig(baseUrl: string): Record<string, unknown> {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: PAGING.maxCount },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: PAGING.defaultCount,
      maxPageSize: PAGING.maxCount,
      cursorTimeout: CURSOR_TIMEOUT_SECONDS,
    },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description:
          "Authorization: Bearer with a tenant's Secret Token (scim_…) or an access token from the OAuth 2.0 token endpoint (<origin>/oauth2/token: client credentials, or an Entra workload identity assertion)",
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
      // RFC 7643 §5's `httpbasic`: a client id and secret of the tenant on every request (Okta's Basic Auth).
      {
        type: 'httpbasic',
        name: 'HTTP Basic',
        description:
          'Authorization: Basic with a client identifier (cli_…) and one of its client secrets (scimcs_…)',
        specUri: 'https://www.rfc-editor.org/info/rfc7617',
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypeDocument(resourceType: ResourceType, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: resourceType.id,
    name: resourceType.name,
    endpoint: resourceType.endpoint,
    description: resourceType.description,
    schema: resourceType.schema.id,
    schemaExtensions: resourceType.extensions.map((e) => ({ schema: e.schema.id, required: e.required })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${resourceType.id}` },
  };
}

function attributeDocument(attribute: AttributeDefinition): Record<string, unknown> {
  return {
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    caseExact: attribute.caseExact,
    mutability: attribute.mutability,
    returned: attribute.returned,
    uniqueness: attribute.uniqueness,
    ...(attribute.canonicalValues ? { canonicalValues: attribute.canonicalValues } : {}),
    ...(attribute.referenceTypes ? { referenceTypes: attribute.referenceTypes } : {}),
    ...(attribute.subAttributes ? { subAttributes: attribute.subAttributes.map(attributeDocument) } : {}),
  };
}

export function schemaDocument(schema: SchemaDefinition, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeDocument),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

/** Every schema the resource types use, core schemas first. */
export function schemasOf(resourceTypes: readonly ResourceType[]): SchemaDefinition[] {
  const schemas = resourceTypes.map((r) => r.schema);
  for (const resourceType of resourceTypes) {
    for (const { schema } of resourceType.extensions) if (!schemas.includes(schema)) schemas.push(schema);
  }
  return schemas;
}
