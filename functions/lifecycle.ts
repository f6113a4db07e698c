/**
 * Lambda entry point of the lifecycle function: the daily purge of deactivated users, for the tenants whose
 * policy sets `purgeDeactivatedAfterDays` (lib/scim-lifecycle.ts schedules it). A sweep that runs short of
 * time hands the rest to a new invocation of this function, asynchronously, with where it stopped (a
 * tenant id and a user id). Tombstones of retained deletes need nothing here: DynamoDB's TTL deletes them.
 */
import type { Context } from 'aws-lambda';
import { ENV, lifecycleFunctionEnvironment, readEnvironment } from './config';
import { logger } from './http/logger';
import { createAsyncInvoke } from './storage/async-invoke';
import { DeactivatedSweep } from './storage/deactivated-sweep';
import { createDocumentClient } from './storage/dynamo-client';
import { ResourceStore } from './storage/resource-store';
import { type SweepResult, sweepEventOf, sweepTenants } from './storage/sweep-tenants';
import { TokenStore } from './storage/token-store';

const environment = readEnvironment(lifecycleFunctionEnvironment);
const db = createDocumentClient({
  region: environment[ENV.AWS_REGION],
  endpoint: environment[ENV.DYNAMODB_ENDPOINT],
});
const dataTable = environment[ENV.DATA_TABLE_NAME];
const users = new ResourceStore(db, dataTable, 'User');

export async function handler(event: unknown, context: Context): Promise<SweepResult> {
  const result = await sweepTenants(
    {
      tokens: new TokenStore(db, environment[ENV.TOKENS_TABLE_NAME]),
      sweep: new DeactivatedSweep(db, dataTable, users),
      continueLater: createAsyncInvoke(
        environment[ENV.AWS_REGION],
        environment[ENV.AWS_LAMBDA_FUNCTION_NAME],
      ),
      remaining: () => context.getRemainingTimeInMillis(),
    },
    sweepEventOf(event),
  );
  logger.info('Lifecycle sweep', {
    tenants: result.tenants,
    purged: result.purged,
    continued: result.continuedAt !== undefined,
  });
  return result;
}
