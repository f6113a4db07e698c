import { isResourceId } from '../scim/resource-id';
import { TENANT_ID_PATTERN } from '../scim/tenant-id';
import { parseTenantPolicy } from '../scim/tenant-policy';
import type { AsyncInvoke } from './async-invoke';
import type { DeactivatedSweep } from './deactivated-sweep';
import type { TokenStore } from './token-store';

/** Where a sweep resumes: the tenant it was in and the last user id it read there. */
export interface SweepEvent {
  readonly after?: { readonly tenantId: string; readonly userId?: string };
}

/**
 * Where an invocation's event says to resume; anything else (the schedule's `{}`) starts from the first
 * tenant. Only a tenant id and a user id are taken, each as the ids they must be.
 */
export function sweepEventOf(event: unknown): SweepEvent {
  const after = (event as { after?: { tenantId?: unknown; userId?: unknown } } | null)?.after;
  if (typeof after?.tenantId !== 'string' || !TENANT_ID_PATTERN.test(after.tenantId)) return {};
  const userId = typeof after.userId === 'string' && isResourceId(after.userId) ? after.userId : undefined;
  return { after: { tenantId: after.tenantId, ...(userId === undefined ? {} : { userId }) } };
}

export interface SweepTenantsDependencies {
  readonly tokens: Pick<TokenStore, 'listTenants'>;
  readonly sweep: DeactivatedSweep;
  /** The rest of the sweep, handed to a new invocation; absent (locally), the sweep runs to its end. */
  readonly continueLater?: AsyncInvoke;
  /** Milliseconds this invocation has left (Lambda's getRemainingTimeInMillis). */
  readonly remaining?: () => number;
  /** Time kept in hand at the end of an invocation: a page's work and the hand-over fit in it. */
  readonly marginMillis?: number;
}

export interface SweepResult {
  readonly tenants: number;
  readonly purged: number;
  /** Where the next invocation resumes, when this one ran out of time. */
  readonly continuedAt?: SweepEvent['after'];
}

/** The tenants whose policy purges deactivated users, in id order, with their number of days. */
async function sweptTenants(tokens: SweepTenantsDependencies['tokens']) {
  const swept: { readonly tenantId: string; readonly days: number }[] = [];
  for (const tenant of await tokens.listTenants()) {
    if (tenant.status !== 'active') continue;
    const stored = (tenant as { readonly policy?: unknown }).policy;
    let days: number | undefined;
    try {
      const policy = stored === undefined ? undefined : parseTenantPolicy(stored);
      // A paused tenant is under investigation by the vendor: nothing of it is purged until it resumes.
      days = policy?.paused === true ? undefined : policy?.purgeDeactivatedAfterDays;
    } catch {
      // A stored policy that does not parse purges nothing: a sweep never guesses what to delete.
      days = undefined;
    }
    if (days !== undefined) swept.push({ tenantId: tenant.tenantId, days });
  }
  return swept.sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
}

/**
 * The daily purge of deactivated users across tenants (run by lib/scim-lifecycle.ts's schedule, and
 * locally by bin/local/lifecycle-timers.ts). Tenants in id order, each a page at a time; when less than
 * the margin is left, the rest is handed to a new invocation with where it stopped (a tenant id and a
 * user id, nothing else), as the tenant purge continues itself. Every step is conditional or idempotent,
 * so an event delivered twice only repeats reads.
 */
export async function sweepTenants(
  dependencies: SweepTenantsDependencies,
  event: SweepEvent = {},
): Promise<SweepResult> {
  const { sweep, continueLater, remaining = () => Number.POSITIVE_INFINITY } = dependencies;
  const margin = dependencies.marginMillis ?? 60_000;
  const tenants = (await sweptTenants(dependencies.tokens)).filter(
    (t) => event.after === undefined || t.tenantId >= event.after.tenantId,
  );
  let purged = 0;
  let pages = 0;
  for (const { tenantId, days } of tenants) {
    let after = event.after?.tenantId === tenantId ? event.after.userId : undefined;
    do {
      // At least one page per invocation, so that a chain always moves on.
      if (continueLater !== undefined && pages > 0 && remaining() < margin) {
        const continuedAt = { tenantId, ...(after === undefined ? {} : { userId: after }) };
        await continueLater({ after: continuedAt });
        return { tenants: tenants.length, purged, continuedAt };
      }
      const page = await sweep.page(tenantId, days, after);
      pages++;
      purged += page.purged.length;
      after = page.next;
    } while (after !== undefined);
  }
  return { tenants: tenants.length, purged };
}
