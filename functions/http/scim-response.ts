import type { APIGatewayProxyResult } from 'aws-lambda';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** What an endpoint answers; the middleware turns it into an API Gateway proxy result. */
export interface ScimResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function toProxyResult(response: ScimResponse): APIGatewayProxyResult {
  const hasBody = response.body !== undefined && response.status !== 204 && response.status !== 304;
  return {
    statusCode: response.status,
    headers: {
      // Every response, an empty 204 included, says it is SCIM's (issue 13): clients that check the media
      // type of each answer (Microsoft's validator does) find it on all of them.
      'Content-Type': SCIM_CONTENT_TYPE,
      'Cache-Control': 'no-store',
      ...response.headers,
    },
    body: hasBody ? JSON.stringify(response.body) : '',
  };
}
