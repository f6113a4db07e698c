import { attribute, complex, type SchemaDefinition } from './attribute-definition';

export const GROUP_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** RFC 7643 §4.2 and §8.7.1, with this service provider's characteristics. */
export const GROUP_SCHEMA: SchemaDefinition = {
  id: GROUP_SCHEMA_ID,
  name: 'Group',
  description: 'Group',
  attributes: [
    attribute('displayName', 'string', {
      description:
        'A human-readable name for the Group. Required, and unique per tenant compared case-insensitively after Unicode NFC normalisation.',
      required: true,
      uniqueness: 'server',
    }),
    complex(
      'members',
      [
        attribute('value', 'string', {
          description: 'The id of a User or Group of the same tenant.',
          caseExact: true,
          mutability: 'immutable',
        }),
        attribute('$ref', 'reference', {
          description: 'The URI of the member.',
          mutability: 'immutable',
          referenceTypes: ['User', 'Group'],
        }),
        attribute('display', 'string', {
          description: 'A human-readable name for the member.',
          mutability: 'immutable',
        }),
        attribute('type', 'string', {
          description: 'The type of the member.',
          caseExact: false,
          mutability: 'immutable',
          canonicalValues: ['User', 'Group'],
        }),
      ],
      { multiValued: true, description: 'A list of members of the Group.' },
    ),
  ],
};
