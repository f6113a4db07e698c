import type { APIGatewayProxyEvent } from 'aws-lambda';
import { TOKEN_PATH } from '../../../functions/oauth/token-path';

export const FORM = 'application/x-www-form-urlencoded';

export interface TokenEventOptions {
  readonly method?: string;
  /** Header names as the client spelled them; each value one header line (an array: the header repeated). */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  /** A form as name/value pairs (encoded here, a name may repeat), or the body's exact text. */
  readonly form?: readonly (readonly [string, string])[] | string;
  /** Sent as API Gateway sends a binary body (and the local gateway every body): base64. */
  readonly base64?: boolean;
  readonly query?: Readonly<Record<string, string>>;
}

/** `Authorization: Basic base64(id:secret)`, each half form-urlencoded first (RFC 6749 §2.3.1). */
export function basic(clientId: string, secret: string): string {
  const encode = (s: string) => new URLSearchParams({ s }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

/**
 * A proxy event of `POST /oauth2/token` as API Gateway's REST API hands it to a Lambda proxy integration
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html):
 * `headers` holds the last value of each header, `multiValueHeaders` all of them.
 */
export function tokenEvent(options: TokenEventOptions = {}): APIGatewayProxyEvent {
  const headerLists = Object.entries(options.headers ?? { 'Content-Type': FORM }).map(
    ([name, value]) => [name, typeof value === 'string' ? [value] : [...value]] as const,
  );
  const text =
    typeof options.form === 'string'
      ? options.form
      : new URLSearchParams((options.form ?? []).map(([k, v]): [string, string] => [k, v])).toString();
  return {
    httpMethod: options.method ?? 'POST',
    path: TOKEN_PATH,
    resource: TOKEN_PATH,
    headers: Object.fromEntries(headerLists.map(([name, values]) => [name, values.at(-1) as string])),
    multiValueHeaders: Object.fromEntries(headerLists),
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters:
      options.query === undefined
        ? null
        : Object.fromEntries(Object.entries(options.query).map(([k, v]) => [k, [v]])),
    pathParameters: null,
    stageVariables: null,
    body: options.base64 === true ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: options.base64 === true,
    requestContext: { path: `/prod${TOKEN_PATH}`, httpMethod: options.method ?? 'POST' },
  } as unknown as APIGatewayProxyEvent;
}
