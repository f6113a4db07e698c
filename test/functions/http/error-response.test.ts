import { describe, expect, it, vi } from 'vitest';
import { catalogueResponse, errorResponse } from '../../../functions/http/error-response';
import { logger } from '../../../functions/http/logger';
import { toProxyResult } from '../../../functions/http/scim-response';
import {
  ERROR_CATALOGUE,
  type ErrorEntry,
  errorHeaders,
  renderScimError,
} from '../../../functions/scim/error-catalogue';
import { ScimError } from '../../../functions/scim/scim-error';

describe('a catalogue entry as a response', () => {
  it.each(Object.entries(ERROR_CATALOGUE as Record<string, ErrorEntry>))(
    '%s: its status, application/scim+json, no-store, its headers and its Error JSON',
    (_name, entry) => {
      const result = toProxyResult(catalogueResponse(entry));
      expect({ ...result, body: JSON.parse(result.body) }).toEqual({
        statusCode: entry.status,
        headers: {
          'Content-Type': 'application/scim+json; charset=utf-8',
          'Cache-Control': 'no-store',
          ...errorHeaders(entry),
        },
        body: renderScimError(entry),
      });
    },
  );
});

/** What @middy/http-json-body-parser throws: an http-errors style error, status 415. */
function parserError(cause?: string): Error {
  return Object.assign(new Error('Unsupported Media Type'), {
    statusCode: 415,
    ...(cause === undefined ? {} : { cause: { message: cause } }),
  });
}

describe('errorResponse: every error as a response', () => {
  it.each([
    {
      name: 'a ScimError: itself, with its headers',
      error: ScimError.unavailable(),
      response: {
        status: 503,
        body: renderScimError(ERROR_CATALOGUE.unavailable),
        headers: { 'Retry-After': '1' },
      },
    },
    {
      name: 'a 405 with Allow',
      error: new ScimError(405, 'DELETE is not supported on /Users', undefined, { Allow: 'GET, POST' }),
      response: {
        status: 405,
        body: renderScimError({ status: 405, detail: 'DELETE is not supported on /Users' }),
        headers: { Allow: 'GET, POST' },
      },
    },
    {
      name: "the body parser's 415 for a wrong media type",
      error: parserError(),
      response: catalogueResponse(ERROR_CATALOGUE.unsupportedMediaType),
    },
    {
      name: "the body parser's 415 for malformed JSON: 400 invalidSyntax",
      error: parserError('Unexpected end of JSON input'),
      response: catalogueResponse(ERROR_CATALOGUE.invalidJson),
    },
    {
      name: 'anything else: 500 that reveals nothing',
      error: new TypeError("Cannot read properties of undefined (reading 'userName')"),
      response: catalogueResponse(ERROR_CATALOGUE.internalError),
    },
    {
      name: 'a thrown string: 500',
      error: 'boom',
      response: catalogueResponse(ERROR_CATALOGUE.internalError),
    },
  ])('$name', ({ error, response }) => {
    expect(errorResponse(error)).toEqual(response);
  });
});

describe('errorResponse: which 5xx are logged as a dependency unavailable', () => {
  it.each([
    { name: 'a dependency outage', error: ScimError.unavailable(), logged: true },
    {
      name: 'a feature not offered (501)',
      error: new ScimError(501, 'Bulk is not supported'),
      logged: false,
    },
    {
      name: "a paused tenant's write: the vendor's decision",
      error: ScimError.from(ERROR_CATALOGUE.tenantPaused),
      logged: false,
    },
  ])('$name: $logged', ({ error, logged }) => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      errorResponse(error);
      expect(warn.mock.calls.some(([message]) => message === 'Dependency unavailable')).toBe(logged);
    } finally {
      warn.mockRestore();
    }
  });
});
