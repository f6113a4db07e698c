import { randomBytes } from 'node:crypto';
import { MembershipStore } from '../../functions/storage/membership-store';
import { createGroup } from '../../test/support/groups';
import type { TestTenant } from '../../test/support/scim-server';
import { patchOp } from '../../test/support/users';
import { BENCH_TABLES, type BenchEnvironment } from './bench-environment';
import type { GroupScaleResult, PhaseResult } from './bench-report';
import { deleteUntilDone } from './delete-until-done';
import { addMembers } from './entra-group';
import { inFlightRequests } from './in-flight-requests';
import type { Progress } from './progress';
import { seedUsers } from './seed';
import { pool, round } from './stats';

/** Members per PATCH, as Microsoft Entra ID batches membership changes. */
export const ENTRA_BATCH = 100;

/** The tenant, its users and what the phases share. */
interface Scale {
  readonly environment: BenchEnvironment;
  readonly tenant: TestTenant;
  readonly progress: Progress;
  readonly run: string;
  readonly members: number;
  readonly users: readonly string[];
  /** The large group. */
  readonly groupId: string;
  readonly phases: PhaseResult[];
}

async function sequentially<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  for (const item of items) await task(item);
}

/** Runs `action` as a phase named `name`, recording its time and its DynamoDB cost. */
async function phase(scale: Scale, name: string, requestsSent: number, action: () => Promise<unknown>) {
  scale.environment.meter.start();
  const started = performance.now();
  await action();
  const seconds = round((performance.now() - started) / 1000);
  const result: PhaseResult = { phase: name, seconds, requestsSent, ...scale.environment.meter.cost() };
  scale.phases.push(result);
  return result;
}

/** Sends a request and insists on one of the `ok` statuses. */
async function expectStatus(
  tenant: TestTenant,
  ok: readonly number[],
  what: string,
  ...[method, path, body]: [string, string, unknown?]
) {
  const response = await tenant.request(method, path, body);
  if (!ok.includes(response.status)) throw new Error(`${what}: HTTP ${response.status}`);
  return response;
}

/**
 * The large group built the way Entra builds it: PATCH add in batches of 100, one after the other (Entra
 * sends one group's membership changes in order, never two of one group at once).
 */
async function addAllMembers(scale: Scale) {
  const { tenant, members, users, groupId, progress } = scale;
  progress.step(`adding ${members.toLocaleString('en')} members in PATCHes of ${ENTRA_BATCH}`, members);
  const batches: string[][] = [];
  for (let i = 0; i < members; i += ENTRA_BATCH) batches.push(users.slice(i, i + ENTRA_BATCH));
  let added = 0;
  const name = `add ${members.toLocaleString('en')} members, ${ENTRA_BATCH} per PATCH, one PATCH at a time`;
  const result = await phase(scale, name, batches.length, () =>
    sequentially(batches, async (batch) => {
      await expectStatus(tenant, [204], 'add members', 'PATCH', `/Groups/${groupId}`, addMembers(batch));
      added += batch.length;
      progress.tick(added);
    }),
  );
  progress.done(`${result.seconds} s`);
}

/** One member added and removed, and the group read without members: for the large group and one of 10. */
async function singleMemberChanges(scale: Scale, extra: string) {
  const { tenant, members, users, groupId, run } = scale;
  const small = await createGroup(tenant, `Ten ${run}`, users.slice(0, 10));
  const groups = [
    [`group of ${members.toLocaleString('en')}`, groupId],
    ['group of 10', small],
  ] as const;
  for (const [label, id] of groups) {
    await phase(scale, `add 1 member (${label})`, 1, () =>
      expectStatus(tenant, [204], 'add 1 member', 'PATCH', `/Groups/${id}`, addMembers([extra])),
    );
    const remove = patchOp({ op: 'remove', path: `members[value eq "${extra}"]` });
    await phase(scale, `remove 1 member (${label})`, 1, () =>
      expectStatus(tenant, [204], 'remove 1 member', 'PATCH', `/Groups/${id}`, remove),
    );
    await phase(scale, `read without members (${label})`, 1, () =>
      expectStatus(tenant, [200], 'read', 'GET', `/Groups/${id}?excludedAttributes=members`),
    );
  }
}

