import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describeError, logger } from '../../functions/http/logger';
import { DeactivatedSweep } from '../../functions/storage/deactivated-sweep';
import { purgeExpired } from '../../functions/storage/expired-items';
import { ResourceStore } from '../../functions/storage/resource-store';
import { sweepTenants } from '../../functions/storage/sweep-tenants';
import type { TokenStore } from '../../functions/storage/token-store';

export interface LifecycleTimersOptions {
  readonly db: DynamoDBDocumentClient;
  /** The data table, whose expired items are deleted and whose deactivated users are swept. */
  readonly dataTable: string;
  /** The tenants and their policies (the tokens table's). */
  readonly tokens: Pick<TokenStore, 'listTenants'>;
  /** How often both run; default every minute. */
  readonly intervalMs?: number;
  /** The clock expiry and deactivation are judged by; default the system's. */
  readonly now?: () => Date;
}

export interface LifecycleTimers {
  /** Stops the timers; resolves once a pass under way has ended. */
  stop(): Promise<void>;
}

/**
 * What AWS does on a schedule, for the local endpoint: DynamoDB's Time to Live, which DynamoDB Local does
 * not run (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html),
 * as purgeExpired, and the lifecycle function's daily sweep of deactivated users (lib/scim-lifecycle.ts).
 * One pass at start and then every `intervalMs`, never two at once; a failing pass is logged and the next
 * one tries again.
 */
export function startLifecycleTimers(options: LifecycleTimersOptions): LifecycleTimers {
  const { db, dataTable, tokens, intervalMs = 60_000, now = () => new Date() } = options;
  const users = new ResourceStore(db, dataTable, 'User', now);
  const sweep = new DeactivatedSweep(db, dataTable, users, now);
  let running: Promise<void> | undefined;
  const pass = async () => {
    try {
      const expired = await purgeExpired(db, dataTable, now());
      const { purged } = await sweepTenants({ tokens, sweep });
      if (expired > 0 || purged > 0) logger.info('Lifecycle', { expired, purged });
    } catch (error) {
      logger.error('The lifecycle pass failed', describeError(error));
    }
  };
  const tick = () => {
    if (running !== undefined) return;
    running = pass().finally(() => {
      running = undefined;
    });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
