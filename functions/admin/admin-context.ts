import { DEFAULT_TENANT_POLICY } from '../scim/tenant-policy';
import type { ApiKeyStore } from '../storage/api-key-store';
import type { ClientStore } from '../storage/client-store';
import type { EmailReindex } from '../storage/email-reindex';
import type { RequestLogStore } from '../storage/request-log-store';
import type { TenantDataPurge } from '../storage/tenant-data-purge';
import type { Tenant, TokenStore } from '../storage/token-store';
import type { AdminErrorCode, AdminResponse } from './admin-request';

/** The next step of a purge in the background: the admin function sends it to itself. */
export interface PurgeStepEvent {
  readonly action: 'continuePurge';
  readonly tenantId: string;
  readonly step: number;
}

export interface AdminOptions {
  readonly tokens: TokenStore;
  /** OAuth 2.0 clients, their secrets and Entra trusts (the tokens table); `tenants delete` removes them. */
  readonly clients: ClientStore;
  /** API Gateway keys; absent on the local endpoint, which has no usage plans. */
  readonly apiKeys?: ApiKeyStore;
  /** Usage plan id per tier; the construct declares the tiers. */
  readonly usagePlans: Readonly<Record<string, string>>;
  readonly defaultTier: string;
  /** Tiers closed to new tenants (`retired: true` in the construct): their tenants stay, none may join. */
  readonly retiredTiers?: readonly string[];
  /**
   * The data table's name: `tenants set` mirrors a tenant's policy there (its POLICY item), so that the
   * change reaches the table's stream. Without it `tenants set` is refused.
   */
  readonly dataTable?: string;
  /** Deletes a tenant's SCIM data (`tenants delete --purge`); absent where the data table is not known. */
  readonly purge?: TenantDataPurge;
  /** Writes users' email items (`tenants reindex`); absent where the data table is not known. */
  readonly reindex?: EmailReindex;
  /** Reads the tenants' request logs (`logs`); absent where the data table is not known. */
  readonly requestLog?: Pick<RequestLogStore, 'page' | 'summary'>;
  /** Runs the next purge step later, in another invocation (in AWS: an asynchronous self-invoke). */
  readonly continueLater?: (event: PurgeStepEvent) => Promise<void>;
  /**
   * How long after `tenants delete` the purge starts: a token authorised just before the delete keeps
   * working for the authorizer cache TTL, and a request it started may still be writing.
   */
  readonly purgeSettleMs?: number;
  /** Scan pages per purge step: the bounded work of one invocation. */
  readonly purgePagesPerStep?: number;
  /** How long a create or delete holds its tenant: longer than the admin function's timeout. */
  readonly leaseMs?: number;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The current time, by the options' clock (a test's) or the system's. */
export const nowOf = (options: AdminOptions): Date => (options.now ?? (() => new Date()))();

/** Milliseconds left in this invocation (Lambda's getRemainingTimeInMillis), if known. */
export type RemainingTime = () => number;

export const failure = (code: AdminErrorCode, message: string): AdminResponse => ({
  ok: false,
  error: { code, message },
});
export const success = (result: unknown): AdminResponse => ({ ok: true, result });

/**
 * A tenant as an operator sees it: without its API key value (of no use to an operator, better not printed)
 * and without the bookkeeping of a create, delete or purge in progress.
 */
export function publicTenant(tenant: Tenant) {
  const {
    apiKey: _apiKey,
    lease: _lease,
    leaseUntil: _leaseUntil,
    purgeCursor,
    purgeStep: _purgeStep,
    ...shown
  } = tenant;
  // The policy in force, the default where none was ever set.
  const withPolicy = { ...shown, policy: shown.policy ?? DEFAULT_TENANT_POLICY };
  return tenant.status === 'deleting'
    ? { ...withPolicy, purge: purgeCursor === undefined ? 'pending' : 'running' }
    : withPolicy;
}

export function notFound(tenantId: string): AdminResponse {
  return failure('TenantNotFound', `No tenant ${tenantId}`);
}

/** A dependency's failure, named without its message (which may quote request data). */
export function incomplete(what: string, error: unknown): AdminResponse {
  const name = error instanceof Error ? error.name : 'Error';
  return failure('Incomplete', `${what} failed (${name}); run the same command again to complete it`);
}
