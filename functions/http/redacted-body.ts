/**
 * The body a request-log line keeps while its tenant's policy says so (docs/request-log.md, issue 14):
 * the parsed JSON with every credential taken out, serialized and bounded. Redaction is by name, so it
 * errs on the side of removing: any key that merely contains one of these words loses its value.
 */
const CREDENTIAL_NAME =
  /pass(?:word|wd)|pwd|secret|token|assertion|authori[sz]ation|credential|api[-_]?key|private[-_]?key/i;

/**
 * A string that is a credential whatever its key: an HTTP credential with its scheme, this endpoint's own
 * Secret Tokens and client secrets (`scim_`, `scimcs_`: functions/auth/bearer-token.ts, client-secret.ts),
 * or a JWT (an assertion or an access token: three base64url parts, the header starting `eyJ`, RFC 7519).
 */
const CREDENTIAL_VALUE = /^\s*(?:bearer|basic)\s|^scim(?:cs)?_|^eyJ[\w-]*\.[\w-]*\./i;

export const REDACTED = '[redacted]';
/** What is kept of a body that was not parsed as JSON (a paused tenant's write, a 413, a 415…). */
export const NOT_JSON = '[not kept: not parsed as JSON]';
/**
 * The most a kept body takes, serialized, in UTF-8 bytes: a line stays a few KB (a DynamoDB item may be
 * 400 KB, and each KB of a PutItem is a write capacity unit), enough for a user or a PatchOp.
 */
export const MAX_KEPT_BODY_BYTES = 8 * 1024;
/** Deeper than any SCIM resource nests; past it a value is left out, so that no body can exhaust the stack. */
const MAX_DEPTH = 16;
const TOO_DEEP = '[not kept: too deep]';

/** A PatchOp operation whose `path` names a credential (`password`, `urn:…:User:clientSecret`). */
function namesCredential(object: Readonly<Record<string, unknown>>): boolean {
  return typeof object.path === 'string' && CREDENTIAL_NAME.test(object.path);
}

function redacted(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return CREDENTIAL_VALUE.test(value) ? REDACTED : value;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((item) => redacted(item, depth + 1));
  const object = value as Readonly<Record<string, unknown>>;
  const credentialPath = namesCredential(object);
  return Object.fromEntries(
    Object.entries(object).map(([key, item]) =>
      CREDENTIAL_NAME.test(key) || (credentialPath && key.toLowerCase() === 'value')
        ? [key, REDACTED]
        : [key, redacted(item, depth + 1)],
    ),
  );
}

/** The text cut to at most `bytes` UTF-8 bytes, never in the middle of a character. */
function cut(text: string, bytes: number): string {
  // A character cut in half decodes to U+FFFD at the end: dropped.
  return Buffer.from(text, 'utf8')
    .subarray(0, bytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}

/**
 * The body as a line keeps it: the parsed JSON with credentials replaced by REDACTED at any depth,
 * serialized (a string, so that no depth or number of a body can make DynamoDB refuse the line), and cut
 * to MAX_KEPT_BODY_BYTES with a marker saying how long it was. A string (a body not parsed) is NOT_JSON;
 * no body (a GET, a DELETE) is undefined.
 */
export function redactedBody(body: unknown, maxBytes: number = MAX_KEPT_BODY_BYTES): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return NOT_JSON;
  const json = JSON.stringify(redacted(body, 0));
  const length = Buffer.byteLength(json, 'utf8');
  if (length <= maxBytes) return json;
  const marker = `…[truncated: ${length} bytes]`;
  return `${cut(json, maxBytes - Buffer.byteLength(marker, 'utf8'))}${marker}`;
}
