import { issueBearerToken } from '../auth/bearer-token';
import { type AdminOptions, failure, notFound, nowOf, success } from './admin-context';
import type { AdminResponse, RequestOf } from './admin-request';
import { parseExpiry } from './token-expiry';

function tokenNotFound(request: { tenantId: string; tokenId: string }): AdminResponse {
  return failure('TokenNotFound', `Tenant ${request.tenantId} has no active token ${request.tokenId}`);
}

/** A requested expiry, checked strictly: a real date, in the future (token-expiry.ts). */
function expiry(options: AdminOptions, text: string | undefined) {
  if (text === undefined) return { ok: true as const, expiresAt: undefined };
  const parsed = parseExpiry(text, nowOf(options));
  return parsed.ok ? parsed : { ok: false as const, response: failure('InvalidRequest', parsed.message) };
}

/** Issues a bearer token for a tenant that is not being deleted; the plaintext is in this answer only. */
export async function createToken(
  options: AdminOptions,
  request: RequestOf<'createToken'>,
): Promise<AdminResponse> {
  const { tokens } = options;
  const expires = expiry(options, request.expiresAt);
  if (!expires.ok) return expires.response;
  const tenant = await tokens.getTenant(request.tenantId);
  if (tenant === undefined) return notFound(request.tenantId);
  if (tenant.status === 'deleting')
    return failure('TenantBusy', `Tenant ${request.tenantId} is being deleted`);
  const issued = await issueBearerToken(
    tokens,
    request.tenantId,
    request.label ?? 'token',
    expires.expiresAt,
  );
  if (issued === undefined) return notFound(request.tenantId);
  return success({ token: issued.token, ...issued.info });
}

export async function listTokens(
  options: AdminOptions,
  request: RequestOf<'listTokens'>,
): Promise<AdminResponse> {
  if ((await options.tokens.getTenant(request.tenantId)) === undefined) return notFound(request.tenantId);
  return success(await options.tokens.listTokens(request.tenantId));
}

export async function revokeToken(
  options: AdminOptions,
  request: RequestOf<'revokeToken'>,
): Promise<AdminResponse> {
  const revoked = await options.tokens.revokeToken(request.tenantId, request.tokenId);
  return revoked === undefined ? tokenNotFound(request) : success(revoked);
}

/**
 * A new token beside the old one: the old keeps working until it is revoked once the identity provider has
 * the new one, so rotating needs no downtime.
 */
export async function rotateToken(
  options: AdminOptions,
  request: RequestOf<'rotateToken'>,
): Promise<AdminResponse> {
  const { tokens } = options;
  const old = (await tokens.listTokens(request.tenantId)).find((t) => t.tokenId === request.tokenId);
  if (old === undefined || old.status !== 'active') return tokenNotFound(request);
  const expires = expiry(options, request.expiresAt);
  if (!expires.ok) return expires.response;
  // The replacement keeps the old token's expiry unless told otherwise: a rotation is not a renewal.
  const expiresAt = expires.expiresAt ?? old.expiresAt;
  if (expiresAt !== undefined && expiresAt <= nowOf(options).toISOString())
    return failure(
      'InvalidRequest',
      `Token ${old.tokenId} expired at ${expiresAt}: give the replacement an expiry with --expires`,
    );
  const issued = await issueBearerToken(tokens, request.tenantId, `${old.label} (rotated)`, expiresAt);
  if (issued === undefined) return notFound(request.tenantId);
  return success({ token: issued.token, ...issued.info, replaces: old.tokenId });
}
