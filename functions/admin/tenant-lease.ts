import { randomBytes } from 'node:crypto';
import type { TenantCondition } from '../storage/table-design';
import type { Lease, Tenant } from '../storage/token-store';

/** Two minutes: longer than the admin function's timeout, so a lease outlives the invocation holding it. */
export const DEFAULT_LEASE_MS = 120_000;

export function newLease(now: Date, leaseMs: number): Lease {
  return { id: randomBytes(8).toString('hex'), until: new Date(now.getTime() + leaseMs).toISOString() };
}

/**
 * A tenant in one of `statuses` that no other request holds (its lease, if any, has run out). A request that
 * crashed without releasing its lease blocks the tenant until then, never longer.
 */
export function claimable(statuses: readonly Tenant['status'][], now: Date): TenantCondition {
  return {
    expression: `#status IN (${statuses.map((_, i) => `:s${i}`).join(', ')}) AND (attribute_not_exists(#leaseUntil) OR #leaseUntil < :now)`,
    names: { '#status': 'status', '#leaseUntil': 'leaseUntil' },
    values: { ...Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s])), ':now': now.toISOString() },
  };
}

/** A tenant still held by `lease`. */
export function heldBy(lease: Lease): TenantCondition {
  return { expression: '#lease = :lease', names: { '#lease': 'lease' }, values: { ':lease': lease.id } };
}

/** A tenant in one of `statuses`. */
export function inStatus(statuses: readonly Tenant['status'][]): TenantCondition {
  return {
    expression: `#status IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`,
    names: { '#status': 'status' },
    values: Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s])),
  };
}

export const LEASE_ATTRIBUTES = ['lease', 'leaseUntil'] as const;