/** The large group read with its members over HTTP, then paged through in the storage layer. */
async function readMembers(scale: Scale) {
  const { environment, tenant, members, groupId } = scale;
  await phase(scale, 'read with members (first 20,000 in one response)', 1, async () => {
    const response = await expectStatus(tenant, [200], 'read members', 'GET', `/Groups/${groupId}`);
    if (response.body.members.length !== Math.min(members, 20_000))
      throw new Error('member subset has the wrong size');
  });
  const store = new MembershipStore(environment.db, BENCH_TABLES.data);
  const name =
    'page through every member in the storage layer, 1,000 per page (no HTTP: SCIM has no member paging)';
  await phase(scale, name, 0, async () => {
    let count = 0;
    for await (const page of store.pages(tenant.tenantId, groupId, 1000)) count += page.length;
    if (count !== members) throw new Error(`paged ${count} members, expected ${members}`);
  });
}

/** A user in `userGroups` groups, deleted. */
async function deleteUserInGroups(scale: Scale, leaver: string, userGroups: number) {
  const { tenant, run, progress } = scale;
  progress.step(`a user in ${userGroups.toLocaleString('en')} groups`, userGroups);
  let created = 0;
  await pool(
    Array.from({ length: userGroups }, (_, i) => i),
    4,
    async (i) => {
      await createGroup(tenant, `Team ${i} ${run}`, [leaver]);
      created++;
      progress.tick(created);
    },
  );
  await phase(scale, `delete a user in ${userGroups.toLocaleString('en')} groups`, 1, () =>
    expectStatus(tenant, [204], 'delete user', 'DELETE', `/Users/${leaver}`),
  );
  progress.done('done');
}

/**
 * A group too large to delete within API Gateway's 29 s is answered 503 with Retry-After when the time is
 * up; the group is already gone from the API, and each retry goes on where the last one stopped. The
 * retries are an identity provider's: after Retry-After, and never while the previous invocation is still
 * at work (the local gateway cannot stop a handler it has answered for), so one sweep runs at a time.
 */
async function deleteLargeGroup(scale: Scale) {
  const { environment, tenant, members, groupId, progress } = scale;
  progress.step('deleting the large group');
  const running = inFlightRequests(environment.db);
  let attempts = 0;
  let waitedMillis = 0;
  const result = await phase(
    scale,
    `delete the group of ${members.toLocaleString('en')} (time without the Retry-After waits)`,
    1,
    async () => {
      attempts = await deleteUntilDone({
        send: async () => {
          const response = await tenant.request('DELETE', `/Groups/${groupId}`);
          return { status: response.status, retryAfter: response.headers.get('Retry-After') };
        },
        sleep: async (ms) => {
          waitedMillis += ms;
          await new Promise((resolve) => setTimeout(resolve, ms));
        },
        idle: () => running.idle(),
      });
    },
  );
  // The time is the sweeps' own: the waits for Retry-After are left out (they are stated beside it).
  const seconds = round(result.seconds - waitedMillis / 1000);
  scale.phases[scale.phases.length - 1] = { ...result, seconds, requestsSent: attempts };
  progress.done(
    `done in ${attempts} request${attempts === 1 ? '' : 's'}, ${round(waitedMillis / 1000)} s of Retry-After waits left out of the time`,
  );
}

/**
 * A group of `members` members built the way Entra builds it (PATCH add in batches of 100), then read,
 * trimmed and deleted; and a user in `userGroups` groups deleted. Costs are per phase, in total.
 */
export async function measureGroupScale(
  environment: BenchEnvironment,
  members: number,
  userGroups: number,
  progress: Progress,
): Promise<GroupScaleResult> {
  const tenant = await environment.newTenant();
  const run = randomBytes(3).toString('hex');
  progress.step(`seeding ${members.toLocaleString('en')} users`, members + 2);
  const users = await seedUsers(
    environment.db,
    BENCH_TABLES.data,
    tenant.tenantId,
    members + 2,
    run,
    progress,
  );
  progress.done('seeded');
  const [extra, leaver] = users.slice(members) as [string, string];
  const groupId = await createGroup(tenant, `Everyone ${run}`);
  const scale: Scale = { environment, tenant, progress, run, members, users, groupId, phases: [] };
  await addAllMembers(scale);
  progress.step('reading, changing and deleting the large group');
  await singleMemberChanges(scale, extra);
  await readMembers(scale);
  progress.done('done');
  await deleteUserInGroups(scale, leaver, userGroups);
  await deleteLargeGroup(scale);
  return { members, userGroups, phases: scale.phases };
}
