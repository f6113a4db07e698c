import type { TenantCondition } from '../storage/table-design';
import type { PurgeCursor } from '../storage/tenant-data-purge';
import type { Tenant } from '../storage/token-store';
import {
  type AdminOptions,
  incomplete,
  nowOf,
  type PurgeStepEvent,
  type RemainingTime,
  success,
} from './admin-context';
import type { AdminResponse } from './admin-request';

/** Time kept in hand at the end of an invocation, to save the cursor and hand over to the next step. */
const MARGIN_MS = 15_000;
const DEFAULT_PAGES_PER_STEP = 10;

const atStep = (step: number): TenantCondition => ({
  expression: '#purgeStep = :step',
  names: { '#purgeStep': 'purgeStep' },
  values: { ':step': step },
});

/**
 * One bounded step of a tenant's purge: at most `purgePagesPerStep` pages of the scan, then the cursor is
 * saved on the tenant's record and the next step is handed to another invocation. Only the step the record
 * names may run, and it claims the next number first, so a duplicate or stale invocation (an asynchronous
 * event delivered twice, an older chain after a restart) does nothing. A failure is recorded on the tenant
 * (`tenants show`) and the chain stops; `tenants delete --purge` again resumes from the saved cursor.
 */
export async function continuePurge(
  options: AdminOptions,
  event: PurgeStepEvent,
  remaining: RemainingTime = () => Number.POSITIVE_INFINITY,
): Promise<AdminResponse> {
  const { tokens, purge, continueLater } = options;
  if (purge === undefined || continueLater === undefined) return success({ superseded: true });
  const next = event.step + 1;
  const tenant = await tokens.updateTenantIf(event.tenantId, { purgeStep: next }, [], {
    ...atStep(event.step),
    expression: '#purgeStep = :step AND #status = :deleting',
    names: { '#purgeStep': 'purgeStep', '#status': 'status' },
    values: { ':step': event.step, ':deleting': 'deleting' },
  });
  if (tenant === undefined) return success({ tenantId: event.tenantId, superseded: true });
  const handOver = () => continueLater({ action: 'continuePurge', tenantId: event.tenantId, step: next });
  try {
    if (!(await settled(options, tenant, remaining))) {
      await handOver();
      return success({ tenantId: event.tenantId, purge: 'waiting' });
    }
    let cursor: PurgeCursor = tenant.purgeCursor;
    let deleted = 0;
    const pages = options.purgePagesPerStep ?? DEFAULT_PAGES_PER_STEP;
    for (let page = 0; page < pages && (page === 0 || remaining() > MARGIN_MS); page++) {
      const result = await purge.page(event.tenantId, cursor);
      deleted += result.deleted;
      cursor = result.next;
      if (cursor === undefined) {
        await tokens.deleteTenantIf(event.tenantId, atStep(next));
        return success({ tenantId: event.tenantId, purge: 'done', deleted });
      }
    }
    // The cursor is a key of the data table (possibly another tenant's), kept in the tokens table: never
    // in the event, which Lambda may log on a failed delivery.
    if (
      (await tokens.updateTenantIf(event.tenantId, { purgeCursor: cursor }, [], atStep(next))) === undefined
    )
      return success({ tenantId: event.tenantId, superseded: true });
    await handOver();
    return success({ tenantId: event.tenantId, purge: 'continuing', deleted });
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    await tokens
      .updateTenantIf(event.tenantId, { purgeError: name }, [], atStep(next))
      .catch(() => undefined);
    return incomplete(`Purging tenant ${event.tenantId}`, error);
  }
}

/**
 * Whether the settle time after the delete has passed, waiting for it if this invocation has the time.
 * False: the wait goes on in the next invocation.
 */
async function settled(options: AdminOptions, tenant: Tenant, remaining: RemainingTime): Promise<boolean> {
  const now = nowOf(options);
  const closedAt = tenant.closedAt === undefined ? now.getTime() : Date.parse(tenant.closedAt);
  const wait = closedAt + (options.purgeSettleMs ?? 0) - now.getTime();
  if (wait <= 0) return true;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const budget = remaining() - 2 * MARGIN_MS;
  if (wait <= budget) {
    await sleep(wait);
    return true;
  }
  if (budget > 0) await sleep(budget);
  return false;
}
