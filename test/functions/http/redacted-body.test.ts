import { describe, expect, it } from 'vitest';
import { MAX_KEPT_BODY_BYTES, NOT_JSON, REDACTED, redactedBody } from '../../../functions/http/redacted-body';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const SECRET = 'Sup3r-s3cret!';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const patch = (...Operations: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations,
});

/** Issue 14: what a line keeps of a body, credentials never. Each row: a body, and the body kept. */
describe('a body as the request log keeps it: every credential redacted, at any depth', () => {
  it.each<{ why: string; body: unknown; kept: unknown }>([
    {
      why: 'a user without credentials: as sent',
      body: { userName: 'ada@contoso.example', name: { givenName: 'Ada' }, active: true, n: 1 },
      kept: { userName: 'ada@contoso.example', name: { givenName: 'Ada' }, active: true, n: 1 },
    },
    {
      why: 'password, any case',
      body: { userName: 'ada', password: SECRET, PassWord: SECRET, userPassword: SECRET },
      kept: { userName: 'ada', password: REDACTED, PassWord: REDACTED, userPassword: REDACTED },
    },
    {
      why: 'secrets, tokens, assertions, authorization, credentials, API keys',
      body: {
        client_secret: SECRET,
        clientSecret: SECRET,
        access_token: SECRET,
        refresh_token: SECRET,
        id_token: SECRET,
        client_assertion: SECRET,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        Authorization: SECRET,
        authorisation: SECRET,
        credentials: SECRET,
        apiKey: SECRET,
        private_key: SECRET,
        passwd: SECRET,
        pwd: SECRET,
      },
      kept: {
        client_secret: REDACTED,
        clientSecret: REDACTED,
        access_token: REDACTED,
        refresh_token: REDACTED,
        id_token: REDACTED,
        client_assertion: REDACTED,
        client_assertion_type: REDACTED,
        Authorization: REDACTED,
        authorisation: REDACTED,
        credentials: REDACTED,
        apiKey: REDACTED,
        private_key: REDACTED,
        passwd: REDACTED,
        pwd: REDACTED,
      },
    },
    {
      why: 'nested: in an extension, in an array, whatever the value (an object too)',
      body: {
        [ENTERPRISE]: { department: 'R&D', password: SECRET, manager: { value: 'm', token: SECRET } },
        'urn:example:2.0:User': { credentials: { secret: SECRET, kind: 'x' } },
        emails: [{ value: 'ada@contoso.example', secret: SECRET }],
      },
      kept: {
        [ENTERPRISE]: { department: 'R&D', password: REDACTED, manager: { value: 'm', token: REDACTED } },
        'urn:example:2.0:User': { credentials: REDACTED },
        emails: [{ value: 'ada@contoso.example', secret: REDACTED }],
      },
    },
    {
      why: 'a PatchOp whose path names a credential: its value, whatever its form',
      body: patch(
        { op: 'replace', path: 'password', value: SECRET },
        { op: 'Replace', path: 'Password', value: [{ value: SECRET }] },
        { op: 'add', path: `urn:example:2.0:User:clientSecret`, value: SECRET },
        { op: 'replace', path: 'title', value: 'Countess' },
      ),
      kept: patch(
        { op: 'replace', path: 'password', value: REDACTED },
        { op: 'Replace', path: 'Password', value: REDACTED },
        { op: 'add', path: `urn:example:2.0:User:clientSecret`, value: REDACTED },
        { op: 'replace', path: 'title', value: 'Countess' },
      ),
    },
    {
      why: 'a path-less PatchOp: the keys of its value',
      body: patch({ op: 'replace', value: { password: SECRET, displayName: 'Ada' } }),
      kept: patch({ op: 'replace', value: { password: REDACTED, displayName: 'Ada' } }),
    },
    {
      why: 'a credential under an innocent key: a scheme, a Secret Token, a client secret, a JWT',
      body: { a: `Bearer ${SECRET}`, b: `basic ${SECRET}`, c: 'scim_abc', d: 'scimcs_abc', e: JWT },
      kept: { a: REDACTED, b: REDACTED, c: REDACTED, d: REDACTED, e: REDACTED },
    },
    { why: 'an array body', body: [{ password: SECRET }, 1], kept: [{ password: REDACTED }, 1] },
  ])('$why', ({ body, kept }) => {
    const line = redactedBody(body) as string;
    expect(JSON.parse(line)).toEqual(kept);
    for (const secret of [SECRET, JWT]) expect(line).not.toContain(secret);
  });

  it.each([
    { why: 'no body (a GET, a DELETE)', body: undefined, kept: undefined },
    { why: 'no body (null)', body: null, kept: undefined },
    {
      why: 'a body not parsed as JSON: a marker, never its text',
      body: `password=${SECRET}`,
      kept: NOT_JSON,
    },
  ])('$why', ({ body, kept }) => {
    expect(redactedBody(body)).toBe(kept);
  });
});

describe('a body bounded', () => {
  it.each([
    { why: 'ASCII', filler: 'a' },
    { why: 'characters of several bytes, never cut in half', filler: 'é日😀' },
  ])(
    'a long one ($why): cut to the bound, marked with its length, its credentials still redacted',
    ({ filler }) => {
      const body = { password: SECRET, notes: filler.repeat(20_000), z: SECRET.toLowerCase() };
      const kept = redactedBody(body) as string;
      const full = JSON.stringify({ ...body, password: REDACTED });
      expect(Buffer.byteLength(kept, 'utf8')).toBeLessThanOrEqual(MAX_KEPT_BODY_BYTES);
      expect(kept).toMatch(new RegExp(`…\\[truncated: ${Buffer.byteLength(full, 'utf8')} bytes\\]$`));
      expect(kept.startsWith(`{"password":"${REDACTED}","notes":"${filler}`)).toBe(true);
      expect(kept).not.toContain('\uFFFD');
      expect(kept).not.toContain(SECRET);
    },
  );

  it('one at the bound: whole', () => {
    const body = { notes: '' };
    const notes = 'a'.repeat(MAX_KEPT_BODY_BYTES - JSON.stringify(body).length);
    expect(redactedBody({ notes })).toBe(JSON.stringify({ notes }));
  });

  it('a deep one: what lies deeper than any SCIM resource is left out, without exhausting the stack', () => {
    let deep: unknown = { password: SECRET };
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const kept = redactedBody({ deep }) as string;
    expect(kept).toContain('[not kept: too deep]');
    expect(kept).not.toContain(SECRET);
  });
});
