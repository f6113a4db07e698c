/**
 * The purge of deactivated users, on DynamoDB Local with an injected clock: a user inactive (and
 * unchanged) for more than the tenant's days is deleted as a hard DELETE deletes it, memberships and name
 * included; one inactive for fewer days, or reactivated, is not; a reactivation between the sweep's read
 * and its mark wins. The sweep resumes across invocations from where it stopped.
 *
 * The tenants come from a listing of this file's own tenants (the seam of TokenStore.listTenants): the
 * shared test table holds other files' tenants, whose users a sweep of every tenant would delete.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { ScimResource } from '../../../functions/scim/schema/resource-schema';
import { DeactivatedSweep } from '../../../functions/storage/deactivated-sweep';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { GroupStore } from '../../../functions/storage/group-store';
import { ResourceStore } from '../../../functions/storage/resource-store';
import { type SweepEvent, sweepTenants } from '../../../functions/storage/sweep-tenants';
import { keys } from '../../../functions/storage/table-design';
import type { Tenant } from '../../../functions/storage/token-store';
import { dynamoEndpoint } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

const T = TEST_TABLES.data;
const DAY = 86_400_000;
const START = Date.parse('2026-01-01T08:00:00.000Z');
const DAYS = 30;

const user = (userName: string, active: boolean): ScimResource => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName,
  active,
});

/** A tenant with users created (and changed) on a clock the test moves, and a sweep on the same clock. */
function setUp(db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() })) {
  const tenant = `sweep-${randomUUID().slice(0, 8)}`;
  let now = START;
  const clock = () => new Date(now);
  const users = new ResourceStore(db, T, 'User', clock, { indexLagMillis: 0 });
  const groups = new GroupStore(db, T, clock, { indexLagMillis: 0 });
  return {
    db,
    tenant,
    users,
    groups,
    sweep: (pageSize = 100) => new DeactivatedSweep(db, T, users, clock, { pageSize }),
    at: (day: number) => {
      now = START + day * DAY;
    },
    async create(name: string, active: boolean) {
      return (await users.create(tenant, user(name, active))).id;
    },
    async setActive(id: string, active: boolean) {
      const current = await users.get(tenant, id);
      if (current === undefined) throw new Error(`${id} is gone`);
      const outcome = await users.replace(tenant, current, { ...current.resource, active });
      if (outcome.status !== 'written') throw new Error(`${id}: ${outcome.status}`);
    },
    async exists(id: string) {
      const key = keys.resource(tenant, 'User', id);
      return (
        (await db.send(new GetCommand({ TableName: T, Key: key, ConsistentRead: true }))).Item !== undefined
      );
    },
  };
}

const listing = (
  ...tenants: { tenantId: string; days?: number; status?: Tenant['status']; paused?: boolean }[]
) => ({
  listTenants: async () =>
    tenants.map(
      ({ tenantId, days, status = 'active', paused = false }) =>
        ({
          tenantId,
          status,
          tier: 'default',
          createdAt: new Date(START).toISOString(),
          ...(days === undefined
            ? {}
            : { policy: { deletion: { mode: 'hard' }, purgeDeactivatedAfterDays: days, paused } }),
        }) as Tenant,
    ),
});

