import { describe, expect, it } from 'vitest';
import {
  ERROR_CATALOGUE,
  type ErrorEntry,
  errorHeaders,
  renderScimError,
} from '../../../functions/scim/error-catalogue';
import { ScimError } from '../../../functions/scim/scim-error';

/** RFC 7644 §3.12: the Error response's schema URI, spelled out so that a typo in the module shows. */
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

const entries = Object.entries(ERROR_CATALOGUE as Record<string, ErrorEntry>);

/** RFC 7644 §3.12 table 9, and RFC 9865's cursor errors: the scimType values a 400 may carry. */
const SCIM_TYPES = [
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
  'invalidCursor',
  'expiredCursor',
  'invalidCount',
];

describe('every entry of the error catalogue', () => {
  it.each(entries)('%s renders as RFC 7644 §3.12 Error JSON', (_name, entry) => {
    const json = renderScimError(entry);
    expect(json).toEqual({
      schemas: [ERROR_SCHEMA],
      ...(entry.scimType === undefined ? {} : { scimType: entry.scimType }),
      detail: entry.detail,
      // §3.12: status is a string, the HTTP status code.
      status: String(entry.status),
    });
    expect(entry.status >= 400 && entry.status <= 599).toBe(true);
    expect(entry.detail.trim()).not.toBe('');
    // scimType is defined for 400 only (§3.12).
    if (entry.scimType !== undefined) {
      expect([entry.status, SCIM_TYPES.includes(entry.scimType)]).toEqual([400, true]);
    }
  });

  it.each(entries)('%s: a ScimError of it says the same, with the same headers', (_name, entry) => {
    const error = ScimError.from(entry);
    expect({ json: error.toJSON(), headers: error.headers }).toEqual({
      json: renderScimError(entry),
      headers: errorHeaders(entry),
    });
  });

  // A client told to come back needs to know when (RFC 9110 §10.2.3; RFC 6585 §4 for 429).
  it.each(entries.filter(([, e]) => e.status === 429 || e.status === 503))(
    '%s (%#) says when to retry',
    (_name, entry) => {
      expect(errorHeaders(entry)['Retry-After']).toMatch(/^[1-9]\d*$/);
    },
  );

  it.each(entries.filter(([, e]) => e.retryAfterSeconds === undefined))(
    '%s sends no Retry-After',
    (_name, entry) => {
      expect(errorHeaders(entry)).not.toHaveProperty('Retry-After');
    },
  );
});

describe('the mapping to API Gateway and WAF', () => {
  it('names each gateway response type in one entry only', () => {
    const types = entries.flatMap(([, entry]) => entry.gatewayResponses ?? []);
    expect(new Set(types).size).toBe(types.length);
  });

  it('has one entry for the WAF rate rule, a 429 that says when to retry', () => {
    const waf = entries.filter(([, entry]) => entry.wafRateLimit === true);
    expect(waf.map(([name, entry]) => [name, entry.status, entry.retryAfterSeconds])).toEqual([
      ['tokenRateLimited', 429, 60],
    ]);
  });

  it('answers credential errors with 401 and WWW-Authenticate, an authorizer outage with 503, never 401', () => {
    expect(errorHeaders(ERROR_CATALOGUE.unauthorized)).toEqual({ 'WWW-Authenticate': 'Bearer realm="SCIM"' });
    expect(ERROR_CATALOGUE.authorizerUnavailable).toMatchObject({
      status: 503,
      gatewayResponses: ['AUTHORIZER_FAILURE', 'AUTHORIZER_CONFIGURATION_ERROR'],
    });
  });
});

describe('renderScimError', () => {
  it.each([
    {
      error: { status: 400, scimType: 'invalidFilter' as const, detail: 'Bad filter' },
      json: { schemas: [ERROR_SCHEMA], scimType: 'invalidFilter', detail: 'Bad filter', status: '400' },
    },
    {
      error: { status: 404, detail: 'Resource 2819c223 not found' },
      json: { schemas: [ERROR_SCHEMA], detail: 'Resource 2819c223 not found', status: '404' },
    },
    {
      error: { status: 404, scimType: undefined, detail: 'x' },
      json: { schemas: [ERROR_SCHEMA], detail: 'x', status: '404' },
    },
  ])('$error.status $error.detail', ({ error, json }) => {
    expect(renderScimError(error)).toEqual(json);
    // The member order of the RFC's examples, which the gateway's and WAF's fixed bodies keep too.
    expect(Object.keys(renderScimError(error))).toEqual(Object.keys(json));
  });
});
