import { randomBytes } from 'node:crypto';
import type { TestTenant } from '../../test/support/scim-server';
import { BENCH_TABLES, type BenchEnvironment } from './bench-environment';
import type { CapacityResult, CapacityRow } from './bench-report';
import { type CreatedIds, capacitySteps, filterEq, type SeededTenant } from './capacity-operations';
import { entraUser } from './entra-user';
import type { Progress } from './progress';
import { seedUsers } from './seed';

/**
 * The fewest DynamoDB requests the table design allows for each operation, and why. "Within one of the
 * minimum" is the benchmark's target.
 */
export const MINIMUM_REQUESTS: Readonly<Record<string, { requests: number; why: string }>> = {
  'Test Connection probe': { requests: 1, why: 'read the unique-name item; none: no match' },
  'user filter by userName': { requests: 2, why: 'unique-name item, then the user' },
  'user filter by externalId': { requests: 2, why: 'externalId items, then the users' },
  'user filter by work email': { requests: 2, why: 'query the email items of the address, then the user' },
  'user filter by emails.value': { requests: 2, why: 'query the email items of the address, then the user' },
  'user filter by emails': { requests: 2, why: 'query the email items of the address, then the user' },
  'email match before create (none)': {
    requests: 1,
    why: 'query the email items of the address; none: no match',
  },
  'email match after create': { requests: 2, why: 'the email item the create wrote, then the user' },
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
    requests: 3,
    why: 'read the member (its type and display), one transaction checking it and writing its membership, the group version bump',
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

/** Runs every operation once on a seeded tenant of `size` users, recording its cost. */
async function measureTenant(environment: BenchEnvironment, tenant: TestTenant, size: number, run: string) {
  const existing = entraUser(Math.floor(size / 2), run);
  const found = await tenant.request('GET', `/Users?${filterEq('userName', existing.userName)}`);
  const listed = await tenant.request('GET', '/Users?count=101&attributes=id');
  const seeded: SeededTenant = {
    size,
    run,
    existing,
    existingId: found.body.Resources[0].id,
    candidates: listed.body.Resources.map((r: { id: string }) => r.id),
  };
  const rows: CapacityRow[] = [];
  const created: CreatedIds = { userId: '', groupId: '' };
  for (const { operation, call, keep } of capacitySteps(seeded, created)) {
    const { method, path, body } = call();
    environment.meter.start();
    const response = await tenant.request(method, path, body);
    const cost = environment.meter.cost();
    rows.push({
      operation,
      status: response.status,
      minimum: MINIMUM_REQUESTS[operation]?.requests ?? Number.NaN,
      ...cost,
    });
    keep?.(response.body?.id);
  }
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
