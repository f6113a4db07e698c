import * as v from 'valibot';
import { canonicalKeys } from './canonical-keys';
import { messageSchemas } from './message-schemas';
import { PAGING } from './paging';
import { isPlainObject } from './schema/resource-schema';
import { ScimError } from './scim-error';

export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/** A query of a resource endpoint (RFC 7644 §3.4.2, RFC 9865), from a GET's parameters or a `.search` body. */
export interface ListRequest {
  readonly filter?: string;
  readonly attributes?: string;
  readonly excludedAttributes?: string;
  readonly startIndex: number;
  readonly count: number;
  /** Present (possibly empty, for the first page) when the client pages by cursor (RFC 9865). */
  readonly cursor?: string;
}

function integer(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  // A JSON number that is an integer is one at any size: String(1e21) is "1e+21", which the pattern refuses.
  if (typeof value === 'number' && Number.isInteger(value)) return clampInteger(value);
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\s*[+-]?\d+\s*$/.test(text)) {
    throw ScimError.badRequest('invalidValue', `${name} must be an integer`);
  }
  return clampInteger(Number.parseInt(text, 10));
}

/** Beyond any real tenant: clamp rather than overflow. */
function clampInteger(value: number): number {
  return Math.max(-1e9, Math.min(1e9, value));
}

/**
 * RFC 7644 §3.4.2.4: a startIndex below 1 is 1; a negative count is 0. Counts above the maximum page
 * size are lowered to it (the RFC lets a server return fewer results than asked).
 */
function paging(startIndex: unknown, count: unknown) {
  return {
    startIndex: Math.max(1, integer('startIndex', startIndex) ?? 1),
    count: Math.min(PAGING.maxCount, Math.max(0, integer('count', count) ?? PAGING.defaultCount)),
  };
}

/** From GET query parameters (already form-decoded). */
export function parseListQuery(query: Readonly<Record<string, string>>): ListRequest {
  return {
    ...optionalStrings(query),
    ...paging(query.startIndex, query.count),
  };
}

function optionalStrings(source: Readonly<Record<string, unknown>>) {
  const pick = (name: string) => (typeof source[name] === 'string' ? { [name]: source[name] as string } : {});
  return { ...pick('filter'), ...pick('attributes'), ...pick('excludedAttributes'), ...pick('cursor') };
}

const searchRequestSchema = v.object({
  schemas: messageSchemas(SEARCH_REQUEST_SCHEMA),
  filter: v.optional(v.string('filter must be a string')),
  attributes: v.optional(v.union([v.string(), v.array(v.string())], 'attributes must be strings')),
  excludedAttributes: v.optional(
    v.union([v.string(), v.array(v.string())], 'excludedAttributes must be strings'),
  ),
  startIndex: v.optional(v.unknown()),
  count: v.optional(v.unknown()),
  cursor: v.optional(v.string('cursor must be a string')),
  sortBy: v.optional(v.string()),
  sortOrder: v.optional(v.string()),
});

/** SearchRequest keys, matched case-insensitively: `{"Filter": …}` must not be dropped and list everything. */
const SEARCH_REQUEST_KEYS = Object.keys(searchRequestSchema.entries);

/** From a `POST /.search` body (RFC 7644 §3.4.3). */
export function parseSearchRequest(body: unknown): ListRequest {
  if (!isPlainObject(body))
    throw ScimError.badRequest('invalidSyntax', 'The search request must be a JSON object');
  const result = v.safeParse(searchRequestSchema, canonicalKeys(body, SEARCH_REQUEST_KEYS));
  if (!result.success) {
    throw ScimError.badRequest(
      'invalidSyntax',
      `Invalid SearchRequest: ${result.issues[0]?.message ?? 'malformed'}`,
    );
  }
  const request = result.output;
  const join = (x: string | string[] | undefined) => (Array.isArray(x) ? x.join(',') : x);
  const attributes = join(request.attributes);
  const excludedAttributes = join(request.excludedAttributes);
  return {
    ...(request.filter === undefined ? {} : { filter: request.filter }),
    ...(attributes === undefined ? {} : { attributes }),
    ...(excludedAttributes === undefined ? {} : { excludedAttributes }),
    ...(request.cursor === undefined ? {} : { cursor: request.cursor }),
    ...paging(request.startIndex, request.count),
  };
}
