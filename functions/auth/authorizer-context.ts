import { DEFAULT_TENANT_POLICY, type PolicyContext, policyContext } from '../scim/tenant-policy';
import type { Authorization } from './authorize';

/**
 * What the authorizer hands API Gateway as its `context`, and API Gateway each request's function as
 * `requestContext.authorizer`: the tenant, the token and the tenant's policy. Values may only be strings,
 * numbers or booleans, never objects or arrays
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html),
 * hence the policy flattened (policyContext). API Gateway caches this answer per token for the
 * authorizer's TTL (300 s by default), so a policy change takes effect within that TTL.
 */
export interface AuthorizerContext extends PolicyContext {
  readonly tenantId: string;
  readonly tokenId: string;
}

export function authorizerContext(
  authorization: Extract<Authorization, { allowed: true }>,
): AuthorizerContext {
  return {
    tenantId: authorization.tenantId,
    tokenId: authorization.tokenId,
    ...policyContext(authorization.policy ?? DEFAULT_TENANT_POLICY),
  };
}
