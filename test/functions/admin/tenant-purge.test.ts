import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTables } from '../../../bin/local/create-tables';
import { localGateway } from '../../../bin/local/local-gateway';
import { adminCommands } from '../../../functions/admin/admin-commands';
import type { PurgeStepEvent } from '../../../functions/admin/admin-context';
import { authorize } from '../../../functions/auth/authorize';
import { issueBearerToken } from '../../../functions/auth/bearer-token';
import { handler as discovery } from '../../../functions/discovery';
import { createGroupsHandler } from '../../../functions/endpoints/group-endpoints';
import { createUsersHandler } from '../../../functions/endpoints/user-endpoints';
import { ClientStore } from '../../../functions/storage/client-store';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { TABLES } from '../../../functions/storage/table-design';
import { type PurgeCursor, TenantDataPurge } from '../../../functions/storage/tenant-data-purge';
import { TokenStore } from '../../../functions/storage/token-store';
import { dynamoEndpoint, scimRequest } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

/**
 * The purge runs on DynamoDB Local against a data table of its own (so that a scan of it is this file's
 * work alone), filled by the real SCIM handlers behind the local gateway.
 */
const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const dataTable = `scim-data-purge-${randomBytes(4).toString('hex')}`;
const tokens = new TokenStore(db, TEST_TABLES.tokens);
const clients = new ClientStore(db, TEST_TABLES.tokens);
let server: Server;
let baseUrl: string;

/** Counts the scan pages each step reads: the bounded work of one invocation. */
class CountedPurge extends TenantDataPurge {
  pages = 0;
  override async page(tenantId: string, cursor: PurgeCursor) {
    this.pages++;
    return super.page(tenantId, cursor);
  }
}

