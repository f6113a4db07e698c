import { type AdminOptions, failure, incomplete, notFound, publicTenant, success } from './admin-context';
import type { AdminResponse, RequestOf } from './admin-request';
import { createTenant } from './tenant-create';
import { inStatus } from './tenant-lease';

/** Tenants an operator can disable, enable or move: not one being created or deleted. */
const SETTLED = inStatus(['active', 'disabled']);

/** Why a tenant may not join `tier` (retired, or without a usage plan), or undefined if it may. */
function refuseTier(options: AdminOptions, tier: string): AdminResponse | undefined {
  const retired = new Set(options.retiredTiers ?? []);
  const open = Object.keys(options.usagePlans).filter((t) => !retired.has(t));
  if (retired.has(tier))
    return failure('UnknownTier', `Tier '${tier}' is retired; open tiers: ${open.join(', ')}`);
  // Without API Gateway (the local endpoint) there are no usage plans, and any tier will do.
  if (options.apiKeys !== undefined && options.usagePlans[tier] === undefined)
    return failure('UnknownTier', `Unknown tier '${tier}'; tiers: ${open.join(', ') || '(none)'}`);
  return undefined;
}

export async function createTenantInTier(
  options: AdminOptions,
  request: RequestOf<'createTenant'>,
): Promise<AdminResponse> {
  const tier = request.tier ?? options.defaultTier;
  return refuseTier(options, tier) ?? createTenant(options, request.tenantId, tier);
}

export async function listTenants(options: AdminOptions): Promise<AdminResponse> {
  return success((await options.tokens.listTenants()).map(publicTenant));
}

export async function getTenant(
  options: AdminOptions,
  request: RequestOf<'getTenant'>,
): Promise<AdminResponse> {
  const tenant = await options.tokens.getTenant(request.tenantId);
  if (tenant === undefined) return notFound(request.tenantId);
  // The request log's last day (docs/request-log.md): when the tenant's client last wrote, and its last failure.
  const log = options.requestLog === undefined ? {} : await options.requestLog.summary(request.tenantId);
  return success({ ...publicTenant(tenant), ...log });
}

/** `disableTenant` refuses the tenant's tokens until `enableTenant`; neither touches a tenant in flux. */
export async function setTenantStatus(
  options: AdminOptions,
  request: RequestOf<'disableTenant' | 'enableTenant'>,
): Promise<AdminResponse> {
  const { tokens } = options;
  const status = request.action === 'disableTenant' ? 'disabled' : 'active';
  const tenant = await tokens.updateTenantIf(request.tenantId, { status }, [], SETTLED);
  if (tenant !== undefined) return success(publicTenant(tenant));
  const current = await tokens.getTenant(request.tenantId);
  return current === undefined
    ? notFound(request.tenantId)
    : failure('TenantBusy', `Tenant ${request.tenantId} is ${current.status}`);
}

/** Moves a tenant to another tier: its API key to that tier's usage plan (api-key-store.ts), then its record. */
export async function moveTenant(
  options: AdminOptions,
  request: RequestOf<'moveTenant'>,
): Promise<AdminResponse> {
  const { tokens, apiKeys, usagePlans } = options;
  const { tenantId, tier } = request;
  const refused = refuseTier(options, tier);
  if (refused !== undefined) return refused;
  const tenant = await tokens.getTenant(tenantId);
  if (tenant === undefined) return notFound(tenantId);
  if (tenant.status !== 'active' && tenant.status !== 'disabled')
    return failure('TenantBusy', `Tenant ${tenantId} is ${tenant.status}: retry once that is done`);
  if (tenant.tier === tier) return success(publicTenant(tenant));
  if (apiKeys !== undefined && tenant.apiKeyId !== undefined) {
    const from = usagePlans[tenant.tier];
    const to = usagePlans[tier] as string;
    try {
      if (from === undefined) await apiKeys.addToPlan(tenant.apiKeyId, to);
      else await apiKeys.move(tenant.apiKeyId, from, to);
    } catch (error) {
      return incomplete(`Moving tenant ${tenantId} to ${tier}`, error);
    }
  }
  const moved = await tokens.updateTenantIf(tenantId, { tier }, [], SETTLED);
  return moved === undefined ? notFound(tenantId) : success(publicTenant(moved));
}
