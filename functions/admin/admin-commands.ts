import * as v from 'valibot';
import type { ApiKeyStore } from '../storage/api-key-store';
import type { Tenant, TokenStore } from '../storage/token-store';
import {
  type AdminErrorCode,
  type AdminRequest,
  type AdminResponse,
  adminRequestSchema,
} from './admin-request';

export interface AdminOptions {
  readonly tokens: TokenStore;
  /** API Gateway keys; absent on the local endpoint, which has no usage plans. */
  readonly apiKeys?: ApiKeyStore;
  /** Usage plan id per tier; the construct declares the tiers. */
  readonly usagePlans: Readonly<Record<string, string>>;
  readonly defaultTier: string;
}

const failure = (code: AdminErrorCode, message: string): AdminResponse => ({
  ok: false,
  error: { code, message },
});
const success = (result: unknown): AdminResponse => ({ ok: true, result });

/** The tenant without its API key value, which is of no use to an operator and better not printed. */
function publicTenant({ apiKey: _apiKey, ...tenant }: Tenant) {
  return tenant;
}

/**
 * Tenants and tokens, for the vendor's operators. The function has no HTTP route: only IAM principals
 * allowed to invoke it (the CLI with the operator's credentials) can call it.
 */
export function adminCommands(options: AdminOptions) {
  const { tokens, apiKeys, usagePlans, defaultTier } = options;
  const planOf = (tier: string) => usagePlans[tier];
  const tierKnown = (tier: string) => apiKeys === undefined || planOf(tier) !== undefined;
  const unknownTier = (tier: string) =>
    failure(
      'UnknownTier',
      `Unknown tier '${tier}'; tiers: ${Object.keys(usagePlans).join(', ') || '(none)'}`,
    );

  async function run(request: AdminRequest): Promise<AdminResponse> {
    switch (request.action) {
      case 'createTenant': {
        const tier = request.tier ?? defaultTier;
        if (!tierKnown(tier)) return unknownTier(tier);
        if ((await tokens.getTenant(request.tenantId)) !== undefined) {
          return failure('TenantExists', `Tenant ${request.tenantId} exists`);
        }
        // The key first: a tenant record without a key would be refused by API Gateway on every request.
        const key =
          apiKeys === undefined ? undefined : await apiKeys.create(request.tenantId, planOf(tier) as string);
        const tenant = await tokens.createTenant({
          tenantId: request.tenantId,
          tier,
          ...(key === undefined ? {} : { apiKeyId: key.id, apiKey: key.value }),
        });
        if (tenant === undefined) return failure('TenantExists', `Tenant ${request.tenantId} exists`);
        return success(publicTenant(tenant));
      }
      case 'listTenants':
        return success((await tokens.listTenants()).map(publicTenant));
      case 'getTenant': {
        const tenant = await tokens.getTenant(request.tenantId);
        return tenant === undefined ? notFound(request.tenantId) : success(publicTenant(tenant));
      }
      case 'moveTenant': {
        if (!tierKnown(request.tier)) return unknownTier(request.tier);
        const tenant = await tokens.getTenant(request.tenantId);
        if (tenant === undefined) return notFound(request.tenantId);
        if (tenant.tier === request.tier) return success(publicTenant(tenant));
        if (apiKeys !== undefined && tenant.apiKeyId !== undefined) {
          const from = planOf(tenant.tier);
          const to = planOf(request.tier) as string;
          if (from !== undefined) await apiKeys.move(tenant.apiKeyId, from, to);
        }
        const moved = await tokens.updateTenant(request.tenantId, { tier: request.tier });
        return moved === undefined ? notFound(request.tenantId) : success(publicTenant(moved));
      }
      case 'disableTenant':
      case 'enableTenant': {
        const status = request.action === 'disableTenant' ? 'disabled' : 'active';
        const tenant = await tokens.updateTenant(request.tenantId, { status });
        return tenant === undefined ? notFound(request.tenantId) : success(publicTenant(tenant));
      }
      case 'createToken': {
        const issued = await tokens.issueToken(request.tenantId, request.label ?? 'token', request.expiresAt);
        if (issued === undefined) return notFound(request.tenantId);
        return success({ token: issued.token, ...issued.info });
      }
      case 'listTokens': {
        if ((await tokens.getTenant(request.tenantId)) === undefined) return notFound(request.tenantId);
        return success(await tokens.listTokens(request.tenantId));
      }
      case 'revokeToken': {
        const revoked = await tokens.revokeToken(request.tenantId, request.tokenId);
        return revoked === undefined ? tokenNotFound(request) : success(revoked);
      }
      case 'rotateToken': {
        // A new token beside the old one: the old keeps working until it is revoked once the identity
        // provider has the new one, so rotating needs no downtime.
        const old = (await tokens.listTokens(request.tenantId)).find((t) => t.tokenId === request.tokenId);
        if (old === undefined || old.status !== 'active') return tokenNotFound(request);
        const issued = await tokens.issueToken(request.tenantId, `${old.label} (rotated)`);
        if (issued === undefined) return notFound(request.tenantId);
        return success({ token: issued.token, ...issued.info, replaces: old.tokenId });
      }
    }
  }

  return async (input: unknown): Promise<AdminResponse> => {
    const parsed = v.safeParse(adminRequestSchema, input);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      return failure('InvalidRequest', `${v.getDotPath(issue) ?? 'request'}: ${issue.message}`);
    }
    return run(parsed.output);
  };
}

function notFound(tenantId: string): AdminResponse {
  return failure('TenantNotFound', `No tenant ${tenantId}`);
}

function tokenNotFound(request: { tenantId: string; tokenId: string }): AdminResponse {
  return failure('TokenNotFound', `Tenant ${request.tenantId} has no active token ${request.tokenId}`);
}
