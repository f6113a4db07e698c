import { describe, expect, it } from 'vitest';
import { parseSearchRequest, SEARCH_REQUEST_SCHEMA } from '../../../functions/scim/list-request';
import { PATCH_OP_SCHEMA, parsePatchRequest } from '../../../functions/scim/patch/patch-request';
import { expectScimError } from './load-fixture';

/** `schemas` as a client sends it, `URI` standing for the message's own URI. */
type Sent = unknown;
const URI = '$URI';

/** RFC 7644 §3.4.3 and §3.5.2: a SearchRequest's `schemas` is checked exactly as a PatchOp's. */
const CASES: readonly { name: string; schemas: Sent; accepted: boolean }[] = [
  { name: "the message's URI", schemas: [URI], accepted: true },
  { name: 'the URI beside another', schemas: ['urn:example:other', URI], accepted: true },
  { name: 'absent', schemas: undefined, accepted: true },
  { name: 'null', schemas: null, accepted: true },
  {
    name: "another message's URI only",
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    accepted: false,
  },
  { name: 'an empty array', schemas: [], accepted: false },
  { name: 'the URI as a string, not an array', schemas: URI, accepted: false },
  { name: 'an array holding a number', schemas: [URI, 7], accepted: false },
  { name: 'an object', schemas: { 0: URI }, accepted: false },
];

const MESSAGES = [
  {
    message: 'SearchRequest',
    uri: SEARCH_REQUEST_SCHEMA,
    parse: (schemas: Sent) => parseSearchRequest(withSchemas({ filter: 'userName pr' }, schemas)),
  },
  {
    message: 'PatchOp',
    uri: PATCH_OP_SCHEMA,
    parse: (schemas: Sent) =>
      parsePatchRequest(withSchemas({ Operations: [{ op: 'remove', path: 'title' }] }, schemas)),
  },
];

function withSchemas(body: Record<string, unknown>, schemas: Sent): Record<string, unknown> {
  return schemas === undefined ? body : { schemas, ...body };
}

function spelled(schemas: Sent, uri: string): Sent {
  if (schemas === URI) return uri;
  return Array.isArray(schemas) ? schemas.map((s) => (s === URI ? uri : s)) : schemas;
}

describe.each(MESSAGES)("a $message's schemas", ({ uri, parse }) => {
  it.each(CASES.filter((c) => c.accepted))('accepts $name', ({ schemas }) => {
    expect(() => parse(spelled(schemas, uri))).not.toThrow();
  });

  it.each(CASES.filter((c) => !c.accepted))('refuses $name: 400 invalidSyntax', ({ schemas }) => {
    const error = expectScimError(() => parse(spelled(schemas, uri)), {
      status: 400,
      scimType: 'invalidSyntax',
    });
    expect(error.message).toMatch(/schemas/);
  });
});
