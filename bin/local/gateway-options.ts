import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Authorization } from '../../functions/auth/authorize';
import type { CredentialRequest as AuthorizerRequest } from '../../functions/http/credential-log';
import type { FunctionName } from '../../functions/http/route-table';

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * The authorizer's logic; throwing means the authorizer failed. `request` is what API Gateway's REQUEST
 * authorizer is given besides the header (method, path, headers, query, request id), for the refusal's line in the
 * tenant's request log.
 */
export type Authorize = (
  authorizationHeader: string | undefined,
  request: AuthorizerRequest,
) => Promise<Authorization>;

export type { AuthorizerRequest };

/** Every function behind the gateway: the SCIM routes' and the OAuth 2.0 token endpoint's. */
export type LocalFunctionName = FunctionName | 'token';

export interface LocalGatewayOptions {
  /**
   * The functions, by name. `token` serves TOKEN_PATH (functions/oauth/token-path.ts); without it the
   * gateway has no token endpoint and that path is a 404 like any other outside the SCIM base.
   */
  readonly handlers: Readonly<Record<FunctionName, ProxyHandler>> & { readonly token?: ProxyHandler };
  readonly authorize: Authorize;
  /**
   * How long an answer of the authorizer is reused for the same Authorization header, as API Gateway
   * caches it (default 300 s, the stack's default). 0 asks the authorizer every time.
   */
  readonly authorizerCacheTtlSeconds?: number;
  /** How long the gateway waits for a function's answer (default API Gateway's 29 s). */
  readonly integrationTimeoutMillis?: number;
  /**
   * The functions' own timeout (default 28 s, the stack's): each invocation's context counts down from it,
   * and a function still running at it has failed, as Lambda stops it then.
   */
  readonly functionTimeoutMillis?: number;
}
