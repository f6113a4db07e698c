import { ERROR_CATALOGUE, type ErrorEntry, errorHeaders, renderScimError } from '../scim/error-catalogue';
import { ScimError } from '../scim/scim-error';
import { describeError, logger } from './logger';
import type { ScimResponse } from './scim-response';

/** What middy's body parser throws: an http-errors style error. */
interface HttpError extends Error {
  readonly statusCode: number;
  readonly cause?: { readonly message?: string };
}

function isHttpError(error: unknown): error is HttpError {
  return error instanceof Error && typeof (error as { statusCode?: unknown }).statusCode === 'number';
}

function toScimError(error: unknown): ScimError | undefined {
  if (error instanceof ScimError) return error;
  if (isHttpError(error) && error.statusCode === 415) {
    // @middy/http-json-body-parser reports malformed JSON as 415 with the parser's message as cause.
    return error.cause?.message === undefined
      ? ScimError.from(ERROR_CATALOGUE.unsupportedMediaType)
      : ScimError.from(ERROR_CATALOGUE.invalidJson);
  }
  return undefined;
}

function isPaused(error: ScimError): boolean {
  return (
    error.status === ERROR_CATALOGUE.tenantPaused.status &&
    error.detail === ERROR_CATALOGUE.tenantPaused.detail
  );
}

/**
 * The one place where an error becomes a response: a SCIM error as RFC 7644 §3.12 Error JSON, anything
 * else as a 500 that reveals nothing (and is logged without personal data).
 */
export function errorResponse(error: unknown): ScimResponse {
  const scimError = toScimError(error);
  if (scimError !== undefined) {
    // 501 is a feature this endpoint does not offer (/Bulk, sorting), and a paused tenant's 503 is the
    // vendor's decision (tenants set --pause); other 5xx ScimErrors are a dependency.
    if (scimError.status >= 500 && scimError.status !== 501 && !isPaused(scimError)) {
      logger.warn('Dependency unavailable', { status: scimError.status });
    }
    return { status: scimError.status, body: scimError.toJSON(), headers: scimError.headers };
  }
  logger.error('Unhandled error', describeError(error));
  return catalogueResponse(ERROR_CATALOGUE.internalError);
}

/** The response of an error catalogue entry: its §3.12 Error JSON and its headers. */
export function catalogueResponse(entry: ErrorEntry): ScimResponse {
  return { status: entry.status, body: renderScimError(entry), headers: errorHeaders(entry) };
}
