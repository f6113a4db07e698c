/**
 * Promise 1: hostile inputs through the handlers. Every case goes through the local gateway and the real
 * handlers over HTTP, byte for byte (test/reliability/helpers.ts `rawRequest`). A refused request is an
 * RFC 7644 §3.12 error, application/scim+json, 4xx and never 5xx, and writes nothing: after each case the
 * tenant's counts, the target user and group (with meta.version) and the group's members are read back
 * unchanged. Inputs that are ignored by design (unknown core and read-only attributes) answer
 * 2xx and store nothing of what was ignored; keys that are not attribute names (`__proto__`, `constructor`) are
 * refused. No key such as `__proto__` reaches any object's prototype.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP_SCHEMA } from '../support/groups';
import { startScimServer, type TestServer, type TestTenant } from '../support/scim-server';
import { ENTERPRISE, USER_SCHEMA, userBody } from '../support/users';
import { allKeys, countOf, expectScimError, rawRequest, storedItem } from './helpers';

const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SEARCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const MiB = 1024 * 1024;

let server: TestServer;
let tenant: TestTenant;
let other: TestTenant;
/** The user and group every case may aim at; they must come out of each case unchanged. */
let userId: string;
let memberId: string;
let groupId: string;
let otherUserId: string;

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'polluted'];

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
  other = await server.newTenant();
  const create = async (t: TestTenant, path: string, body: unknown) => {
    const response = await t.request('POST', path, body);
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${response.text}`);
    return response.body.id as string;
  };
  userId = await create(tenant, '/Users', userBody('target.user@contoso.example'));
  memberId = await create(tenant, '/Users', userBody('member.user@contoso.example'));
  groupId = await create(tenant, '/Groups', {
    schemas: [GROUP_SCHEMA],
    displayName: 'Target Group',
    members: [{ value: memberId }],
  });
  otherUserId = await create(other, '/Users', userBody('other.tenant@fabrikam.example'));
});
afterAll(() => server.close());

/* ------------------------------------------------------------------------------------------------ *
 * Building hostile bodies
 * ------------------------------------------------------------------------------------------------ */

const json = (value: unknown) => JSON.stringify(value);
/**
 * `depth` nested objects around `leaf`, as JSON text: `{"value":{"value":…leaf…}}`. The key is one the
 * schema knows where it matters (an unknown key is dropped, whatever its value).
 */
const nestedObjects = (depth: number, key = 'value', leaf = '"x"') =>
  `${`{"${key}":`.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
/** `depth` nested arrays: `[[[…]]]`. */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
/** A User body (as JSON text) with `attribute` set to raw JSON text. */
const userWith = (userName: string, attribute: string, rawValue: string) =>
  `{"schemas":["${USER_SCHEMA}"],"userName":"${userName}","${attribute}":${rawValue}}`;
const patchWith = (operation: string) => `{"schemas":["${PATCH_SCHEMA}"],"Operations":[${operation}]}`;
const patch = (...operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations: operations });
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
/** A filter of `depth` nested parentheses. */
const parenthesised = (depth: number) => `${'('.repeat(depth)}userName eq "x"${')'.repeat(depth)}`;
const q = encodeURIComponent;

/* ------------------------------------------------------------------------------------------------ *
 * The table of refused (and harmless) requests
 * ------------------------------------------------------------------------------------------------ */

interface HostileCase {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below /scim/v2, sent as written; `{user}`, `{group}`, `{tenant}`, `{otherUser}` are filled in. */
  readonly path: string;
  /** A string or bytes is sent as is; anything else as JSON. */
  readonly body?: unknown;
  /** Defaults to application/scim+json when there is a body; null sends none. */
  readonly contentType?: string | null;
  readonly status: number;
  readonly scimType?: string;
}

const DEEP = 10_000;
const DEEPER = 100_000;

// biome-ignore format: a data table reads best one case per line
const CASES: readonly HostileCase[] = [
  // Syntax
  { name: 'malformed JSON', method: 'POST', path: '/Users', body: '{"userName": "x",', status: 400, scimType: 'invalidSyntax' },
  { name: 'truncated JSON', method: 'POST', path: '/Users', body: '{"userName": "trunc', status: 400, scimType: 'invalidSyntax' },
  { name: 'truncated PATCH', method: 'PATCH', path: '/Users/{user}', body: patchWith('{"op":"replace","path":"title","value":"x"').slice(0, -2), status: 400, scimType: 'invalidSyntax' },
  { name: 'a JSON array as a User', method: 'POST', path: '/Users', body: json([userBody('array@contoso.example')]), status: 400, scimType: 'invalidSyntax' },
  { name: 'a JSON string as a User', method: 'POST', path: '/Users', body: '"array@contoso.example"', status: 400, scimType: 'invalidSyntax' },
  { name: 'JSON null as a User', method: 'POST', path: '/Users', body: 'null', status: 400, scimType: 'invalidSyntax' },
  { name: 'a JSON number as a Group', method: 'POST', path: '/Groups', body: '42', status: 400, scimType: 'invalidSyntax' },
  { name: 'a JSON array as a PUT', method: 'PUT', path: '/Users/{user}', body: '[]', status: 400, scimType: 'invalidSyntax' },
  { name: 'a JSON array as a PATCH', method: 'PATCH', path: '/Users/{user}', body: json([{ op: 'replace', path: 'title', value: 'x' }]), status: 400, scimType: 'invalidSyntax' },
  { name: 'a JSON string as a Group PATCH', method: 'PATCH', path: '/Groups/{group}', body: '"remove"', status: 400, scimType: 'invalidSyntax' },
  { name: 'Operations as a string', method: 'PATCH', path: '/Users/{user}', body: { schemas: [PATCH_SCHEMA], Operations: 'replace' }, status: 400, scimType: 'invalidSyntax' },
  { name: 'an operation as an array', method: 'PATCH', path: '/Users/{user}', body: { Operations: [['replace', 'title', 'x']] }, status: 400, scimType: 'invalidSyntax' },
  { name: 'a JSON array as a search', method: 'POST', path: '/Users/.search', body: '[]', status: 400, scimType: 'invalidSyntax' },
  { name: 'an empty POST body', method: 'POST', path: '/Users', body: '', status: 400, scimType: 'invalidSyntax' },
  { name: 'an empty PATCH body', method: 'PATCH', path: '/Groups/{group}', body: '', status: 400, scimType: 'invalidSyntax' },

  // Deep nesting
  { name: `${DEEP} nested objects as an attribute value`, method: 'POST', path: '/Users', body: userWith('deep1@contoso.example', 'title', nestedObjects(DEEP)), status: 400, scimType: 'invalidValue' },
  { name: `${DEEP} nested arrays as a multi-valued attribute`, method: 'POST', path: '/Users', body: userWith('deep2@contoso.example', 'emails', nestedArrays(DEEP)), status: 400, scimType: 'invalidValue' },
  { name: `${DEEP} nested objects as a sub-attribute value`, method: 'POST', path: '/Users', body: userWith('deep3@contoso.example', 'name', nestedObjects(DEEP, 'givenName')), status: 400, scimType: 'invalidValue' },
  { name: `${DEEP} nested objects in the enterprise extension`, method: 'POST', path: '/Users', body: userWith('deep4@contoso.example', ENTERPRISE, `{"manager":${nestedObjects(DEEP)}}`), status: 400, scimType: 'invalidValue' },
  { name: `${DEEPER} nested objects as an attribute value`, method: 'POST', path: '/Users', body: userWith('deep5@contoso.example', 'nickName', nestedObjects(DEEPER)), status: 400, scimType: 'invalidValue' },
  { name: 'an array of 400,000 elements as an attribute value', method: 'POST', path: '/Users', body: userWith('wide1@contoso.example', 'emails', `[${'0,'.repeat(400_000)}0]`), status: 400, scimType: 'invalidValue' },
  { name: 'an array of 400,000 elements as a PATCH value', method: 'PATCH', path: '/Groups/{group}', body: patchWith(`{"op":"add","path":"members","value":[${'0,'.repeat(400_000)}0]}`), status: 400, scimType: 'invalidValue' },
  { name: `${DEEP} nested objects as a PATCH value`, method: 'PATCH', path: '/Users/{user}', body: patchWith(`{"op":"replace","path":"title","value":${nestedObjects(DEEP)}}`), status: 400, scimType: 'invalidValue' },
  { name: `${DEEP} nested arrays as a PATCH value`, method: 'PATCH', path: '/Users/{user}', body: patchWith(`{"op":"add","path":"emails","value":${nestedArrays(DEEP)}}`), status: 400, scimType: 'invalidValue' },
  { name: `${DEEP} nested objects in a path-less PATCH value`, method: 'PATCH', path: '/Users/{user}', body: patchWith(`{"op":"add","value":{"name":${nestedObjects(DEEP, 'familyName')}}}`), status: 400, scimType: 'invalidValue' },
  { name: `${DEEPER} nested arrays as a path-less PATCH value`, method: 'PATCH', path: '/Users/{user}', body: patchWith(`{"op":"replace","value":${nestedArrays(DEEPER)}}`), status: 400, scimType: 'invalidValue' },
  { name: `${DEEP} nested objects as a member`, method: 'PATCH', path: '/Groups/{group}', body: patchWith(`{"op":"add","path":"members","value":[${nestedObjects(DEEP)}]}`), status: 400, scimType: 'invalidValue' },
  { name: `${DEEP} nested objects as members of a new group`, method: 'POST', path: '/Groups', body: `{"displayName":"Deep","members":${nestedObjects(DEEP)}}`, status: 400, scimType: 'invalidValue' },
  { name: `${DEEP} nested arrays as a search filter`, method: 'POST', path: '/Users/.search', body: `{"filter":${nestedArrays(DEEP)}}`, status: 400, scimType: 'invalidSyntax' },

  // Size
  { name: 'a body over 1 MiB (POST)', method: 'POST', path: '/Users', body: json(userBody('huge1@contoso.example', { title: 'x'.repeat(MiB) })), status: 413 },
  { name: 'a body over 1 MiB (PATCH)', method: 'PATCH', path: '/Users/{user}', body: json(patch({ op: 'replace', path: 'title', value: 'x'.repeat(MiB) })), status: 413 },
  { name: 'a body over 1 MiB (PUT)', method: 'PUT', path: '/Users/{user}', body: json(userBody('huge3@contoso.example', { title: 'x'.repeat(MiB) })), status: 413 },
  { name: 'a body over 1 MiB (search)', method: 'POST', path: '/Users/.search', body: json({ filter: `userName eq "${'x'.repeat(MiB)}"` }), status: 413 },
  // Groups take 4.5 MiB, for Okta's PUT of a whole member list (GROUP_MAX_BODY_BYTES).
  { name: 'a Group body over 4.5 MiB (PUT)', method: 'PUT', path: '/Groups/{group}', body: json({ displayName: 'x'.repeat(5 * MiB) }), status: 413 },
  { name: 'a Group body over 4.5 MiB (search)', method: 'POST', path: '/Groups/.search', body: json({ filter: `displayName eq "${'x'.repeat(5 * MiB)}"` }), status: 413 },
  { name: 'a Group body of 1 MiB within its limit still meets the 2,048-character bound', method: 'PUT', path: '/Groups/{group}', body: json({ displayName: 'x'.repeat(MiB) }), status: 400, scimType: 'invalidValue' },
  { name: "a body over API Gateway's 10 MiB", method: 'POST', path: '/Users', body: json(userBody('huge2@contoso.example', { title: 'x'.repeat(11 * MiB) })), status: 413 },

  // Media type and encoding
  { name: 'Content-Type text/plain', method: 'POST', path: '/Users', body: json(userBody('ct1@contoso.example')), contentType: 'text/plain', status: 415 },
  { name: 'Content-Type form-urlencoded', method: 'POST', path: '/Users', body: 'userName=ct2%40contoso.example', contentType: 'application/x-www-form-urlencoded', status: 415 },
  { name: 'Content-Type application/xml', method: 'PATCH', path: '/Users/{user}', body: json(patch({ op: 'replace', path: 'title', value: 'ct' })), contentType: 'application/xml', status: 415 },
  { name: 'Content-Type multipart/form-data', method: 'PUT', path: '/Groups/{group}', body: json({ displayName: 'ct' }), contentType: 'multipart/form-data; boundary=x', status: 415 },
  { name: 'no Content-Type and malformed JSON', method: 'POST', path: '/Users', body: '{"userName":', contentType: null, status: 400, scimType: 'invalidSyntax' },
  { name: 'invalid UTF-8 (a lone continuation byte)', method: 'POST', path: '/Users', body: bytes('{"userName":"utf', [0x80], '@contoso.example"}'), status: 400, scimType: 'invalidSyntax' },
  { name: 'invalid UTF-8 (an overlong "/")', method: 'POST', path: '/Users', body: bytes('{"userName":"utf', [0xc0, 0xaf], '@contoso.example"}'), status: 400, scimType: 'invalidSyntax' },
  { name: 'invalid UTF-8 (an encoded surrogate)', method: 'PATCH', path: '/Users/{user}', body: bytes(patchWith('{"op":"replace","path":"title","value":"'), [0xed, 0xa0, 0x80], '"}]}'), status: 400, scimType: 'invalidSyntax' },
  { name: 'invalid UTF-8 (truncated at the end)', method: 'POST', path: '/Groups', body: bytes('{"displayName":"x"}', [0xe2, 0x82]), status: 400, scimType: 'invalidSyntax' },
  { name: 'a lone surrogate escape in userName', method: 'POST', path: '/Users', body: '{"userName":"lone\\ud800@contoso.example"}', status: 400, scimType: 'invalidSyntax' },
  { name: 'a lone surrogate escape in a PATCH value', method: 'PATCH', path: '/Users/{user}', body: patchWith('{"op":"replace","path":"title","value":"\\udfff"}'), status: 400, scimType: 'invalidSyntax' },
  { name: 'a lone surrogate escape in displayName', method: 'POST', path: '/Groups', body: '{"displayName":"Lone \\ud83d"}', status: 400, scimType: 'invalidSyntax' },
  { name: 'a lone surrogate escape in a key', method: 'POST', path: '/Users', body: '{"userName":"lonekey@contoso.example","\\udc00":1}', status: 400, scimType: 'invalidSyntax' },
  // The filter's own escapes are the core's to decode; a lone surrogate there finds nothing (and writes nothing).
  { name: 'a lone surrogate escape in a filter', method: 'GET', path: `/Users?filter=${q('userName eq "\\ud800"')}`, status: 200 },
  { name: 'Latin-1 bytes', method: 'POST', path: '/Users', body: bytes('{"userName":"Jos', [0xe9], '@contoso.example"}'), contentType: 'application/scim+json; charset=iso-8859-1', status: 400, scimType: 'invalidSyntax' },

  // Prototype keys where they can do harm
  { name: 'PATCH path __proto__', method: 'PATCH', path: '/Users/{user}', body: patch({ op: 'add', path: '__proto__', value: { polluted: 'yes' } }), status: 400, scimType: 'invalidPath' },
  { name: 'PATCH path __proto__.polluted', method: 'PATCH', path: '/Users/{user}', body: patch({ op: 'replace', path: '__proto__.polluted', value: 'yes' }), status: 400, scimType: 'invalidPath' },
  { name: 'PATCH path constructor.prototype', method: 'PATCH', path: '/Users/{user}', body: patch({ op: 'add', path: 'constructor.prototype', value: { polluted: 'yes' } }), status: 400, scimType: 'invalidPath' },
  { name: 'PATCH path prototype', method: 'PATCH', path: '/Groups/{group}', body: patch({ op: 'replace', path: 'prototype', value: { polluted: 'yes' } }), status: 400, scimType: 'invalidPath' },
  { name: 'PATCH path name.__proto__', method: 'PATCH', path: '/Users/{user}', body: patch({ op: 'add', path: 'name.__proto__', value: { polluted: 'yes' } }), status: 400, scimType: 'invalidPath' },
  { name: 'PATCH path emails[…].__proto__', method: 'PATCH', path: '/Users/{user}', body: patch({ op: 'add', path: 'emails[type eq "work"].__proto__', value: { polluted: 'yes' } }), status: 400, scimType: 'invalidPath' },
  { name: 'PATCH path with __proto__ in a value filter', method: 'PATCH', path: '/Users/{user}', body: patch({ op: 'replace', path: 'emails[__proto__ eq "x"].value', value: 'yes' }), status: 400, scimType: 'invalidPath' },
  { name: 'PATCH path enterprise:__proto__', method: 'PATCH', path: '/Users/{user}', body: patch({ op: 'add', path: `${ENTERPRISE}:__proto__`, value: { polluted: 'yes' } }), status: 400, scimType: 'invalidPath' },
  { name: 'PATCH path members.__proto__', method: 'PATCH', path: '/Groups/{group}', body: patch({ op: 'add', path: 'members.__proto__', value: { polluted: 'yes' } }), status: 400, scimType: 'invalidPath' },
  { name: 'a member given as {"__proto__": {value}}', method: 'PATCH', path: '/Groups/{group}', body: patchWith(`{"op":"add","path":"members","value":[{"__proto__":{"value":"{user}"}}]}`), status: 400, scimType: 'invalidSyntax' },
  { name: 'filter on __proto__', method: 'GET', path: `/Users?filter=${q('__proto__ eq "x"')}`, status: 400, scimType: 'invalidFilter' },
  { name: 'filter on constructor.prototype', method: 'GET', path: `/Groups?filter=${q('constructor.prototype pr')}`, status: 400, scimType: 'invalidFilter' },

  // Huge strings and arrays
  { name: 'a 100,000-character userName', method: 'POST', path: '/Users', body: userBody('x'.repeat(100_000)), status: 400, scimType: 'invalidValue' },
  { name: 'a 3,000-character title', method: 'POST', path: '/Users', body: userBody('long1@contoso.example', { title: 'x'.repeat(3000) }), status: 400, scimType: 'invalidValue' },
  { name: 'a 3,000-character externalId', method: 'POST', path: '/Users', body: userBody('long2@contoso.example', { externalId: 'x'.repeat(3000) }), status: 400, scimType: 'invalidValue' },
  { name: '1,000 emails', method: 'POST', path: '/Users', body: userBody('many1@contoso.example', { emails: Array.from({ length: 1000 }, (_, i) => ({ value: `e${i}@contoso.example` })), }), status: 400, scimType: 'invalidValue' },
  { name: 'a resource over 96 KB in allowed pieces', method: 'POST', path: '/Users', body: userBody('big@contoso.example', { emails: Array.from({ length: 100 }, (_, i) => ({ value: `${i}${'x'.repeat(2000)}@contoso.example` })), }), status: 400, scimType: 'invalidValue' },
  { name: 'a 3,000-character title by PATCH', method: 'PATCH', path: '/Users/{user}', body: patch({ op: 'replace', path: 'title', value: 'x'.repeat(3000) }), status: 400, scimType: 'invalidValue' },
  { name: '1,000 phone numbers by PATCH', method: 'PATCH', path: '/Users/{user}', body: patch({ op: 'add', path: 'phoneNumbers', value: Array.from({ length: 1000 }, (_, i) => ({ value: `+1 555 ${i}` })), }), status: 400, scimType: 'invalidValue' },
  { name: '100 emails of 1,000 characters by PATCH', method: 'PATCH', path: '/Users/{user}', body: patch({ op: 'add', value: { emails: Array.from({ length: 100 }, (_, i) => ({ value: `${i}${'x'.repeat(1000)}@contoso.example` })), }, }), status: 400, scimType: 'invalidValue' },
  { name: 'a 100,000-character displayName', method: 'POST', path: '/Groups', body: { displayName: 'x'.repeat(100_000) }, status: 400, scimType: 'invalidValue' },
  { name: 'a 3,000-character displayName by PUT', method: 'PUT', path: '/Groups/{group}', body: { displayName: 'x'.repeat(3000) }, status: 400, scimType: 'invalidValue' },
  // Short values keep 100,001 members inside the 4.5 MiB body limit, so the member bound itself is what refuses.
  { name: '100,001 members', method: 'PATCH', path: '/Groups/{group}', body: patch({ op: 'add', path: 'members', value: Array.from({ length: 100_001 }, () => ({ value: 'x' })), }), status: 400, scimType: 'invalidValue' },
  { name: '1,001 PATCH operations', method: 'PATCH', path: '/Users/{user}', body: patch(...Array.from({ length: 1001 }, () => ({ op: 'replace', path: 'title', value: 'x' }))), status: 400, scimType: 'invalidSyntax' },

  // Ids that are no ids of ours
  ...(['GET', 'PUT', 'PATCH', 'DELETE'] as const).flatMap((method): HostileCase[] =>
    [
      ['a slash (%2F)', '/Users/a%2Fb'],
      ['dot segments', '/Users/..'],
      ['encoded dot segments', '/Users/%2e%2e'],
      ['..%2F to another route', '/Users/..%2F..%2FGroups'],
      ['a fragment', '/Users/{user}#x'],
      ['%23', '/Users/%23'],
      ['an encoded key of the table', '/Users/TENANT%23{tenant}%23User%23{user}'],
      ["another tenant's key", '/Users/TENANT%23{otherTenant}'],
      ['a user id and %23', '/Groups/{group}%23'],
      ['4,000 characters', `/Users/${'a'.repeat(4000)}`],
      ['a malformed escape', '/Users/%E0%A4%A'],
      ['a lone %', '/Groups/%'],
      ['NUL', '/Users/%00'],
      ['a Group id on /Users', '/Users/{group}'],
      ['a User id on /Groups', '/Groups/{user}'],
      ["another tenant's user id", '/Users/{otherUser}'],
    ].map(([what, path]) => ({
      name: `${method} an id with ${what}`,
      method,
      path: path as string,
      ...(method === 'PUT'
        ? {
            body: path?.startsWith('/Groups')
              ? { displayName: 'Put By Id' }
              : userBody('put.by.id@contoso.example'),
          }
        : {}),
      ...(method === 'PATCH' ? { body: patch({ op: 'replace', path: 'title', value: 'by id' }) } : {}),
      // A client resolves dot segments before sending (RFC 3986 §5.2.4; fetch does, encoded ones too):
      // `/Users/..` arrives as the server root, whose query GET answers and whose other methods are 405.
      status: what?.includes('dot segments') ? (method === 'GET' ? 200 : 405) : 404,
    })),
  ),

  // Paging
  { name: 'startIndex=0', method: 'GET', path: '/Users?startIndex=0', status: 200 },
  { name: 'startIndex=-5', method: 'GET', path: '/Users?startIndex=-5&count=1', status: 200 },
  { name: 'count=0', method: 'GET', path: '/Users?count=0', status: 200 },
  { name: 'count=-1', method: 'GET', path: '/Groups?count=-1', status: 200 },
  { name: 'startIndex of 31 digits', method: 'GET', path: `/Users?startIndex=1${'0'.repeat(30)}`, status: 200 },
  { name: 'count of 31 digits', method: 'GET', path: `/Users?count=1${'0'.repeat(30)}`, status: 200 },
  { name: 'startIndex=1e30', method: 'GET', path: '/Users?startIndex=1e30', status: 400, scimType: 'invalidValue' },
  { name: 'count=1e30', method: 'GET', path: '/Groups?count=1e30', status: 400, scimType: 'invalidValue' },
  { name: 'startIndex=abc', method: 'GET', path: '/Users?startIndex=abc', status: 400, scimType: 'invalidValue' },
  { name: 'count=NaN', method: 'GET', path: '/Users?count=NaN', status: 400, scimType: 'invalidValue' },
  { name: 'count=Infinity', method: 'GET', path: '/Users?count=Infinity', status: 400, scimType: 'invalidValue' },
  { name: 'count=1.5', method: 'GET', path: '/Users?count=1.5', status: 400, scimType: 'invalidValue' },
  // A JSON number 1e30 is an integer, only a large one: clamped like any count above the maximum.
  { name: 'count 1e30 in a search', method: 'POST', path: '/Users/.search', body: '{"count":1e30}', status: 200 },
  { name: 'count 1.5 in a search', method: 'POST', path: '/Users/.search', body: '{"count":1.5}', status: 400, scimType: 'invalidValue' },
  { name: 'startIndex as an object in a search', method: 'POST', path: '/Groups/.search', body: { startIndex: {} }, status: 400, scimType: 'invalidValue' },
  { name: 'count -7 in a search', method: 'POST', path: '/Users/.search', body: { schemas: [SEARCH_SCHEMA], count: -7 }, status: 200 },
  { name: 'a cursor that is a key of the table', method: 'GET', path: `/Users?cursor=${q('TENANT#x#User#y')}`, status: 400, scimType: 'invalidCursor' },
  { name: 'a cursor with dot segments', method: 'GET', path: '/Groups?cursor=..%2F..', status: 400, scimType: 'invalidCursor' },

  // Filters
  { name: 'a 100 KB filter', method: 'POST', path: '/Users/.search', body: { filter: `userName eq "${'x'.repeat(100_000)}"` }, status: 400, scimType: 'invalidFilter' },
  { name: 'a 100 KB filter of or-terms', method: 'POST', path: '/Groups/.search', body: { filter: Array.from({ length: 5000 }, (_, i) => `displayName eq "g${i}"`).join(' or ') }, status: 400, scimType: 'invalidFilter' },
  { name: '1,000 nested parentheses', method: 'GET', path: `/Users?filter=${q(parenthesised(1000))}`, status: 400, scimType: 'invalidFilter' },
  { name: '1,000 nested parentheses in a search', method: 'POST', path: '/Groups/.search', body: { filter: parenthesised(1000).replace('userName', 'displayName') }, status: 400, scimType: 'invalidFilter' },
  { name: '1,000 nested nots', method: 'GET', path: `/Users?filter=${q(`${'not ('.repeat(1000)}userName eq "x"${')'.repeat(1000)}`)}`, status: 400, scimType: 'invalidFilter' },
  { name: '1,000 unclosed parentheses', method: 'GET', path: `/Users?filter=${q('('.repeat(1000))}`, status: 400, scimType: 'invalidFilter' },
  { name: '600 or-terms', method: 'GET', path: `/Users?filter=${q(Array.from({ length: 600 }, () => 'title pr').join(' or '))}`, status: 400, scimType: 'invalidFilter' },
  { name: 'an unterminated string', method: 'GET', path: `/Users?filter=${q('userName eq "x')}`, status: 400, scimType: 'invalidFilter' },
  { name: 'a filter of NUL', method: 'GET', path: '/Users?filter=%00', status: 400, scimType: 'invalidFilter' },
];

/* ------------------------------------------------------------------------------------------------ *
 * Running a case
 * ------------------------------------------------------------------------------------------------ */

function fill(text: string): string {
  return text
    .replaceAll('{user}', userId)
    .replaceAll('{group}', groupId)
    .replaceAll('{otherUser}', otherUserId)
    .replaceAll('{otherTenant}', other.tenantId)
    .replaceAll('{tenant}', tenant.tenantId);
}

function send(c: Pick<HostileCase, 'method' | 'path' | 'body' | 'contentType'>) {
  const body =
    c.body === undefined
      ? undefined
      : c.body instanceof Uint8Array
        ? c.body
        : fill(typeof c.body === 'string' ? c.body : json(c.body));
  const contentType = c.contentType === undefined ? 'application/scim+json' : c.contentType;
  return rawRequest(
    server.baseUrl,
    c.method,
    fill(c.path),
    {
      Authorization: `Bearer ${tenant.token}`,
      ...(body === undefined || contentType === null ? {} : { 'Content-Type': contentType }),
    },
    body,
  );
}

/** What must not change when a request is refused: counts, the target resources, their versions, members. */
async function snapshot() {
  const [users, groups, user, member, group, otherUser] = await Promise.all([
    countOf(tenant, '/Users'),
    countOf(tenant, '/Groups'),
    tenant.request('GET', `/Users/${userId}?attributes=groups,userName,name,emails,title,meta,externalId`),
    tenant.request('GET', `/Users/${memberId}`),
    tenant.request('GET', `/Groups/${groupId}`),
    other.request('GET', `/Users/${otherUserId}`),
  ]);
  return {
    users,
    groups,
    user: user.body,
    member: member.body,
    group: group.body,
    otherUser: otherUser.body,
  };
}

describe('hostile inputs', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await snapshot();
    const response = await send(c);
    if (c.status >= 400) {
      expectScimError(response, c.status, c.scimType, c.name);
    } else {
      expect(response.status, response.text.slice(0, 300)).toBe(c.status);
      expect(response.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
      expect(response.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    }
    expect(await snapshot(), `${c.name}: nothing written`).toEqual(before);
  });

  it('left no key on any prototype', () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  });
});

