import { randomBytes } from 'node:crypto';
import { MembershipStore } from '../../functions/storage/membership-store';
import { BENCH_TABLES, type BenchEnvironment, type BenchTenant } from './bench-environment';
import type { GroupScaleResult, PhaseResult } from './bench-report';
import { summarize } from './capacity-model';
import { ENTRA_GROUP_SCHEMA_URI, GROUP_SCHEMA_URI, PATCH_OP } from './entra-bodies';
import type { Progress } from './progress';
import { seedUsers } from './seed';
import { pool, round } from './stats';

/** Members per PATCH, as Microsoft Entra ID batches membership changes. */
export const ENTRA_BATCH = 100;

async function phase(
  environment: BenchEnvironment,
  name: string,
  requestsSent: number,
  action: () => Promise<void>,
): Promise<PhaseResult> {
  environment.recorder.take();
  const started = performance.now();
  await action();
  const seconds = round((performance.now() - started) / 1000);
  return { phase: name, seconds, requestsSent, ...summarize(environment.recorder.take()) };
}

function expectStatus(response: { status: number }, ok: number[], what: string) {
  if (!ok.includes(response.status)) throw new Error(`${what}: HTTP ${response.status}`);
}

async function createGroup(
  tenant: BenchTenant,
  displayName: string,
  members: string[] = [],
): Promise<string> {
  const response = await tenant.request('POST', '/Groups', {
    schemas: [GROUP_SCHEMA_URI, ENTRA_GROUP_SCHEMA_URI],
    displayName,
    members: members.map((value) => ({ value })),
  });
  expectStatus(response, [201], `create group ${displayName}`);
  return response.body.id;
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
  const phases: PhaseResult[] = [];
  const groupId = await createGroup(tenant, `Everyone ${run}`);

  progress.step(`adding ${members.toLocaleString('en')} members in PATCHes of ${ENTRA_BATCH}`, members);
  const batches: string[][] = [];
  for (let i = 0; i < members; i += ENTRA_BATCH) batches.push(users.slice(i, i + ENTRA_BATCH));
  let added = 0;
  phases.push(
    await phase(
      environment,
      `add ${members.toLocaleString('en')} members, ${ENTRA_BATCH} per PATCH`,
      batches.length,
      () =>
        pool(batches, 4, async (batch) => {
          const value = batch.map((id) => ({ value: id }));
          const response = await tenant.request(
            'PATCH',
            `/Groups/${groupId}`,
            PATCH_OP([{ op: 'add', path: 'members', value }]),
          );
          expectStatus(response, [204], 'add members');
          added += batch.length;
          progress.tick(added);
        }),
    ),
  );
  progress.done(`${(phases.at(-1) as PhaseResult).seconds} s`);

  progress.step('reading, changing and deleting the large group');
  const small = await createGroup(tenant, `Ten ${run}`, users.slice(0, 10));
  for (const [label, id] of [
    [`group of ${members.toLocaleString('en')}`, groupId],
    ['group of 10', small],
  ] as const) {
    phases.push(
      await phase(environment, `add 1 member (${label})`, 1, async () => {
        const response = await tenant.request(
          'PATCH',
          `/Groups/${id}`,
          PATCH_OP([{ op: 'add', path: 'members', value: [{ value: extra }] }]),
        );
        expectStatus(response, [204], 'add 1 member');
      }),
    );
    phases.push(
      await phase(environment, `remove 1 member (${label})`, 1, async () => {
        const response = await tenant.request(
          'PATCH',
          `/Groups/${id}`,
          PATCH_OP([{ op: 'remove', path: `members[value eq "${extra}"]` }]),
        );
        expectStatus(response, [204], 'remove 1 member');
      }),
    );
    phases.push(
      await phase(environment, `read without members (${label})`, 1, async () => {
        expectStatus(await tenant.request('GET', `/Groups/${id}?excludedAttributes=members`), [200], 'read');
      }),
    );
  }
  phases.push(
    await phase(environment, 'read with members (first 20,000 in one response)', 1, async () => {
      const response = await tenant.request('GET', `/Groups/${groupId}`);
      expectStatus(response, [200], 'read members');
      if (response.body.members.length !== Math.min(members, 20_000))
        throw new Error('member subset has the wrong size');
    }),
  );
  const store = new MembershipStore(environment.db, BENCH_TABLES.data);
  phases.push(
    await phase(
      environment,
      'page through every member in the storage layer, 1,000 per page (no HTTP: SCIM has no member paging)',
      0,
      async () => {
        let count = 0;
        let peak = 0;
        for await (const page of store.pages(tenant.tenantId, groupId, 1000)) {
          count += page.length;
          peak = Math.max(peak, page.length);
        }
        if (count !== members) throw new Error(`paged ${count} members, expected ${members}`);
      },
    ),
  );
  progress.done('done');

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
  phases.push(
    await phase(environment, `delete a user in ${userGroups.toLocaleString('en')} groups`, 1, async () => {
      expectStatus(await tenant.request('DELETE', `/Users/${leaver}`), [204], 'delete user');
    }),
  );
  progress.done('done');

  progress.step('deleting the large group');
  // A group too large to delete within API Gateway's 29 s is answered 503 with Retry-After when the time is
  // up; the group is already gone from the API, and each retry goes on where the last one stopped, as an
  // identity provider's retries would (they wait Retry-After first; the benchmark retries at once).
  let attempts = 0;
  phases.push(
    await phase(environment, `delete the group of ${members.toLocaleString('en')}`, 1, async () => {
      for (;;) {
        attempts++;
        const response = await tenant.request('DELETE', `/Groups/${groupId}`);
        if (response.status === 204) break;
        expectStatus(response, [503], 'delete group');
        if (attempts >= 20) throw new Error('delete group: still 503 after 20 attempts');
      }
    }),
  );
  const deleted = phases.at(-1);
  if (deleted !== undefined) phases[phases.length - 1] = { ...deleted, requestsSent: attempts };
  progress.done(`done in ${attempts} request${attempts === 1 ? '' : 's'}`);
  return { members, userGroups, phases };
}
