import { DEFAULT_TENANT_POLICY, parseTenantPolicy } from '../scim/tenant-policy';
import { type AdminOptions, failure, notFound, nowOf, publicTenant, success } from './admin-context';
import type { AdminResponse, RequestOf } from './admin-request';
import { changedPolicy, policyChangeProblem } from './policy-change';

/** Tries before a change that keeps meeting another one is answered TenantBusy. */
const ATTEMPTS = 3;

/**
 * `tenants set`: changes an active tenant's policy, keeping the settings the request does not name. The
 * policy is read, changed and written only if it is still what was read, on the tenant's record and in
 * the data table (TokenStore.setTenantPolicy), so two changes at once both apply. It takes effect within
 * the authorizer cache TTL: API Gateway keeps serving the policy of the cached answer until then.
 */
export async function setTenantPolicy(
  options: AdminOptions,
  request: RequestOf<'setTenantPolicy'>,
): Promise<AdminResponse> {
  const problem = policyChangeProblem(request, nowOf(options));
  if (problem !== undefined) return failure('InvalidRequest', problem);
  const { tokens, dataTable } = options;
  if (dataTable === undefined)
    return failure('InvalidRequest', 'This admin function was given no data table to keep the policy in');
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const tenant = await tokens.getTenant(request.tenantId);
    if (tenant === undefined) return notFound(request.tenantId);
    if (tenant.status !== 'active')
      return failure(
        'TenantBusy',
        `Tenant ${request.tenantId} is ${tenant.status}: its policy can change once it is active`,
      );
    const current = tenant.policy === undefined ? DEFAULT_TENANT_POLICY : parseTenantPolicy(tenant.policy);
    const policy = changedPolicy(current, request);
    // Unchanged: nothing written, so the stream carries no change that is none.
    if (tenant.policy !== undefined && JSON.stringify(policy) === JSON.stringify(current))
      return success(publicTenant(tenant));
    if (await tokens.setTenantPolicy(request.tenantId, policy, tenant.policy, dataTable))
      return success(publicTenant({ ...tenant, policy }));
  }
  return failure('TenantBusy', `The policy of tenant ${request.tenantId} keeps changing meanwhile: retry`);
}
