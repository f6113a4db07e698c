import { describe, expect, it } from 'vitest';
import { assertAttributeNames, isAttributeName } from '../../../../functions/scim/schema/attribute-name';
import { ScimError } from '../../../../functions/scim/scim-error';

const X = 'urn:ietf:params:scim:schemas:extension:CustomExt:2.0:User';

/** RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar); names of Object.prototype's members are refused too. */
const NAMES: readonly [string, boolean][] = [
  ['userName', true],
  ['employee-number', true],
  ['cost_code2', true],
  ['$ref', true],
  ['__proto__', false],
  ['constructor', false],
  ['Constructor', false],
  ['prototype', false],
  ['toString', false],
  ['hasOwnProperty', false],
  ['1st', false],
  ['_private', false],
  ['a b', false],
  ['', false],
  ['name.givenName', false],
];

describe('isAttributeName', () => {
  it.each(NAMES)('%s → %s', (name, expected) => {
    expect(isAttributeName(name)).toBe(expected);
  });
});

/** Bodies, whether they are a resource's top level, and whether they are refused (400 invalidSyntax). */
const BODIES: readonly { name: string; body: unknown; topLevel?: boolean; refused: boolean }[] = [
  {
    name: 'a User',
    body: { userName: 'b', name: { givenName: 'B' }, emails: [{ value: 'b@x' }] },
    refused: false,
  },
  { name: 'an extension by its URN', body: { [X]: { costCode: 'C' } }, refused: false },
  { name: 'a URN-qualified attribute', body: { [`${X}:costCode`]: 'C' }, refused: false },
  {
    name: 'a SCIM 1.1 style URN ending in a version',
    body: { 'urn:scim:schemas:extension:custom:1.0': { a: 1 } },
    refused: false,
  },
  {
    name: 'paths as keys of a path-less PATCH value',
    body: { 'name.givenName': 'B', 'emails[type eq "work"].value': 'b@x' },
    refused: false,
  },
  { name: '__proto__ at the top', body: JSON.parse('{"__proto__": {"polluted": true}}'), refused: true },
  { name: 'constructor at the top', body: { constructor: { prototype: {} } }, refused: true },
  {
    name: '__proto__ in a complex value',
    body: JSON.parse('{"name": {"__proto__": {"x": 1}}}'),
    refused: true,
  },
  {
    name: '__proto__ in a multi-valued value',
    body: JSON.parse('{"emails": [{"__proto__": {"x": 1}}]}'),
    refused: true,
  },
  { name: 'constructor in an extension', body: { [X]: { constructor: 'x' } }, refused: true },
  { name: 'a qualified __proto__', body: { [`${X}:__proto__`]: 1 }, refused: true },
  { name: 'a path through __proto__', body: { '__proto__.polluted': 1 }, refused: true },
  { name: 'a name with a space', body: { 'user name': 'b' }, refused: true },
  { name: 'a URN below the top', body: { name: { [X]: 1 } }, refused: true },
  { name: 'a value whose keys are names', body: { givenName: 'B' }, topLevel: false, refused: false },
  { name: 'a value with a path as a key', body: { 'name.givenName': 'B' }, topLevel: false, refused: true },
];

describe('assertAttributeNames', () => {
  it.each(BODIES)('$name: refused $refused', ({ body, topLevel, refused }) => {
    const check = () => assertAttributeNames(body, 'The body', topLevel ?? true);
    if (!refused) {
      expect(check).not.toThrow();
      return;
    }
    expect(check).toThrow(ScimError);
    try {
      check();
    } catch (error) {
      expect(error).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    }
  });

  it('walks a body wider than any client sends in one pass (100,000 keys)', () => {
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`a${i}`, i]));
    expect(() => assertAttributeNames({ [X]: wide }, 'The body')).not.toThrow();
  });
});
