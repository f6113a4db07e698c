import type { Lease, Tenant } from '../storage/token-store';
import { type AdminOptions, failure, incomplete, nowOf, publicTenant, success } from './admin-context';
import type { AdminResponse } from './admin-request';
import { claimable, DEFAULT_LEASE_MS, heldBy, LEASE_ATTRIBUTES, newLease } from './tenant-lease';

/**
 * Creates a tenant, safely retried: the tenant id is reserved first (a conditional put, state 'creating'),
 * then its API key is found by its deterministic name or created, placed in the tier's usage plan, and only
 * then is the tenant active. Each step is repeatable, so a create that failed part-way is completed by
 * running it again, and never leaves a second key. The reservation's lease keeps two creates of one id
 * from running at once: the second is told the tenant is busy.
 */
export async function createTenant(
  options: AdminOptions,
  tenantId: string,
  tier: string,
): Promise<AdminResponse> {
  const { tokens } = options;
  const now = nowOf(options);
  const lease = newLease(now, options.leaseMs ?? DEFAULT_LEASE_MS);
  let tenant = await tokens.reserveTenant({ tenantId, tier }, lease);
  if (tenant === undefined) {
    const existing = await tokens.getTenant(tenantId);
    if (existing === undefined) return failure('TenantBusy', `Tenant ${tenantId} changed meanwhile: retry`);
    if (existing.status === 'active' || existing.status === 'disabled')
      return failure('TenantExists', `Tenant ${tenantId} exists`);
    if (existing.status === 'deleting')
      return failure('TenantBusy', `Tenant ${tenantId} is being deleted: create it again once it is gone`);
    // An unfinished create: this request completes it, in the tier it was started with.
    tenant = await tokens.updateTenantIf(
      tenantId,
      { lease: lease.id, leaseUntil: lease.until },
      [],
      claimable(['creating'], now),
    );
    if (tenant === undefined)
      return failure(
        'TenantBusy',
        `Tenant ${tenantId} is being created by another request: retry in a minute`,
      );
  }
  try {
    return success(publicTenant(await completeCreate(options, tenant, lease)));
  } catch (error) {
    // Let a retry start at once rather than wait for the lease to run out.
    await tokens.updateTenantIf(tenantId, {}, [...LEASE_ATTRIBUTES], heldBy(lease)).catch(() => undefined);
    return incomplete(`Creating tenant ${tenantId}`, error);
  }
}

async function completeCreate(options: AdminOptions, tenant: Tenant, lease: Lease): Promise<Tenant> {
  const { tokens, apiKeys } = options;
  const lost = () => new Error(`Tenant ${tenant.tenantId} was taken over by another request`);
  let current = tenant;
  if (apiKeys !== undefined) {
    const plan = options.usagePlans[current.tier];
    if (plan === undefined) throw new Error(`Tier ${current.tier} has no usage plan`);
    if (current.apiKeyId === undefined || current.apiKey === undefined) {
      const key = await apiKeys.ensureKey(current.tenantId);
      current =
        (await tokens.updateTenantIf(
          current.tenantId,
          { apiKeyId: key.id, apiKey: key.value },
          [],
          heldBy(lease),
        )) ??
        (() => {
          throw lost();
        })();
    }
    await apiKeys.addToPlan(current.apiKeyId as string, plan);
  }
  const active = await tokens.updateTenantIf(
    current.tenantId,
    { status: 'active' },
    [...LEASE_ATTRIBUTES],
    heldBy(lease),
  );
  if (active === undefined) throw lost();
  return active;
}
