import { type AdminOptions, failure, notFound, success } from './admin-context';
import type { AdminRequest, AdminResponse } from './admin-request';
import { parseExpiry } from './token-expiry';

type TokenRequest = Extract<
  AdminRequest,
  { action: 'createToken' | 'listTokens' | 'revokeToken' | 'rotateToken' }
>;

function tokenNotFound(request: { tenantId: string; tokenId: string }): AdminResponse {
  return failure('TokenNotFound', `Tenant ${request.tenantId} has no active token ${request.tokenId}`);
}

/** The token commands: issue, list, revoke and rotate a tenant's bearer tokens. */
export function tokenCommands(options: AdminOptions) {
  const { tokens } = options;
  const now = options.now ?? (() => new Date());

  /** A requested expiry, checked strictly: a real date, in the future (token-expiry.ts). */
  const expiry = (text: string | undefined) => {
    if (text === undefined) return { ok: true as const, expiresAt: undefined };
    const parsed = parseExpiry(text, now());
    return parsed.ok ? parsed : { ok: false as const, response: failure('InvalidRequest', parsed.message) };
  };

  return async (request: TokenRequest): Promise<AdminResponse> => {
    switch (request.action) {
      case 'createToken': {
        const expires = expiry(request.expiresAt);
        if (!expires.ok) return expires.response;
        const tenant = await tokens.getTenant(request.tenantId);
        if (tenant === undefined) return notFound(request.tenantId);
        if (tenant.status === 'deleting')
          return failure('TenantBusy', `Tenant ${request.tenantId} is being deleted`);
        const issued = await tokens.issueToken(request.tenantId, request.label ?? 'token', expires.expiresAt);
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
        const expires = expiry(request.expiresAt);
        if (!expires.ok) return expires.response;
        // The replacement keeps the old token's expiry unless told otherwise: a rotation is not a renewal.
        const expiresAt = expires.expiresAt ?? old.expiresAt;
        if (expiresAt !== undefined && expiresAt <= now().toISOString())
          return failure(
            'InvalidRequest',
            `Token ${old.tokenId} expired at ${expiresAt}: give the replacement an expiry with --expires`,
          );
        const issued = await tokens.issueToken(request.tenantId, `${old.label} (rotated)`, expiresAt);
        if (issued === undefined) return notFound(request.tenantId);
        return success({ token: issued.token, ...issued.info, replaces: old.tokenId });
      }
    }
  };
}
