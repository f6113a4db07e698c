import {
  type AttributeDefinition,
  attribute,
  complex,
  type SchemaDefinition,
  stringAttributes,
} from './attribute-definition';

export const USER_SCHEMA_ID = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** The `value`/`display`/`type`/`primary` quartet that most multi-valued User attributes share (RFC 7643 §2.4). */
function multiValued(
  name: string,
  description: string,
  options: {
    valueType?: 'string' | 'reference' | 'binary';
    types?: readonly string[];
    referenceTypes?: string[];
  } = {},
): AttributeDefinition {
  return complex(
    name,
    [
      attribute('value', options.valueType ?? 'string', {
        description: `The value of the ${name} entry.`,
        ...(options.referenceTypes ? { referenceTypes: options.referenceTypes } : {}),
      }),
      attribute('display', 'string', { description: 'A human-readable name, for display only.' }),
      attribute('type', 'string', {
        description: `A label for the ${name} entry's function.`,
        ...(options.types ? { canonicalValues: options.types } : {}),
      }),
      attribute('primary', 'boolean', {
        description: 'Whether this is the primary entry; at most one entry has primary true.',
      }),
    ],
    { multiValued: true, description },
  );
}

/** RFC 7643 §4.1 and §8.7.1, with this service provider's characteristics. */
export const USER_SCHEMA: SchemaDefinition = {
  id: USER_SCHEMA_ID,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute('userName', 'string', {
      description:
        'Unique identifier for the User, typically used to sign in. Unique per tenant, compared case-insensitively after Unicode NFC normalisation.',
      required: true,
      uniqueness: 'server',
    }),
    complex(
      'name',
      stringAttributes({
        formatted: 'The full name, formatted for display.',
        familyName: 'The family name (last name in most Western languages).',
        givenName: 'The given name (first name in most Western languages).',
        middleName: 'The middle name(s).',
        honorificPrefix: 'Honorific prefix(es), e.g. "Ms.".',
        honorificSuffix: 'Honorific suffix(es), e.g. "III".',
      }),
      { description: "The components of the user's name." },
    ),
    ...stringAttributes({
      displayName: 'The name of the User, suitable for display.',
      nickName: 'The casual way to address the user.',
    }),
    attribute('profileUrl', 'reference', {
      description: "A URI of the user's online profile.",
      referenceTypes: ['external'],
    }),
    ...stringAttributes({
      title: 'The user\'s title, such as "Vice President".',
      userType: 'The relationship between the organization and the user.',
      preferredLanguage: "The user's preferred language (RFC 7231 §5.3.5).",
      locale: 'The user\'s default location, e.g. "en-US".',
      timezone: 'Time zone in IANA format, e.g. "America/Los_Angeles".',
    }),
    attribute('active', 'boolean', { description: "The user's administrative status." }),
    attribute('password', 'string', {
      description:
        'Accepted on input and never stored or returned: sign-in happens at the identity provider.',
      mutability: 'writeOnly',
      returned: 'never',
      caseExact: true,
    }),
    multiValued('emails', 'Email addresses for the user.', { types: ['work', 'home', 'other'] }),
    multiValued('phoneNumbers', 'Phone numbers for the user.', {
      types: ['work', 'home', 'mobile', 'fax', 'pager', 'other'],
    }),
    multiValued('ims', 'Instant messaging addresses for the user.', {
      types: ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo'],
    }),
    multiValued('photos', 'URLs of photos of the user.', {
      valueType: 'reference',
      referenceTypes: ['external'],
      types: ['photo', 'thumbnail'],
    }),
    complex(
      'addresses',
      [
        ...stringAttributes({
          formatted: 'The full mailing address, formatted for display.',
          streetAddress: 'The full street address component.',
          locality: 'The city or locality component.',
          region: 'The state or region component.',
          postalCode: 'The zip code or postal code component.',
          country: 'The country name component (ISO 3166-1 alpha-2).',
        }),
        attribute('type', 'string', {
          description: "A label for the address's function.",
          canonicalValues: ['work', 'home', 'other'],
        }),
        attribute('primary', 'boolean', { description: 'Whether this is the primary address.' }),
      ],
      { multiValued: true, description: 'Physical mailing addresses for this user.' },
    ),
    complex(
      'groups',
      [
        attribute('value', 'string', { description: 'The id of the Group.', mutability: 'readOnly' }),
        attribute('$ref', 'reference', {
          description: 'The URI of the Group.',
          mutability: 'readOnly',
          referenceTypes: ['Group'],
        }),
        attribute('display', 'string', { description: "The Group's displayName.", mutability: 'readOnly' }),
        attribute('type', 'string', {
          description: 'How the membership is derived; this server reports direct memberships only.',
          mutability: 'readOnly',
          canonicalValues: ['direct'],
        }),
      ],
      {
        multiValued: true,
        description:
          "The Groups the user is a direct member of, computed from the Groups' members. Read-only; returned only when requested with attributes=groups.",
        mutability: 'readOnly',
        returned: 'request',
      },
    ),
    multiValued('entitlements', 'Entitlements of the user.'),
    multiValued('roles', 'Roles of the user.'),
    multiValued('x509Certificates', 'DER-encoded X.509 certificates of the user, base64.', {
      valueType: 'binary',
    }),
  ],
};
