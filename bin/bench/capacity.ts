import { randomBytes, randomUUID } from 'node:crypto';
import { BENCH_TABLES, type BenchEnvironment, type BenchTenant } from './bench-environment';
import type { CapacityResult, CapacityRow } from './bench-report';
import { summarize } from './capacity-model';
import { ENTRA_GROUP_SCHEMA_URI, GROUP_SCHEMA_URI, PATCH_OP, USER_SCHEMAS } from './entra-bodies';
import type { Progress } from './progress';
import { entraUser, seedUsers } from './seed';

/**
 * The fewest DynamoDB requests the table design allows for each operation, and why. "Within one of the
 * minimum" is the benchmark's target.
 */
export const MINIMUM_REQUESTS: Readonly<Record<string, { requests: number; why: string }>> = {
  'Test Connection probe': { requests: 1, why: 'read the unique-name item; none: no match' },
  'user filter by userName': { requests: 2, why: 'unique-name item, then the user' },
  'user filter by externalId': { requests: 2, why: 'externalId items, then the users' },
  'user create': { requests: 1, why: 'one transaction: user, unique name, externalId, count' },
  'user get': { requests: 1, why: 'the user item' },
  'user PATCH replace': { requests: 2, why: 'read the version, write conditionally' },
  'user disable': { requests: 2, why: 'read the version, write conditionally' },
  'user delete': {
    requests: 3,
    why: 'read (mark) the user, find its memberships in gsi1, delete in one transaction',
  },
  'group filter, excludedAttributes=members': { requests: 2, why: 'unique-name item, then the group' },
  'group create': { requests: 1, why: 'one transaction: group, unique name, externalId, count' },
  'group add 1 member': {
    requests: 2,
    why: 'one transaction checking the member and writing its membership; the group version bump',
  },
  'group add 100 members': {
    requests: 3,
    why: 'check 100 members (BatchGet), write 100 memberships (one transaction: 200 checks would not fit), bump the version',
  },
  'group remove 1 member': { requests: 2, why: 'delete the membership; bump the version' },
  'group rename': { requests: 2, why: 'read the version, one transaction moving the unique name' },
  'group delete (100 members)': {
    requests: 8,
    why: 'mark, read the members, delete them (4 BatchWrites of 25), find its own memberships, delete its items',
  },
};

/** Runs every operation Entra and Okta use once, on a tenant of `size` users, recording its cost. */
async function measureTenant(environment: BenchEnvironment, tenant: BenchTenant, size: number, run: string) {
  const rows: CapacityRow[] = [];
  const measure = async (operation: string, action: () => Promise<{ status: number }>) => {
    environment.recorder.take();
    const { status } = await action();
    const cost = summarize(environment.recorder.take());
    rows.push({ operation, status, minimum: MINIMUM_REQUESTS[operation]?.requests ?? Number.NaN, ...cost });
  };
  const existing = entraUser(Math.floor(size / 2), run);
  const existingId = (
    await tenant.request(
      'GET',
      `/Users?filter=userName+eq+%22${encodeURIComponent(String(existing.userName))}%22`,
    )
  ).body.Resources[0].id as string;

  await measure('Test Connection probe', () =>
    tenant.request('GET', `/Users?filter=userName+eq+%22${randomUUID()}%22`),
  );
  await measure('user filter by userName', () =>
    tenant.request('GET', `/Users?filter=userName+eq+%22${encodeURIComponent(String(existing.userName))}%22`),
  );
  await measure('user filter by externalId', () =>
    tenant.request(
      'GET',
      `/Users?filter=externalId+eq+%22${encodeURIComponent(String(existing.externalId))}%22`,
    ),
  );
  let createdId = '';
  await measure('user create', async () => {
    const response = await tenant.request('POST', '/Users', {
      schemas: USER_SCHEMAS,
      ...entraUser(size + 1, run),
    });
    createdId = response.body.id;
    return response;
  });
  await measure('user get', () => tenant.request('GET', `/Users/${existingId}`));
  await measure('user PATCH replace', () =>
    tenant.request(
      'PATCH',
      `/Users/${createdId}`,
      PATCH_OP([{ op: 'replace', path: 'displayName', value: 'Renamed' }]),
    ),
  );
  await measure('user disable', () =>
    tenant.request(
      'PATCH',
      `/Users/${createdId}`,
      PATCH_OP([{ op: 'replace', path: 'active', value: false }]),
    ),
  );
  await measure('user delete', () => tenant.request('DELETE', `/Users/${createdId}`));

  const groupName = `Group ${run}`;
  let groupId = '';
  await measure('group create', async () => {
    const response = await tenant.request('POST', '/Groups', {
      schemas: [GROUP_SCHEMA_URI, ENTRA_GROUP_SCHEMA_URI],
      displayName: groupName,
      externalId: `aad-group-${run}`,
    });
    groupId = response.body.id;
    return response;
  });
  await measure('group filter, excludedAttributes=members', () =>
    tenant.request(
      'GET',
      `/Groups?excludedAttributes=members&filter=displayName+eq+%22${encodeURIComponent(groupName)}%22`,
    ),
  );
  const candidates = (await tenant.request('GET', '/Users?count=101&attributes=id')).body.Resources.map(
    (r: { id: string }) => r.id,
  ) as string[];
  await measure('group add 1 member', () =>
    tenant.request(
      'PATCH',
      `/Groups/${groupId}`,
      PATCH_OP([{ op: 'add', path: 'members', value: [{ value: candidates[0] }] }]),
    ),
  );
  await measure('group add 100 members', () =>
    tenant.request(
      'PATCH',
      `/Groups/${groupId}`,
      PATCH_OP([{ op: 'add', path: 'members', value: candidates.slice(1, 101).map((value) => ({ value })) }]),
    ),
  );
  await measure('group remove 1 member', () =>
    tenant.request(
      'PATCH',
      `/Groups/${groupId}`,
      PATCH_OP([{ op: 'remove', path: `members[value eq "${candidates[0]}"]` }]),
    ),
  );
  await measure('group rename', () =>
    tenant.request(
      'PATCH',
      `/Groups/${groupId}`,
      PATCH_OP([{ op: 'replace', path: 'displayName', value: `${groupName} 2` }]),
    ),
  );
  await measure('group delete (100 members)', () => tenant.request('DELETE', `/Groups/${groupId}`));
  return rows;
}

export async function measureCapacity(
  environment: BenchEnvironment,
  sizes: readonly number[],
  progress: Progress,
): Promise<CapacityResult> {
  const rows: Record<string, CapacityRow[]> = {};
  for (const size of sizes) {
    const run = randomBytes(3).toString('hex');
    const tenant = await environment.newTenant();
    progress.step(`seeding a tenant of ${size.toLocaleString('en')} users`, size);
    await seedUsers(environment.db, BENCH_TABLES.data, tenant.tenantId, size, run, progress);
    progress.done('seeded');
    progress.step(`capacity per operation at ${size.toLocaleString('en')} users`);
    rows[String(size)] = await measureTenant(environment, tenant, size, run);
    progress.done(`${rows[String(size)]?.length} operations`);
  }
  return { sizes, rows };
}
