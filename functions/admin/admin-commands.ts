import * as v from 'valibot';
import {
  type AdminOptions,
  failure,
  incomplete,
  notFound,
  publicTenant,
  type RemainingTime,
  success,
} from './admin-context';
import { type AdminRequest, type AdminResponse, adminRequestSchema } from './admin-request';
import { createTenant } from './tenant-create';
import { deleteTenant } from './tenant-delete';
import { inStatus } from './tenant-lease';
import { continuePurge } from './tenant-purge';
import { tokenCommands } from './token-commands';

export type { AdminOptions } from './admin-context';

/** Tenants an operator can disable, enable or move: not one being created or deleted. */
const SETTLED = inStatus(['active', 'disabled']);

/**
 * Tenants and tokens, for the vendor's operators. The function has no HTTP route: only IAM principals
 * allowed to invoke it (the CLI with the operator's credentials) can call it.
 */
export function adminCommands(options: AdminOptions) {
  const { tokens, apiKeys, usagePlans, defaultTier } = options;
  const retired = new Set(options.retiredTiers ?? []);
  const planOf = (tier: string) => usagePlans[tier];
  const tierKnown = (tier: string) => apiKeys === undefined || planOf(tier) !== undefined;
  const openTiers = () => Object.keys(usagePlans).filter((t) => !retired.has(t));
  /** Why a tenant may not join `tier`, or undefined if it may. */
  const refuseTier = (tier: string): AdminResponse | undefined => {
    if (retired.has(tier))
      return failure('UnknownTier', `Tier '${tier}' is retired; open tiers: ${openTiers().join(', ')}`);
    if (!tierKnown(tier))
      return failure('UnknownTier', `Unknown tier '${tier}'; tiers: ${openTiers().join(', ') || '(none)'}`);
    return undefined;
  };
  const tokenCommand = tokenCommands(options);

  async function moveTenant(tenantId: string, tier: string): Promise<AdminResponse> {
    const refused = refuseTier(tier);
    if (refused !== undefined) return refused;
    const tenant = await tokens.getTenant(tenantId);
    if (tenant === undefined) return notFound(tenantId);
    if (tenant.status !== 'active' && tenant.status !== 'disabled')
      return failure('TenantBusy', `Tenant ${tenantId} is ${tenant.status}: retry once that is done`);
    if (tenant.tier === tier) return success(publicTenant(tenant));
    if (apiKeys !== undefined && tenant.apiKeyId !== undefined) {
      const from = planOf(tenant.tier);
      const to = planOf(tier) as string;
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

  async function run(request: AdminRequest, remaining: RemainingTime | undefined): Promise<AdminResponse> {
    switch (request.action) {
      case 'createTenant': {
        const tier = request.tier ?? defaultTier;
        return refuseTier(tier) ?? createTenant(options, request.tenantId, tier);
      }
      case 'listTenants':
        return success((await tokens.listTenants()).map(publicTenant));
      case 'getTenant': {
        const tenant = await tokens.getTenant(request.tenantId);
        return tenant === undefined ? notFound(request.tenantId) : success(publicTenant(tenant));
      }
      case 'moveTenant':
        return moveTenant(request.tenantId, request.tier);
      case 'deleteTenant':
        return deleteTenant(options, request.tenantId, request.purge ?? false);
      case 'continuePurge':
        return continuePurge(options, request, remaining);
      case 'disableTenant':
      case 'enableTenant': {
        const status = request.action === 'disableTenant' ? 'disabled' : 'active';
        const tenant = await tokens.updateTenantIf(request.tenantId, { status }, [], SETTLED);
        if (tenant !== undefined) return success(publicTenant(tenant));
        const current = await tokens.getTenant(request.tenantId);
        return current === undefined
          ? notFound(request.tenantId)
          : failure('TenantBusy', `Tenant ${request.tenantId} is ${current.status}`);
      }
      default:
        return tokenCommand(request);
    }
  }

  return async (input: unknown, remaining?: RemainingTime): Promise<AdminResponse> => {
    const parsed = v.safeParse(adminRequestSchema, input);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      return failure('InvalidRequest', `${v.getDotPath(issue) ?? 'request'}: ${issue.message}`);
    }
    return run(parsed.output, remaining);
  };
}