describe('paging extremes answer a ListResponse within bounds', () => {
  it('clamps startIndex and count as RFC 7644 §3.4.2.4 says', async () => {
    const zero = await tenant.request('GET', '/Users?startIndex=0&count=1');
    expect(zero.body).toMatchObject({ startIndex: 1, itemsPerPage: 1 });
    const none = await tenant.request('GET', '/Users?count=-3');
    expect(none.body).toMatchObject({ itemsPerPage: 0, Resources: [] });
    expect(none.body.totalResults).toBeGreaterThanOrEqual(2);
    const far = await tenant.request('GET', `/Users?startIndex=1${'0'.repeat(30)}`);
    expect(far.body).toMatchObject({ itemsPerPage: 0, Resources: [] });
    const many = await tenant.request('GET', `/Users?count=1${'0'.repeat(30)}`);
    expect(many.body.itemsPerPage).toBe(many.body.totalResults);
  });
});

/* ------------------------------------------------------------------------------------------------ *
 * Ignored input: accepted, nothing of it stored
 * ------------------------------------------------------------------------------------------------ */

/** The user's stored item and its representation, and the keys neither may have. */
async function expectNoneOfKeys(kind: 'User' | 'Group', id: string, forbidden: readonly string[]) {
  const item = await storedItem(server.db, tenant.tenantId, kind, id);
  expect(item).toBeDefined();
  const representation = await tenant.request('GET', `/${kind}s/${id}`);
  for (const found of [allKeys(item), allKeys(representation.body)]) {
    for (const key of forbidden) expect(found.has(key), `${kind} ${id} has ${key}`).toBe(false);
  }
}

