/**
 * The one error type of the SCIM core (RFC 7644 §3.12). Everything that should reach a client as a SCIM
 * error is a `ScimError`; anything else is a bug or an outage and is answered by the HTTP glue as 500/503.
 */
import { ERROR_CATALOGUE, type ErrorEntry, errorHeaders, renderScimError } from './error-catalogue';

/** `scimType` values of RFC 7644 §3.12 (table 9), plus RFC 9865's cursor errors. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  | 'invalidCursor'
  | 'expiredCursor'
  | 'invalidCount';

export class ScimError extends Error {
  override readonly name = 'ScimError';

  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    /** Extra response headers, e.g. `Allow` on 405 or `Retry-After` on 503. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }

  /** The §3.12 Error JSON. `status` is a string, as the RFC's examples and schema define it. */
  toJSON(): Record<string, unknown> {
    return renderScimError(this);
  }

  /** The error of a catalogue entry, with its headers (Retry-After where it applies). */
  static from(entry: ErrorEntry): ScimError {
    return new ScimError(entry.status, entry.detail, entry.scimType, errorHeaders(entry));
  }

  static badRequest(scimType: ScimType, detail: string): ScimError {
    return new ScimError(400, detail, scimType);
  }

  static notFound(detail: string = ERROR_CATALOGUE.resourceNotFound.detail): ScimError {
    return new ScimError(404, detail);
  }

  static conflict(detail: string): ScimError {
    return new ScimError(409, detail, 'uniqueness');
  }

  static preconditionFailed(detail: string = ERROR_CATALOGUE.preconditionFailed.detail): ScimError {
    return new ScimError(412, detail);
  }

  /** A dependency is unavailable; a retry after `retryAfterSeconds` will likely succeed. */
  static unavailable(
    detail: string = ERROR_CATALOGUE.unavailable.detail,
    retryAfterSeconds: number = ERROR_CATALOGUE.unavailable.retryAfterSeconds,
  ): ScimError {
    return new ScimError(503, detail, undefined, { 'Retry-After': String(retryAfterSeconds) });
  }
}
