import type { TenantPolicy } from '../scim/tenant-policy';
import type { ClientStore, SecretRefusal } from '../storage/client-store';
import type { TokenStore } from '../storage/token-store';
import { basicCredentialsOf } from './basic-credentials';
import { bearerTokenOf, hashToken, isWellFormedToken } from './bearer-token';
import { CLIENT_ID_PATTERN, isWellFormedClientSecret } from './client-secret';

/**
 * What a request was authorised with, for recording its use (lastUsedAt): by hash, never the plaintext.
 */
export type UsedCredential =
  | { readonly kind: 'token'; readonly hash: string }
  | { readonly kind: 'secret'; readonly clientId: string; readonly hash: string };

/** Why a credential is refused; a token's `revoked` and `expired` are SecretRefusal's words too. */
export type RefusalReason = 'missing' | 'malformed' | 'unknown' | SecretRefusal | 'inactive_tenant';

export type Authorization =
  | {
      readonly allowed: true;
      readonly credential: UsedCredential;
      readonly tenantId: string;
      /** The token's id, or for Basic the secret's id (secretId). */
      readonly tokenId: string;
      readonly apiKey?: string;
      readonly lastUsedAt?: string;
      /** The tenant's policy; absent means DEFAULT_TENANT_POLICY. */
      readonly policy?: TenantPolicy;
    }
  | {
      readonly allowed: false;
      readonly reason: RefusalReason;
      /** For a refused Basic header of a well-formed client id: which client (ids are not secret). */
      readonly clientId?: string;
      /**
       * The tenant of a known credential that was refused (revoked, expired, a wrong secret of its client, an
       * inactive tenant) and the credential's id (a token's, or the client's): for the tenant's request log.
       */
      readonly tenantId?: string;
      readonly credentialId?: string;
    };

export interface AuthorizeStores {
  readonly tokens: TokenStore;
  readonly clients: Pick<ClientStore, 'checkSecret'>;
}

/**
 * Resolves an `Authorization` header to a tenant: a bearer token (a Secret Token, or an access token of
 * the token endpoint), or `Basic` with a client id and secret (Okta's "Basic Auth"; RFC 7617). A missing,
 * malformed, unknown, revoked or expired credential, a federation client's id, or one of a disabled
 * tenant, is not allowed. A failing store throws: that is an outage, which must reach the client as a
 * 5xx and never as a 401 (Entra quarantines a job on credential errors).
 */
export async function authorize(header: string | undefined, stores: AuthorizeStores): Promise<Authorization> {
  const { tokens, clients } = stores;
  const basic = basicCredentialsOf(header);
  if (basic === 'malformed') return { allowed: false, reason: 'malformed' };
  if (basic !== undefined) {
    if (!CLIENT_ID_PATTERN.test(basic.clientId)) return { allowed: false, reason: 'malformed' };
    if (!isWellFormedClientSecret(basic.secret))
      return { allowed: false, reason: 'malformed', clientId: basic.clientId };
    return authorizeSecret(basic.clientId, hashToken(basic.secret), { tokens, clients });
  }
  const token = bearerTokenOf(header);
  if (token === undefined) return { allowed: false, reason: 'missing' };
  if (!isWellFormedToken(token)) return { allowed: false, reason: 'malformed' };
  const hash = hashToken(token);
  const checked = await tokens.check(hash);
  if (checked.ok) return { allowed: true, credential: { kind: 'token', hash }, ...checked.token };
  if (checked.reason === 'unknown') return { allowed: false, reason: 'unknown' };
  return {
    allowed: false,
    reason: checked.reason,
    tenantId: checked.tenantId,
    credentialId: checked.tokenId,
  };
}

/** A client secret: active, unexpired, of a client_secret client, of an active tenant. */
async function authorizeSecret(
  clientId: string,
  hash: string,
  stores: AuthorizeStores,
): Promise<Authorization> {
  const check = await stores.clients.checkSecret(clientId, hash);
  if (!check.ok) {
    const known = check.tenantId === undefined ? {} : { tenantId: check.tenantId, credentialId: clientId };
    return { allowed: false, reason: check.reason, clientId, ...known };
  }
  const { secret } = check;
  const tenant = await stores.tokens.activeTenant(secret.tenantId);
  if (tenant === undefined)
    return {
      allowed: false,
      reason: 'inactive_tenant',
      clientId,
      tenantId: secret.tenantId,
      credentialId: clientId,
    };
  return {
    allowed: true,
    credential: { kind: 'secret', clientId, hash },
    ...tenant,
    tokenId: secret.secretId,
    ...(secret.lastUsedAt === undefined ? {} : { lastUsedAt: secret.lastUsedAt }),
  };
}
