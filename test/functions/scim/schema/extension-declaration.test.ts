import { describe, expect, it } from 'vitest';
import { declaredResourceTypes } from '../../../../functions/scim/schema/declared-resource-types';
import { parseExtensionDeclarations } from '../../../../functions/scim/schema/extension-declaration';
import { DEFAULT_RESOURCE_TYPES } from '../../../../functions/scim/schema/resource-type';

const ID = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
const one = (attributes: unknown[], extra: Record<string, unknown> = {}) => [
  { id: ID, resourceType: 'User', attributes, ...extra },
];
const badge = { name: 'badgeNumber', type: 'string' };

describe('parseExtensionDeclarations: what a vendor may declare', () => {
  it('fills RFC 7643 §2.2 defaults into the schema /Schemas returns', () => {
    const [declared] = parseExtensionDeclarations(one([badge]));
    const types = declaredResourceTypes(parseExtensionDeclarations(one([badge])));
    expect(declared?.id).toBe(ID);
    expect(types.User.extensions.at(-1)).toEqual({
      required: false,
      schema: {
        id: ID,
        name: 'User',
        description: '',
        attributes: [
          {
            name: 'badgeNumber',
            type: 'string',
            multiValued: false,
            description: '',
            required: false,
            caseExact: false,
            mutability: 'readWrite',
            returned: 'default',
            uniqueness: 'none',
          },
        ],
      },
    });
    expect(types.Group).toBe(DEFAULT_RESOURCE_TYPES.Group);
  });

  it('changes nothing when nothing is declared', () => {
    expect(declaredResourceTypes(parseExtensionDeclarations([]))).toBe(DEFAULT_RESOURCE_TYPES);
  });

  it.each([
    { what: 'not a list', input: { id: ID }, message: /list of extension declarations/ },
    {
      what: 'an id that is not a URN',
      input: [{ id: 'acme', resourceType: 'User', attributes: [badge] }],
      message: /0\.id.*URN/,
    },
    {
      what: 'an unknown resource type',
      input: one([badge], { resourceType: 'Role' }),
      message: /User or Group/,
    },
    { what: 'no attributes', input: one([]), message: /attributes.*empty/ },
    {
      what: 'an attribute name that is not an ATTRNAME',
      input: one([{ name: '__proto__', type: 'string' }]),
      message: /attribute name/,
    },
    {
      what: 'a reserved name',
      input: one([{ name: 'constructor', type: 'string' }]),
      message: /attribute name/,
    },
    {
      what: 'two attributes named alike',
      input: one([badge, { name: 'BADGENUMBER', type: 'integer' }]),
      message: /distinct names/,
    },
    { what: 'an unknown type', input: one([{ name: 'a', type: 'date' }]), message: /type/ },
    {
      what: 'a complex attribute without sub-attributes',
      input: one([{ name: 'a', type: 'complex' }]),
      message: /subAttributes/,
    },
    {
      what: 'a complex sub-attribute',
      input: one([
        {
          name: 'a',
          type: 'complex',
          subAttributes: [{ name: 'b', type: 'complex', subAttributes: [badge] }],
        },
      ]),
      message: /non-complex|type/,
    },
    {
      what: 'sub-attributes on a string',
      input: one([{ ...badge, subAttributes: [badge] }]),
      message: /subAttributes/,
    },
    {
      what: 'uniqueness server, which is not enforced',
      input: one([{ ...badge, uniqueness: 'server' }]),
      message: /only none/,
    },
    {
      what: 'mutability immutable, which is not enforced',
      input: one([{ ...badge, mutability: 'immutable' }]),
      message: /only readWrite/,
    },
    {
      what: 'returned never',
      input: one([{ ...badge, returned: 'never' }]),
      message: /always, default or request/,
    },
    {
      what: 'an unknown property (a typo)',
      input: one([{ ...badge, multivalued: true }]),
      message: /multivalued/,
    },
    {
      what: 'the enterprise schema again',
      input: one([badge], { id: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' }),
      message: /core or enterprise/,
    },
    {
      what: 'the same id twice',
      input: [...one([badge]), ...one([badge], { id: ID.toUpperCase() })],
      message: /distinct ids/,
    },
    {
      what: 'an id inside another',
      input: [...one([badge]), ...one([badge], { id: `${ID}:badgeNumber` })],
      message: /begins with another/,
    },
    {
      what: '51 attributes',
      input: one(Array.from({ length: 51 }, (_, i) => ({ name: `a${i}`, type: 'string' }))),
      message: /50/,
    },
  ])('refuses $what', ({ input, message }) => {
    expect(() => parseExtensionDeclarations(input)).toThrow(message);
  });
});
