import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meterCapacity } from '../../../bin/local/capacity-meter';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { ResourceStore } from '../../../functions/storage/resource-store';
import { keys } from '../../../functions/storage/table-design';
import { createGroup, groupsOfUser } from '../../support/groups';
import { dynamoEndpoint, startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';
import { patchOp, userBody } from '../../support/users';

/** Members per PATCH, as Microsoft Entra ID batches group membership changes. */
const ENTRA_BATCH = 100;
const GROUP_SIZE = Number(process.env.GROUP_SCALE_MEMBERS ?? 10_000);

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const meter = meterCapacity(db);
let server: TestServer;
let tenant: TestTenant;
let userIds: string[] = [];
const report: Record<string, unknown> = { members: GROUP_SIZE, batch: ENTRA_BATCH };

/** Runs `phase`, recording its wall time and the DynamoDB requests and capacity units it consumed. */
async function measured<T>(name: string, phase: () => Promise<T>): Promise<T> {
  meter.reset();
  const started = performance.now();
  const result = await phase();
  report[name] = {
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    requests: meter.totals.requests,
    readUnits: meter.totals.readUnits,
    writeUnits: meter.totals.writeUnits,
  };
  return result;
}

async function countMemberItems(groupId: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await db.send(
      new QueryCommand({
        TableName: TEST_TABLES.data,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.membersOf(tenant.tenantId, groupId) },
        ConsistentRead: true,
        Select: 'COUNT',
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    count += result.Count ?? 0;
    startKey = result.LastEvaluatedKey;
  } while (startKey !== undefined);
  return count;
}

beforeAll(async () => {
  server = await startScimServer(db);
  tenant = await server.newTenant();
  // The users are written straight to the store: this test is about the group, not about user creation.
  const store = new ResourceStore(
    createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() }),
    TEST_TABLES.data,
    'User',
  );
  const seeded: string[] = [];
  for (let i = 0; i < GROUP_SIZE; i += 50) {
    const batch = Array.from({ length: Math.min(50, GROUP_SIZE - i) }, (_, j) =>
      store.create(tenant.tenantId, { ...userBody(`scale${i + j}@contoso.example`), schemas: undefined }),
    );
    seeded.push(...(await Promise.all(batch)).map((s) => s.id));
  }
  userIds = seeded;
}, 600_000);

afterAll(async () => {
  await server.close();
  console.log(`group scale report: ${JSON.stringify(report)}`);
});

describe(`a group of ${GROUP_SIZE} members`, () => {
  it('is built, read, trimmed and deleted without ever reading or rewriting the whole member list', async () => {
    const groupId = await createGroup(tenant, 'Everyone');

    await measured('addInBatches', async () => {
      for (let i = 0; i < userIds.length; i += ENTRA_BATCH) {
        const value = userIds.slice(i, i + ENTRA_BATCH).map((id) => ({ value: id }));
        const response = await tenant.request(
          'PATCH',
          `/Groups/${groupId}`,
          patchOp({ op: 'add', path: 'members', value }),
        );
        expect(response.status).toBe(204);
      }
    });
    expect(await countMemberItems(groupId)).toBe(GROUP_SIZE);

    const last = await measured('addOneMore', async () => {
      const value = [{ value: userIds[0] }];
      return tenant.request('PATCH', `/Groups/${groupId}`, patchOp({ op: 'add', path: 'members', value }));
    });
    expect(last.status).toBe(204);

    // Okta's AIW apps PUT the whole group to rename it or change a member: only the difference is written.
    const put = await measured('putWholeGroupRenamed', () =>
      tenant.request('PUT', `/Groups/${groupId}`, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Everyone (renamed)',
        members: userIds.map((value) => ({ value, display: 'x' })),
      }),
    );
    expect(put.status).toBe(200);
    expect(report.putWholeGroupRenamed).toMatchObject({ writeUnits: expect.any(Number) });
    expect(await countMemberItems(groupId)).toBe(GROUP_SIZE);

    const withoutMembers = await measured('getWithoutMembers', () =>
      tenant.request('GET', `/Groups/${groupId}?excludedAttributes=members`),
    );
    expect(withoutMembers.body.members).toBeUndefined();
    expect(report.getWithoutMembers).toMatchObject({ requests: 1 });

    const withMembers = await measured('getWithMembers', () => tenant.request('GET', `/Groups/${groupId}`));
    expect(withMembers.body.members).toHaveLength(Math.min(GROUP_SIZE, 20_000));
    expect(new Set(withMembers.body.members.map((m: { value: string }) => m.value)).size).toBe(
      Math.min(GROUP_SIZE, 20_000),
    );

    const removed = userIds.slice(0, 500);
    await measured('removeInBatches', async () => {
      for (let i = 0; i < removed.length; i += ENTRA_BATCH) {
        const operations = removed
          .slice(i, i + ENTRA_BATCH)
          .map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` }));
        const response = await tenant.request('PATCH', `/Groups/${groupId}`, patchOp(...operations));
        expect(response.status).toBe(204);
      }
    });
    expect(await countMemberItems(groupId)).toBe(GROUP_SIZE - removed.length);
    expect(await groupsOfUser(tenant, removed[0] as string)).toEqual([]);
    expect(await groupsOfUser(tenant, userIds[GROUP_SIZE - 1] as string)).toEqual([groupId]);

    const deleted = await measured('deleteGroup', () => tenant.request('DELETE', `/Groups/${groupId}`));
    expect(deleted.status).toBe(204);
    expect(await countMemberItems(groupId)).toBe(0);
    expect((await tenant.request('GET', `/Groups/${groupId}`)).status).toBe(404);
  }, 600_000);
});