describe('the sweep of one tenant', () => {
  it.each<[string, boolean, { created: number; active: boolean; reactivated?: number }]>([
    ['deactivated for N+1 days', false, { created: 0, active: false }],
    ['deactivated for N-1 days', true, { created: 2, active: false }],
    ['deactivated, then reactivated', true, { created: 0, active: false, reactivated: 2 }],
    ['never deactivated', true, { created: 0, active: true }],
  ])('a user %s is kept: %s', async (_case, kept, history) => {
    const s = setUp();
    s.at(history.created);
    const id = await s.create('ada@example.com', history.active);
    if (history.reactivated !== undefined) {
      s.at(history.reactivated);
      await s.setActive(id, true);
    }
    s.at(DAYS + 1);
    const page = await s.sweep().page(s.tenant, DAYS, undefined);
    expect(page.purged).toEqual(kept ? [] : [id]);
    expect(await s.exists(id)).toBe(kept);
  });

  it('deletes a purged user as a hard DELETE does: memberships, name and count, no tombstone', async () => {
    const s = setUp();
    const id = await s.create('ada@example.com', false);
    const sales = await s.groups.createWithMembers(s.tenant, { schemas: [], displayName: 'Sales' }, [
      { id, type: 'User' },
    ]);
    s.at(DAYS + 1);
    await s.sweep().page(s.tenant, DAYS, undefined);
    expect(await s.groups.members.memberIds(s.tenant, sales.id)).toEqual(new Set());
    expect(await s.users.findIdByName(s.tenant, 'ada@example.com')).toBeUndefined();
    expect(await s.users.count(s.tenant)).toBe(0);
    const tombstone = keys.tombstone(s.tenant, 'User', id);
    expect((await s.db.send(new GetCommand({ TableName: T, Key: tombstone }))).Item).toBeUndefined();
    expect(await s.create('ada@example.com', true)).not.toBe(id);
  });

  it('leaves a user reactivated between its read and its mark: the reactivation wins', async () => {
    const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
    const s = setUp(db);
    const id = await s.create('ada@example.com', false);
    s.at(DAYS + 1);
    // Right after the sweep's Query has read the user as inactive, Entra re-enables it.
    const other = setUp();
    let raced = false;
    db.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'QueryCommand' && !raced) {
          raced = true;
          const stored = await other.users.get(s.tenant, id);
          if (stored === undefined) throw new Error('gone before the race');
          await other.users.replace(s.tenant, stored, { ...stored.resource, active: true });
        }
        return result;
      },
      { step: 'initialize', name: 'reactivateAfterTheSweepsRead' },
    );
    const page = await s.sweep().page(s.tenant, DAYS, undefined);
    expect(raced).toBe(true);
    expect(page.purged).toEqual([]);
    expect((await s.users.get(s.tenant, id))?.resource.active).toBe(true);
  });

  it('finishes the purge of a user an earlier sweep marked and abandoned', async () => {
    const s = setUp();
    const id = await s.create('ada@example.com', false);
    s.at(DAYS + 1);
    const stored = await s.users.get(s.tenant, id);
    await s.users.markDeactivated(s.tenant, id, stored?.version ?? 0, new Date(START + DAY).toISOString());
    s.at(DAYS + 2);
    await s.sweep().page(s.tenant, DAYS, undefined);
    expect(await s.exists(id)).toBe(false);
  });
});

describe('the sweep of every tenant', () => {
  it('purges only in tenants whose active, unpaused policy asks for it, each by its own days', async () => {
    const [purging, longer, off, disabled, paused] = [setUp(), setUp(), setUp(), setUp(), setUp()];
    const ids = await Promise.all(
      [purging, longer, off, disabled, paused].map((s) => s.create('ada@example.com', false)),
    );
    for (const s of [purging, longer, off, disabled, paused]) s.at(DAYS + 1);
    const result = await sweepTenants({
      tokens: listing(
        { tenantId: purging.tenant, days: DAYS },
        { tenantId: longer.tenant, days: DAYS + 5 },
        { tenantId: off.tenant },
        { tenantId: disabled.tenant, days: DAYS, status: 'disabled' },
        { tenantId: paused.tenant, days: DAYS, paused: true },
      ),
      sweep: purging.sweep(),
    });
    expect(result).toEqual({ tenants: 2, purged: 1 });
    expect(
      await Promise.all([purging, longer, off, disabled, paused].map((s, i) => s.exists(ids[i] as string))),
    ).toEqual([false, true, true, true, true]);
  });

  it('hands the rest to a new invocation when its time runs short, and resumes where it stopped', async () => {
    const [first, second] = [setUp(), setUp()];
    const ids = [
      ...(await Promise.all([0, 1, 2].map((i) => first.create(`user.${i}@example.com`, false)))),
      ...(await Promise.all([0, 1].map((i) => second.create(`user.${i}@example.com`, false)))),
    ];
    first.at(DAYS + 1);
    second.at(DAYS + 1);
    const tokens = listing({ tenantId: first.tenant, days: DAYS }, { tenantId: second.tenant, days: DAYS });
    const handed: SweepEvent[] = [];
    // No time left after each page: every invocation sweeps one page of one user, then hands over.
    const run = (event: SweepEvent) =>
      sweepTenants(
        {
          tokens,
          sweep: first.sweep(1),
          remaining: () => 0,
          continueLater: async (e) => void handed.push(e),
        },
        event,
      );
    let purged = 0;
    let invocations = 0;
    for (let event: SweepEvent | undefined = {}; event !== undefined; event = handed.shift()) {
      purged += (await run(event)).purged;
      invocations++;
    }
    expect(purged).toBe(5);
    expect(invocations).toBeGreaterThan(2);
    for (const [i, id] of ids.entries()) expect(await (i < 3 ? first : second).exists(id)).toBe(false);
  });
});
