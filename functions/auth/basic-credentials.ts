/** A client's id and secret, as an `Authorization: Basic` header carries them. */
export interface BasicCredentials {
  readonly clientId: string;
  readonly secret: string;
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The client id and secret of an `Authorization: Basic` header (RFC 7617: the scheme is case-insensitive,
 * the credentials are base64 of `user-id:password`, split at the FIRST colon, since a user-id cannot
 * contain one: https://www.rfc-editor.org/rfc/rfc7617#section-2). OAuth 2.0 clients form-urlencode each
 * half before joining them (RFC 6749 §2.3.1 and Appendix B: `+` is a space, `%XX` a byte of UTF-8:
 * https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1), so each half is form-urldecoded; our ids and
 * secrets are `[A-Za-z0-9_]` only, which that encoding leaves alone, so Okta's plain RFC 7617 reads the same.
 *
 * Undefined: the header is absent or of another scheme (Bearer). 'malformed': it is Basic but does not
 * hold two non-empty halves: bad or non-canonical base64, no colon, bad UTF-8 or bad %-encoding.
 */
export function basicCredentialsOf(header: string | undefined): BasicCredentials | 'malformed' | undefined {
  const match = /^\s*(\S+)(?:\s+(.*?))?\s*$/s.exec(header ?? '');
  if (match === null || match[1]?.toLowerCase() !== 'basic') return undefined;
  const decoded = decodeBase64(match[2] ?? '');
  if (decoded === undefined) return 'malformed';
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  const clientId = formUrlDecode(decoded.slice(0, colon));
  const secret = formUrlDecode(decoded.slice(colon + 1));
  if (clientId === undefined || secret === undefined || clientId === '' || secret === '') return 'malformed';
  return { clientId, secret };
}

/** Strict base64 (RFC 4648 §4, padded, canonical: the unused bits are zero), then strict UTF-8. */
function decodeBase64(text: string): string | undefined {
  if (text === '' || !STRICT_BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Buffer ignores non-zero unused bits; a canonical encoding is its own round trip.
  if (bytes.toString('base64') !== text) return undefined;
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** application/x-www-form-urlencoded decoding of one value (the WHATWG URL standard's, as RFC 6749 Appendix B). */
function formUrlDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
