import type { Lease, Tenant } from '../storage/token-store';
import { type AdminOptions, failure, incomplete, notFound, nowOf, success } from './admin-context';
import type { AdminResponse } from './admin-request';
import { claimable, DEFAULT_LEASE_MS, heldBy, LEASE_ATTRIBUTES, newLease } from './tenant-lease';

/**
 * Deletes a tenant: its tokens, clients and trusts, its API key and usage-plan key, then its record; with
 * `purge`, its SCIM data too, in the background (tenant-purge.ts), the record staying in state 'deleting'
 * until the purge is done so that no tenant of that id can be created meanwhile. The tenant goes to 'deleting' first, which
 * the authorizer refuses; every step is repeatable, so an interrupted delete is completed by running it again.
 */
export async function deleteTenant(
  options: AdminOptions,
  tenantId: string,
  purge: boolean,
): Promise<AdminResponse> {
  const { tokens } = options;
  if (purge && (options.purge === undefined || options.continueLater === undefined))
    return failure('InvalidRequest', 'This admin function cannot purge tenant data');
  const now = nowOf(options);
  const existing = await tokens.getTenant(tenantId);
  if (existing === undefined) return notFound(tenantId);
  const lease = newLease(now, options.leaseMs ?? DEFAULT_LEASE_MS);
  const claimed = await tokens.updateTenantIf(
    tenantId,
    {
      status: 'deleting',
      lease: lease.id,
      leaseUntil: lease.until,
      closedAt: existing.closedAt ?? now.toISOString(),
    },
    ['purgeError'],
    claimable(['active', 'disabled', 'creating', 'deleting'], now),
  );
  if (claimed === undefined)
    return failure(
      'TenantBusy',
      `Tenant ${tenantId} is being created or deleted by another request: retry in a minute`,
    );
  try {
    const removed = await removeAccess(options, claimed);
    if (!purge) {
      await tokens.deleteTenantIf(tenantId, heldBy(lease));
      return success({ tenantId, deleted: true, ...removed, data: 'kept' });
    }
    return success({ tenantId, deleted: true, ...removed, data: await startPurge(options, claimed, lease) });
  } catch (error) {
    await tokens.updateTenantIf(tenantId, {}, [...LEASE_ATTRIBUTES], heldBy(lease)).catch(() => undefined);
    return incomplete(`Deleting tenant ${tenantId}`, error);
  }
}

/**
 * Removes the tenant's tokens (its access tokens too), its clients and trusts with their secrets, and its
 * API keys (with their usage-plan keys); counts what it removed.
 */
async function removeAccess(options: AdminOptions, tenant: Tenant) {
  const tokens = await options.tokens.deleteTokens(tenant.tenantId);
  const clients = await options.clients.deleteClients(tenant.tenantId);
  const { apiKeys } = options;
  if (apiKeys === undefined) return { tokens, clients, apiKeys: 0 };
  // The recorded key, and any key of the tenant's name: one whose creation was interrupted before it was
  // recorded would otherwise be orphaned.
  const ids = new Set([
    ...(tenant.apiKeyId === undefined ? [] : [tenant.apiKeyId]),
    ...(await apiKeys.findKeys(tenant.tenantId)).map((k) => k.id),
  ]);
  const plan = options.usagePlans[tenant.tier];
  for (const id of ids) {
    if (plan !== undefined) await apiKeys.removeFromPlan(id, plan);
    await apiKeys.deleteKey(id);
  }
  return { tokens, clients, apiKeys: ids.size };
}

/** Hands the purge to the background: a new step number makes any earlier chain of steps stop. */
async function startPurge(options: AdminOptions, tenant: Tenant, lease: Lease): Promise<string> {
  const step = (tenant.purgeStep ?? 0) + 1;
  const started = await options.tokens.updateTenantIf(
    tenant.tenantId,
    { purgeStep: step },
    [...LEASE_ATTRIBUTES, 'apiKeyId', 'apiKey'],
    heldBy(lease),
  );
  if (started === undefined) throw new Error(`Tenant ${tenant.tenantId} was taken over by another request`);
  await options.continueLater?.({ action: 'continuePurge', tenantId: tenant.tenantId, step });
  return 'purging in the background: `tenants show` says deleting until it is done';
}
