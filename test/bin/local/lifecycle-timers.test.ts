/**
 * The local endpoint's lifecycle timers, on DynamoDB Local: they delete expired items (DynamoDB Local runs
 * no TTL) and purge a tenant's long-deactivated users, until stopped.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { startLifecycleTimers } from '../../../bin/local/lifecycle-timers';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { ResourceStore } from '../../../functions/storage/resource-store';
import { keys } from '../../../functions/storage/table-design';
import type { Tenant } from '../../../functions/storage/token-store';
import { dynamoEndpoint } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const T = TEST_TABLES.data;
const DAY = 86_400_000;

/** Whether an item exists (strongly consistent). */
const exists = async (key: { pk: string; sk: string }) =>
  (await db.send(new GetCommand({ TableName: T, Key: key, ConsistentRead: true }))).Item !== undefined;

/** Polls until `done` holds, so that the test waits for an outcome, not for a time. */
async function eventually(done: () => Promise<boolean>): Promise<void> {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('startLifecycleTimers', () => {
  it('deletes expired tombstones and purges deactivated users of tenants that ask for it, until stopped', async () => {
    const tenant = `timers-${randomUUID().slice(0, 8)}`;
    const created = Date.now() - 40 * DAY;
    const users = new ResourceStore(db, T, 'User', () => new Date(created));
    const { id } = await users.create(tenant, { schemas: [], userName: 'ada@example.com', active: false });
    const expired = keys.tombstone(tenant, 'User', randomUUID());
    const seconds = Math.floor(Date.now() / 1000);
    await db.send(new PutCommand({ TableName: T, Item: { ...expired, expiresAt: seconds - 1 } }));
    // This file's own tenant only: a listing of every tenant would sweep other files' users.
    const policy = { deletion: { mode: 'hard' }, purgeDeactivatedAfterDays: 30, paused: false };
    const tokens = {
      listTenants: async () => [{ tenantId: tenant, status: 'active', policy } as unknown as Tenant],
    };
    const timers = startLifecycleTimers({ db, dataTable: T, tokens, intervalMs: 50 });
    await eventually(
      async () => !(await exists(expired)) && !(await exists(keys.resource(tenant, 'User', id))),
    );
    await timers.stop();
    // Stopped: an expired item written now stays.
    await db.send(new PutCommand({ TableName: T, Item: { ...expired, expiresAt: seconds - 1 } }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await exists(expired)).toBe(true);
  });
});
