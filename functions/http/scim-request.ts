import type { APIGatewayProxyEvent } from 'aws-lambda';
import { TENANT_ID_PATTERN } from '../scim/tenant-id';
import { policyOfContext, type TenantPolicy } from '../scim/tenant-policy';
import { SCIM_BASE_PATH } from './route-table';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a SCIM endpoint needs to know about a request, taken from the API Gateway proxy event. */
export interface ScimRequest {
  readonly method: string;
  /** The matched route below the SCIM base, e.g. `/Users/{id}`. */
  readonly route: string;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** Query parameters, already form-decoded by API Gateway (so `+` is a space). */
  readonly query: Readonly<Record<string, string>>;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or undefined. */
  readonly body: unknown;
  /** The tenant the authorizer resolved the bearer token to. */
  readonly tenant: string;
  /** The tenant's policy, as the authorizer found it (so at most its cache TTL old). */
  readonly policy: TenantPolicy;
  /** The SCIM base URL as the client sees it, for `meta.location`. */
  readonly baseUrl: string;
}

/**
 * The tenant comes from the authorizer's context and nowhere else. A request without one never passed
 * the authorizer, which is a deployment fault, not a client error.
 */
export function tenantOf(event: APIGatewayProxyEvent): string {
  const tenant = event.requestContext.authorizer?.tenantId;
  if (typeof tenant !== 'string' || !TENANT_ID_PATTERN.test(tenant)) {
    throw new Error('The request carries no valid tenant from the authorizer');
  }
  return tenant;
}

/**
 * The tenant's policy from the authorizer's context (written by policyContext); keys
 * that are missing are the default's. A value of the wrong type is a deployment fault, as in tenantOf.
 */
export function policyOf(event: APIGatewayProxyEvent): TenantPolicy {
  return policyOfContext(event.requestContext.authorizer ?? {});
}

/** `https://host[/stage or base path]/scim/v2`, from where API Gateway says the request arrived. */
export function baseUrlOf(event: APIGatewayProxyEvent, headers: Readonly<Record<string, string>>): string {
  const host = headers.host ?? event.requestContext.domainName ?? 'localhost';
  const protocol = headers['x-forwarded-proto'] ?? 'https';
  const fullPath = event.requestContext.path ?? event.path;
  const prefix = fullPath.endsWith(event.path) ? fullPath.slice(0, fullPath.length - event.path.length) : '';
  return `${protocol}://${host}${prefix}${SCIM_BASE_PATH}`;
}
