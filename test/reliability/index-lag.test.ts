/**
 * A user DELETE finds the groups to leave in gsi1, which lags behind the table in AWS. A membership
 * written just before the DELETE may not be listed yet when it sweeps; it must not survive the DELETE, and
 * no read may ever list a member that no longer exists. gsi1's lag is simulated (./index-lag.ts: Queries
 * on gsi1 do not see items written less than a given time ago), everything else is DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import { INDEX_LAG_MILLIS } from '../../functions/storage/membership-store';
import { keys } from '../../functions/storage/table-design';
import { createGroup } from '../support/groups';
import { dynamoEndpoint, startScimServer, type TestServer, type TestTenant } from '../support/scim-server';
import { createUser, patchOp } from '../support/users';
import { partition } from './helpers';
import { type IndexLag, simulateIndexLag } from './index-lag';

/** What the table holds of a group's memberships, read strongly consistently (not through the API). */
async function memberItems(server: TestServer, tenant: TestTenant, group: string): Promise<string[]> {
  const items = await partition(server.db, keys.membersOf(tenant.tenantId, group));
  return items.map((item) => String(item.sk).slice(keys.memberPrefix.length)).sort();
}

async function apiMembers(tenant: TestTenant, group: string): Promise<string[]> {
  const response = await tenant.request('GET', `/Groups/${group}`);
  expect(response.status, response.text).toBe(200);
  return ((response.body.members ?? []) as { value: string }[]).map((m) => m.value).sort();
}

describe.each([
  // Within the time the DELETE gives the index (INDEX_LAG_MILLIS): its second sweep finds the membership.
  ['an index half a lag behind', INDEX_LAG_MILLIS / 2],
  // Later than that: only reading the group can notice, and it does.
  ['an index that has not caught up by the end of the DELETE', Number.POSITIVE_INFINITY],
])('a user DELETE right after the user joined a group, with %s', (_name, lagMillis) => {
  let server: TestServer;
  let tenant: TestTenant;
  let lag: IndexLag;
  beforeAll(async () => {
    const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
    lag = simulateIndexLag(db, lagMillis);
    server = await startScimServer(db, { indexLagMillis: INDEX_LAG_MILLIS });
    tenant = await server.newTenant();
  });
  afterAll(() => server.close());

  it('never lists the deleted user as a member, and leaves no membership of it behind', async () => {
    const keeper = await createUser(tenant, 'keeper@contoso.example');
    const leaver = await createUser(tenant, 'leaver@contoso.example');
    const group = await createGroup(tenant, 'Joined Late', [keeper]);
    const joined = await tenant.request(
      'PATCH',
      `/Groups/${group}`,
      patchOp({ op: 'add', path: 'members', value: [{ value: leaver }] }),
    );
    expect(joined.status, joined.text).toBe(204);
    const hiddenBefore = lag.hidden;
    const deleted = await tenant.request('DELETE', `/Users/${leaver}`);
    expect(deleted.status, deleted.text).toBe(204);
    // The simulation did hide the new membership from the DELETE's first look at gsi1.
    expect(lag.hidden).toBeGreaterThan(hiddenBefore);
    if (Number.isFinite(lagMillis)) {
      // Swept again once the index had caught up: nothing is left in the table.
      expect(await memberItems(server, tenant, group)).toEqual([keeper]);
    }
    expect(await apiMembers(tenant, group)).toEqual([keeper]);
    const listed = await tenant.request(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "Joined Late"')}`,
    );
    expect(listed.body.Resources[0].members.map((m: { value: string }) => m.value)).toEqual([keeper]);
    // Reading the group removed what the DELETE could not see.
    expect(await memberItems(server, tenant, group)).toEqual([keeper]);
    lag.catchUp();
  });
});
