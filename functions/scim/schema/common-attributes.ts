import { type AttributeDefinition, attribute, complex } from './attribute-definition';

/** RFC 7643 §3.1: attributes every resource has, whatever its schema. */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  attribute('id', 'string', {
    description: 'Unique identifier of the resource, issued by the service provider.',
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attribute('externalId', 'string', {
    description: "Identifier of the resource in the provisioning client's domain.",
    caseExact: true,
  }),
  complex(
    'meta',
    [
      attribute('resourceType', 'string', { caseExact: true, mutability: 'readOnly' }),
      attribute('created', 'dateTime', { mutability: 'readOnly' }),
      attribute('lastModified', 'dateTime', { mutability: 'readOnly' }),
      attribute('location', 'reference', { mutability: 'readOnly', referenceTypes: ['uri'] }),
      attribute('version', 'string', { caseExact: true, mutability: 'readOnly' }),
    ],
    { description: 'Resource metadata.', mutability: 'readOnly' },
  ),
];
