import { attribute, complex, type SchemaDefinition } from './attribute-definition';

export const ENTERPRISE_USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** RFC 7643 §4.3 and §8.7.2. */
export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA_ID,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute('employeeNumber', 'string', {
      description: 'Numeric or alphanumeric identifier assigned to a person.',
    }),
    attribute('costCenter', 'string', { description: 'Identifies the name of a cost center.' }),
    attribute('organization', 'string', { description: 'Identifies the name of an organization.' }),
    attribute('division', 'string', { description: 'Identifies the name of a division.' }),
    attribute('department', 'string', { description: 'Identifies the name of a department.' }),
    complex(
      'manager',
      [
        attribute('value', 'string', {
          description: 'The id of the SCIM resource representing the manager.',
        }),
        attribute('$ref', 'reference', { description: 'The URI of the manager.', referenceTypes: ['User'] }),
        attribute('displayName', 'string', {
          description: "The manager's displayName.",
          mutability: 'readOnly',
        }),
      ],
      {
        description:
          'The user\'s manager. Accepted as {"value": id} or, as Microsoft Entra ID sends it, as a bare id string.',
      },
    ),
  ],
};
