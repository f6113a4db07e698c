import type { TenantPolicy } from '../scim/tenant-policy';
import type { TokenStore } from '../storage/token-store';
import { bearerTokenOf, hashToken, isWellFormedToken } from './bearer-token';

export type Authorization =
  | {
      readonly allowed: true;
      readonly token: string;
      readonly tenantId: string;
      readonly tokenId: string;
      readonly apiKey?: string;
      readonly lastUsedAt?: string;
      /** The tenant's policy; absent means DEFAULT_TENANT_POLICY. */
      readonly policy?: TenantPolicy;
    }
  | { readonly allowed: false; readonly reason: 'missing' | 'malformed' | 'unknown' };

/**
 * Resolves an `Authorization` header to a tenant. A missing, malformed, unknown, revoked or expired token,
 * or one of a disabled tenant, is not allowed. A failing token store throws: that is an outage, which
 * must reach the client as a 5xx and never as a 401 (Entra quarantines a job on credential errors).
 */
export async function authorize(header: string | undefined, tokens: TokenStore): Promise<Authorization> {
  const token = bearerTokenOf(header);
  if (token === undefined) return { allowed: false, reason: 'missing' };
  if (!isWellFormedToken(token)) return { allowed: false, reason: 'malformed' };
  const resolved = await tokens.resolve(hashToken(token));
  if (resolved === undefined) return { allowed: false, reason: 'unknown' };
  return { allowed: true, token, ...resolved };
}
