import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/storage/table-design';
import { policyAdmin } from '../../support/policy-admin';
import { startScimServer, type TestServer } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';
import { createUser } from '../../support/users';

let server: TestServer;
let setPolicy: ReturnType<typeof policyAdmin>;
beforeAll(async () => {
  server = await startScimServer();
  setPolicy = policyAdmin(server);
});
afterAll(() => server.close());

const DAY_SECONDS = 24 * 60 * 60;

async function tombstoneOf(tenantId: string, id: string) {
  const { Item } = await server.db.send(
    new GetCommand({
      TableName: TEST_TABLES.data,
      Key: keys.tombstone(tenantId, 'User', id),
      ConsistentRead: true,
    }),
  );
  return Item;
}

describe('the policy tenants set writes reaches the requests, through the authorizer context', () => {
  it.each([
    { change: {}, days: undefined, why: 'no policy: a DELETE deletes at once' },
    {
      change: { deletion: 'retain', retainDays: 7 },
      days: 7,
      why: 'retain 7 days: a DELETE keeps a tombstone',
    },
    { change: { deletion: 'hard' }, days: undefined, why: 'hard again: no tombstone' },
  ])('$why', async ({ change, days }) => {
    const tenant = await server.newTenant();
    if (Object.keys(change).length > 0) await setPolicy(tenant, change);
    const id = await createUser(tenant, 'ada.lovelace@example.com');
    const deletedAt = Math.floor(Date.now() / 1000);
    expect((await tenant.request('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await tenant.request('GET', `/Users/${id}`)).status).toBe(404);
    const tombstone = await tombstoneOf(tenant.tenantId, id);
    if (days === undefined) expect(tombstone).toBeUndefined();
    else {
      // The policy's days, as the store computes them from its own clock (an hour either way is plenty).
      const expiresAt = Number(tombstone?.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(deletedAt + days * DAY_SECONDS - 3600);
      expect(expiresAt).toBeLessThanOrEqual(deletedAt + days * DAY_SECONDS + 3600);
    }
  });
});
