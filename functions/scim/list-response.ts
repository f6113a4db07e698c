export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** A ListResponse (RFC 7644 §3.4.2), with RFC 9865's `nextCursor` when paging by cursor. */
export function listResponse(page: {
  readonly resources: readonly unknown[];
  readonly totalResults?: number | undefined;
  readonly startIndex?: number | undefined;
  readonly nextCursor?: string | undefined;
}): Record<string, unknown> {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    ...(page.totalResults === undefined ? {} : { totalResults: page.totalResults }),
    itemsPerPage: page.resources.length,
    ...(page.startIndex === undefined ? {} : { startIndex: page.startIndex }),
    ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    Resources: page.resources,
  };
}
