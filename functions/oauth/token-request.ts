import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { TokenRefusalName } from './token-refusals';

/**
 * A client credentials token request (RFC 6749 §4.4.2), as read from the proxy event: the grant checked,
 * the client's credentials as sent, not yet looked at. Unknown parameters (scope, resource) are dropped:
 * §3.2 "The authorization server MUST ignore unrecognized request parameters".
 * https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export interface TokenRequest {
  /** The raw `Authorization` header, if any (never logged). */
  readonly authorization?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly assertionType?: string;
  readonly assertion?: string;
}

export type ParsedTokenRequest =
  | { readonly ok: true; readonly request: TokenRequest }
  | { readonly ok: false; readonly refusal: TokenRefusalName };

/**
 * Our own bound on a form body, well below API Gateway's 10 MB and Lambda's 6 MB: a token request is a few
 * hundred bytes, an Entra assertion a few KiB (and verifyAssertion refuses one over 16 KiB).
 */
export const MAX_FORM_BYTES = 64 * 1024;

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';
const CLIENT_CREDENTIALS = 'client_credentials';
/** §2.3.1: credentials "MUST NOT be included in the request URI". */
const CREDENTIAL_PARAMETERS = ['client_secret', 'client_assertion'];

const refuse = (refusal: TokenRefusalName): ParsedTokenRequest => ({ ok: false, refusal });

/** A header's values, its name matched case-insensitively (API Gateway keeps the client's spelling). */
function headerValues(event: APIGatewayProxyEvent, name: string): string[] {
  const values: string[] = [];
  for (const [key, list] of Object.entries(event.multiValueHeaders ?? {}))
    if (key.toLowerCase() === name) values.push(...(list ?? []));
  if (values.length > 0) return values;
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === name && value !== undefined) values.push(value);
  return values;
}

/** `application/x-www-form-urlencoded`, with any parameters (`; charset=UTF-8`), the type case-insensitive. */
function isForm(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  return mediaType === FORM_MEDIA_TYPE;
}

function credentialsInQuery(event: APIGatewayProxyEvent): boolean {
  const names = [
    ...Object.keys(event.queryStringParameters ?? {}),
    ...Object.keys(event.multiValueQueryStringParameters ?? {}),
  ];
  return names.some((name) => CREDENTIAL_PARAMETERS.includes(name));
}

/** The body's text, or undefined when it is over MAX_FORM_BYTES (checked before it is decoded). */
function bodyText(event: APIGatewayProxyEvent): string | undefined {
  const raw = event.body ?? '';
  if (event.isBase64Encoded) {
    if (raw.length > Math.ceil(MAX_FORM_BYTES / 3) * 4) return undefined;
    const bytes = Buffer.from(raw, 'base64');
    return bytes.length > MAX_FORM_BYTES ? undefined : bytes.toString('utf8');
  }
  return Buffer.byteLength(raw) > MAX_FORM_BYTES ? undefined : raw;
}

/**
 * The form's parameters, by name; undefined if one is repeated (§3.2: "MUST NOT be included more than
 * once"). §3.2: "Parameters sent without a value MUST be treated as if they were omitted", so an empty
 * value is dropped before counting.
 */
function formParameters(text: string): Map<string, string> | undefined {
  const parameters = new Map<string, string>();
  // URLSearchParams decodes application/x-www-form-urlencoded: `+` is a space, `%XX` a byte (RFC 6749 App. B).
  for (const [name, value] of new URLSearchParams(text)) {
    if (value === '') continue;
    if (parameters.has(name)) return undefined;
    parameters.set(name, value);
  }
  return parameters;
}

function toRequest(parameters: Map<string, string>, authorization: string | undefined): TokenRequest {
  const optional = {
    authorization,
    clientId: parameters.get('client_id'),
    clientSecret: parameters.get('client_secret'),
    assertionType: parameters.get('client_assertion_type'),
    assertion: parameters.get('client_assertion'),
  };
  return Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as TokenRequest;
}

/**
 * Reads a token request, or names why it is refused, in this order: the method (§3.2: POST only),
 * credentials in the query (§2.3.1), the body's size and type, repeated parameters (§3.2), the grant type
 * (§4.4.2). The grant is checked before any credential is looked at, so a wrong grant costs no lookup.
 */
export function parseTokenRequest(event: APIGatewayProxyEvent): ParsedTokenRequest {
  if (event.httpMethod.toUpperCase() !== 'POST') return refuse('methodNotAllowed');
  if (credentialsInQuery(event)) return refuse('credentialsInQuery');
  const text = bodyText(event);
  if (text === undefined) return refuse('bodyTooLarge');
  const contentTypes = headerValues(event, 'content-type');
  if (contentTypes.length !== 1 || !isForm(contentTypes[0])) return refuse('unsupportedContentType');
  const authorizations = headerValues(event, 'authorization');
  if (authorizations.length > 1) return refuse('multipleAuthorizationHeaders');
  const parameters = formParameters(text);
  if (parameters === undefined) return refuse('repeatedParameter');
  const grantType = parameters.get('grant_type');
  if (grantType === undefined) return refuse('missingGrantType');
  if (grantType !== CLIENT_CREDENTIALS) return refuse('unsupportedGrantType');
  return { ok: true, request: toRequest(parameters, authorizations[0]) };
}
