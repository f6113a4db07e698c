import type { TenantPolicy } from '../scim/tenant-policy';
import type { TenantItem, TokenItem } from './table-design';

/** A tenant as the stores hand it out: its record without the table's keys. */
export type Tenant = Omit<TenantItem, 'pk' | 'sk' | 'type' | 'gsi1pk' | 'gsi1sk'>;

/**
 * What may be shown of a token: its record without the keys and its Time to Live (never the token, which
 * is not stored).
 */
export type TokenInfo = Omit<TokenItem, 'pk' | 'sk' | 'type' | 'gsi1pk' | 'gsi1sk' | 'ttl'>;

const OPTIONAL_TENANT_ATTRIBUTES = [
  'apiKeyId',
  'apiKey',
  'lease',
  'leaseUntil',
  'closedAt',
  'purgeStep',
  'purgeCursor',
  'purgeError',
  'policy',
] as const;

/** A tenant record as read (or written) as a Tenant: the known attributes that it has, and no keys. */
export function toTenant(item: Record<string, unknown>): Tenant {
  const { tenantId, status, tier, createdAt } = item as unknown as TenantItem;
  const optional = OPTIONAL_TENANT_ATTRIBUTES.filter((name) => item[name] !== undefined);
  return { tenantId, status, tier, createdAt, ...Object.fromEntries(optional.map((n) => [n, item[n]])) };
}

/** A token record as read (or written) as TokenInfo. */
export function toTokenInfo(item: Record<string, unknown>): TokenInfo {
  const {
    pk: _pk,
    sk: _sk,
    type: _type,
    gsi1pk: _g1,
    gsi1sk: _g2,
    ttl: _ttl,
    ...info
  } = item as unknown as TokenItem;
  return info;
}

/** The client (and its secret) an access token of the token endpoint was issued to. */
export interface TokenOrigin {
  readonly clientId: string;
  /** Absent for a federation client, which has no secret. */
  readonly secretId?: string;
}

/** How long an access token outlives its expiry in the table before DynamoDB's TTL removes it. */
const ACCESS_TOKEN_RETENTION_SECONDS = 86_400;

/**
 * An access token's client, secret and Time to Live: a Number of epoch seconds, which is all TTL reads
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-before-you-start.html),
 * a day after expiresAt (TTL deletes within days, so expiresAt is what refuses it; the day keeps it listed
 * for a while after).
 */
export function originAttributes(origin: TokenOrigin, expiresAt: string | undefined) {
  return {
    clientId: origin.clientId,
    ...(origin.secretId === undefined ? {} : { secretId: origin.secretId }),
    ...(expiresAt === undefined
      ? {}
      : { ttl: Math.floor(Date.parse(expiresAt) / 1000) + ACCESS_TOKEN_RETENTION_SECONDS }),
  };
}

/** Who holds a tenant's record while creating or deleting it, and until when. */
export interface Lease {
  readonly id: string;
  readonly until: string;
}

/**
 * What the store keeps of a bearer token: its SHA-256 (the key it is found by) and the hint shown in
 * listings. The token itself never reaches the store: functions/auth/bearer-token.ts makes and hashes it.
 */
export interface TokenCredential {
  readonly hash: string;
  readonly hint: string;
}

/** An active tenant, with what the authorizer hands API Gateway. */
export interface ActiveTenant {
  readonly tenantId: string;
  readonly apiKey?: string;
  /** The tenant's policy (DEFAULT_TENANT_POLICY if it has none), for the authorizer's context. */
  readonly policy: TenantPolicy;
}

/** The tenant a valid token belongs to, with what the authorizer hands API Gateway. */
export interface ResolvedToken extends ActiveTenant {
  readonly tokenId: string;
  readonly lastUsedAt?: string;
}

/** What a token hash authorises: its tenant, or why not (with the tenant and token id when it is known). */
export type TokenCheck =
  | { readonly ok: true; readonly token: ResolvedToken }
  | { readonly ok: false; readonly reason: 'unknown' }
  | {
      readonly ok: false;
      readonly reason: 'revoked' | 'expired' | 'inactive_tenant';
      readonly tenantId: string;
      readonly tokenId: string;
    };