beforeAll(async () => {
  await ensureTables(db as never, { [dataTable]: TABLES.data });
  server = createServer(
    localGateway({
      handlers: {
        users: createUsersHandler(db, dataTable),
        groups: createGroupsHandler(db, dataTable),
        discovery,
      },
      authorize: (h) => authorize(h, { tokens, clients }),
      authorizerCacheTtlSeconds: 0,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
}, 60_000);

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function admin(purge: TenantDataPurge, queue: PurgeStepEvent[], extra: Record<string, unknown> = {}) {
  return adminCommands({
    tokens,
    clients,
    usagePlans: {},
    defaultTier: 'standard',
    purge,
    continueLater: async (event) => {
      queue.push(event);
    },
    purgePagesPerStep: 1,
    ...extra,
  });
}

/** A tenant with users (some with externalId) and groups with members, made through the SCIM API. */
async function populatedTenant(users: number, groups: number) {
  const tenantId = `p-${randomBytes(5).toString('hex')}`;
  await tokens.createTenant({ tenantId, tier: 'standard' });
  const issued = await issueBearerToken(tokens, tenantId, 'test');
  const headers = { Authorization: `Bearer ${issued?.token}`, 'Content-Type': 'application/scim+json' };
  const post = async (path: string, body: unknown) => {
    const response = await scimRequest(`${baseUrl}${path}`, 'POST', headers, body);
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const userIds: string[] = [];
  for (let i = 0; i < users; i++) {
    userIds.push(
      await post('/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `user${i}@example.com`,
        ...(i % 2 === 0 ? { externalId: `ext-${i}` } : {}),
      }),
    );
  }
  for (let g = 0; g < groups; g++) {
    await post('/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: `Group ${g}`,
      externalId: `group-ext-${g}`,
      members: userIds.map((value) => ({ value })),
    });
  }
  const list = (path: string) => scimRequest(`${baseUrl}${path}`, 'GET', headers);
  return { tenantId, list };
}

async function itemsOf(tenantId: string): Promise<string[]> {
  const keys: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: dataTable, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const pk = String(item.pk);
      if (pk === `TENANT#${tenantId}` || pk.startsWith(`TENANT#${tenantId}#`)) keys.push(`${pk} ${item.sk}`);
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return keys;
}

describe('tenants delete --purge (DynamoDB Local, real SCIM handlers)', () => {
  it("deletes every item of the tenant, in bounded steps, and nothing of another tenant's", async () => {
    const doomed = await populatedTenant(6, 3);
    const kept = await populatedTenant(4, 2);
    const keptItems = await itemsOf(kept.tenantId);
    expect((await itemsOf(doomed.tenantId)).length).toBeGreaterThan(6 + 3 + 6 * 3);

    const purge = new CountedPurge(db, dataTable, 7);
    const queue: PurgeStepEvent[] = [];
    const commands = admin(purge, queue);
    const deleted = await commands({ action: 'deleteTenant', tenantId: doomed.tenantId, purge: true });
    expect(deleted).toMatchObject({ ok: true, result: { deleted: true, tokens: 1 } });
    expect(purge.pages).toBe(0); // the purge itself is left to the background

    let steps = 0;
    for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
      const before = purge.pages;
      expect(await commands(event)).toMatchObject({ ok: true });
      expect(purge.pages - before).toBeLessThanOrEqual(1); // purgePagesPerStep
      steps++;
    }
    expect(steps).toBeGreaterThan(3);
    expect(await itemsOf(doomed.tenantId)).toEqual([]);
    expect(await tokens.getTenant(doomed.tenantId)).toBeUndefined();
    expect(await itemsOf(kept.tenantId)).toEqual(keptItems);
    const users = await kept.list('/Users');
    expect(users.body.totalResults).toBe(4);
    expect((await kept.list('/Groups')).body.totalResults).toBe(2);
  });

  it("removes the tenant's POLICY item (tenants set) with the rest of its partition", async () => {
    const doomed = await populatedTenant(1, 0);
    const queue: PurgeStepEvent[] = [];
    const commands = admin(new TenantDataPurge(db, dataTable, 50), queue, { dataTable });
    expect(
      await commands({
        action: 'setTenantPolicy',
        tenantId: doomed.tenantId,
        deletion: 'retain',
        pause: true,
      }),
    ).toMatchObject({ ok: true });
    expect(await itemsOf(doomed.tenantId)).toContain(`TENANT#${doomed.tenantId} POLICY`);
    await commands({ action: 'deleteTenant', tenantId: doomed.tenantId, purge: true });
    for (let event = queue.shift(); event !== undefined; event = queue.shift()) await commands(event);
    expect(await itemsOf(doomed.tenantId)).toEqual([]);
    expect(await tokens.getTenant(doomed.tenantId)).toBeUndefined();
  });

  it('keeps the tenant in state deleting (refusing a new tenant of that id) until the purge is done', async () => {
    const doomed = await populatedTenant(3, 1);
    const queue: PurgeStepEvent[] = [];
    const commands = admin(new TenantDataPurge(db, dataTable, 5), queue);
    await commands({ action: 'deleteTenant', tenantId: doomed.tenantId, purge: true });
    expect(await commands({ action: 'getTenant', tenantId: doomed.tenantId })).toMatchObject({
      ok: true,
      result: { status: 'deleting', purge: 'pending' },
    });
    expect(await commands({ action: 'createTenant', tenantId: doomed.tenantId })).toMatchObject({
      ok: false,
      error: { code: 'TenantBusy' },
    });
    // A step delivered twice (asynchronous invocations are at-least-once) runs once.
    const [first] = queue.splice(0);
    await commands(first as PurgeStepEvent);
    expect(await commands(first as PurgeStepEvent)).toMatchObject({ ok: true, result: { superseded: true } });
    expect(queue).toHaveLength(1);
    // Stopped (the chain lost), `tenants delete --purge` again resumes from where it was.
    queue.splice(0);
    await commands({ action: 'deleteTenant', tenantId: doomed.tenantId, purge: true });
    for (let event = queue.shift(); event !== undefined; event = queue.shift()) await commands(event);
    expect(await itemsOf(doomed.tenantId)).toEqual([]);
    expect(await tokens.getTenant(doomed.tenantId)).toBeUndefined();
  });

  it('starts only once the settle time (the authorizer cache TTL) after the delete has passed', async () => {
    const doomed = await populatedTenant(2, 0);
    let clock = Date.now();
    const slept: number[] = [];
    const purge = new CountedPurge(db, dataTable, 50);
    const queue: PurgeStepEvent[] = [];
    const commands = admin(purge, queue, {
      purgeSettleMs: 330_000,
      now: () => new Date(clock),
      sleep: async (ms: number) => {
        slept.push(ms);
        clock += ms;
      },
      purgePagesPerStep: 100,
    });
    await commands({ action: 'deleteTenant', tenantId: doomed.tenantId, purge: true });
    // An invocation with 60 s left waits what it can, then hands the rest of the wait to the next one.
    const remaining = () => 60_000;
    const [first] = queue.splice(0);
    expect(await commands(first as PurgeStepEvent, remaining)).toMatchObject({
      result: { purge: 'waiting' },
    });
    expect(purge.pages).toBe(0);
    for (let event = queue.shift(); event !== undefined; event = queue.shift())
      await commands(event, remaining);
    expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(330_000 - 1_000);
    expect(Math.max(...slept)).toBeLessThanOrEqual(30_000);
    expect(purge.pages).toBeGreaterThan(0);
    expect(await itemsOf(doomed.tenantId)).toEqual([]);
  });
});