describe('prototype keys in bodies are refused (RFC 7643 §2.1 ATTRNAME) and nothing is written', () => {
  const polluting = (userName: string) =>
    `{"schemas":["${USER_SCHEMA}","${ENTERPRISE}"],"userName":"${userName}",` +
    `"__proto__":{"polluted":"yes","userName":"proto@x"},` +
    `"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},` +
    `"name":{"givenName":"Proto","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}},` +
    `"emails":[{"value":"${userName}","__proto__":{"polluted":"yes"}}],` +
    `"${ENTERPRISE}":{"department":"R&D","__proto__":{"polluted":"yes"},"manager":{"__proto__":{"value":"x"}}}}`;

  it('refuses a POST full of prototype keys: 400 invalidSyntax, no user', async () => {
    const before = await snapshot();
    const created = await send({
      method: 'POST',
      path: '/Users',
      body: polluting('proto.user@contoso.example'),
    });
    expectScimError(created, 400, 'invalidSyntax');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a PUT full of prototype keys and leaves the user as it was', async () => {
    const id = (await tenant.request('POST', '/Users', userBody('proto.put@contoso.example'))).body.id;
    const before = await snapshot();
    const replaced = await send({
      method: 'PUT',
      path: `/Users/${id}`,
      body: polluting('proto.put@contoso.example'),
    });
    expectScimError(replaced, 400, 'invalidSyntax');
    expect(await snapshot()).toEqual(before);
    await expectNoneOfKeys('User', id, PROTO_KEYS);
  });

  it('refuses prototype keys at any level of a path-less PATCH value, and writes nothing', async () => {
    const id = (await tenant.request('POST', '/Users', userBody('proto.patch@contoso.example'))).body.id;
    const values = [
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"prototype":{"polluted":"yes"}}',
      '{"name.__proto__":{"polluted":"yes"}}',
      '{"name":{"__proto__":{"polluted":"yes"}}}',
      `{"${ENTERPRISE}":{"__proto__":{"polluted":"yes"}}}`,
      `{"${ENTERPRISE}:__proto__":{"polluted":"yes"}}`,
      '{"urn:example:custom:2.0:User":{"constructor":"yes"}}',
    ];
    const before = await snapshot();
    for (const value of values) {
      for (const op of ['add', 'replace']) {
        const response = await send({
          method: 'PATCH',
          path: `/Users/${id}`,
          body: patchWith(`{"op":"${op}","value":${value}}`),
        });
        expectScimError(response, 400, 'invalidSyntax');
      }
    }
    expect(await snapshot()).toEqual(before);
    await expectNoneOfKeys('User', id, PROTO_KEYS);
  });

  it('refuses a group body with prototype keys, and creates no group', async () => {
    const before = await snapshot();
    const created = await send({
      method: 'POST',
      path: '/Groups',
      body: `{"displayName":"Proto Group","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"members":[{"value":"${memberId}"}]}`,
    });
    expectScimError(created, 400, 'invalidSyntax');
    expect(await snapshot()).toEqual(before);
  });

  it('still left no key on any prototype', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('unknown core attributes are ignored; undeclared extensions are kept as sent (docs/schema-extensions.md)', () => {
  const UNKNOWN = 'urn:example:params:scim:schemas:extension:unknown:2.0:User';

  it('POST: ignores unknown core attributes, keeps the undeclared extension and lists it in schemas', async () => {
    const created = await send({
      method: 'POST',
      path: '/Users',
      body: userWith(
        'unknown.post@contoso.example',
        'adreses',
        `[{"street":"x"}],"schemas":["${USER_SCHEMA}","${UNKNOWN}"],"${UNKNOWN}":{"badge":"7"},"deep":${nestedObjects(DEEP)}`,
      ),
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.schemas).toEqual([USER_SCHEMA, UNKNOWN]);
    expect(created.body[UNKNOWN]).toEqual({ badge: '7' });
    await expectNoneOfKeys('User', created.body.id, ['adreses', 'deep']);
    const read = await tenant.request('GET', `/Users/${created.body.id}`);
    expect(read.body[UNKNOWN]).toEqual({ badge: '7' });
  });

  it('PUT and path-less PATCH: the undeclared extension is written; unknown core attributes are not', async () => {
    const body = userBody('unknown.put@contoso.example');
    const id = (await tenant.request('POST', '/Users', body)).body.id;
    const put = await tenant.request('PUT', `/Users/${id}`, {
      ...body,
      schemas: [...(body.schemas as string[]), UNKNOWN],
      [UNKNOWN]: { badge: '7' },
      adreses: [{ street: 'x' }],
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body.meta.version).toBe('W/"2"');
    expect(put.body[UNKNOWN]).toEqual({ badge: '7' });
    const patched = await tenant.request(
      'PATCH',
      `/Users/${id}`,
      patch({ op: 'add', value: { adreses: [{ street: 'x' }], [`${UNKNOWN}:badge`]: '8' } }),
    );
    expect(patched.status, patched.text).toBeLessThan(300);
    const read = await tenant.request('GET', `/Users/${id}`);
    expect(read.body[UNKNOWN]).toEqual({ badge: '8' });
    await expectNoneOfKeys('User', id, ['adreses']);
  });

  it('POST /Groups: keeps the undeclared extension, ignores the unknown attribute', async () => {
    const created = await tenant.request('POST', '/Groups', {
      schemas: [GROUP_SCHEMA, UNKNOWN],
      displayName: 'Unknown Attributes',
      owner: 'someone',
      [UNKNOWN]: { badge: '7' },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body[UNKNOWN]).toEqual({ badge: '7' });
    await expectNoneOfKeys('Group', created.body.id, ['owner']);
  });

  it('an explicit PATCH path to an unknown attribute is 400 invalidPath, and writes nothing', async () => {
    const before = await snapshot();
    const response = await tenant.request(
      'PATCH',
      `/Users/${userId}`,
      patch({ op: 'add', path: 'adreses', value: 'x' }),
    );
    expectScimError(response, 400, 'invalidPath');
    expect(await snapshot()).toEqual(before);
  });
});

describe('read-only attributes in input are ignored', () => {
  const forged = () => ({
    id: otherUserId,
    meta: {
      resourceType: 'User',
      version: 'W/"99"',
      created: '2001-01-01T00:00:00Z',
      location: 'https://evil.example/x',
    },
    groups: [{ value: groupId, display: 'Target Group' }],
  });

  it('POST: a new id, a fresh meta, no group', async () => {
    const created = await tenant.request(
      'POST',
      '/Users',
      userBody('readonly.post@contoso.example', forged()),
    );
    expect(created.status, created.text).toBe(201);
    expect(created.body.id).not.toBe(otherUserId);
    expect(created.body.meta.version).toBe('W/"1"');
    expect(created.body.meta.created).not.toBe('2001-01-01T00:00:00Z');
    expect(created.body.meta.location).toBe(`${server.baseUrl}/Users/${created.body.id}`);
    const groups = await tenant.request('GET', `/Users/${created.body.id}?attributes=groups`);
    expect(groups.body.groups ?? []).toEqual([]);
    const group = await tenant.request('GET', `/Groups/${groupId}`);
    expect(group.body.members.map((m: { value: string }) => m.value)).toEqual([memberId]);
    // The other tenant's user, whose id was forged, is untouched.
    expect((await other.request('GET', `/Users/${otherUserId}`)).body.meta.version).toBe('W/"1"');
  });

  it('PUT and path-less PATCH: the same id and version, no group', async () => {
    const body = userBody('readonly.put@contoso.example');
    const id = (await tenant.request('POST', '/Users', body)).body.id;
    const put = await tenant.request('PUT', `/Users/${id}`, { ...body, ...forged() });
    expect(put.status, put.text).toBe(200);
    expect(put.body.id).toBe(id);
    expect(put.body.meta.version).toBe('W/"1"');
    const patched = await tenant.request('PATCH', `/Users/${id}`, patch({ op: 'replace', value: forged() }));
    expect(patched.status, patched.text).toBe(204);
    expect(patched.headers.get('etag')).toBe('W/"1"');
    const read = await tenant.request('GET', `/Users/${id}?attributes=groups`);
    expect(read.body.groups ?? []).toEqual([]);
    expect(await storedItem(server.db, tenant.tenantId, 'User', id)).toMatchObject({ id, version: 1 });
  });

  it('an explicit PATCH path to id, meta or groups is 400 mutability, and writes nothing', async () => {
    const before = await snapshot();
    for (const [path, value] of [
      ['id', otherUserId],
      ['meta.version', 'W/"99"'],
      ['groups', [{ value: groupId }]],
    ] as const) {
      const response = await tenant.request(
        'PATCH',
        `/Users/${userId}`,
        patch({ op: 'replace', path, value }),
      );
      expectScimError(response, 400, 'mutability', path);
    }
    expect(await snapshot()).toEqual(before);
  });
});
