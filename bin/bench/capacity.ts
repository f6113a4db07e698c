import { randomBytes } from 'node:crypto';
import type { TestTenant } from '../../test/support/scim-server';
import { BENCH_TABLES, type BenchEnvironment } from './bench-environment';
import type { CapacityResult, CapacityRow } from './bench-report';
import { type CreatedIds, capacitySteps, filterEq, type SeededTenant } from './capacity-operations';
import { entraUser } from './entra-user';
import { fullyMappedEntraUser } from './fully-mapped-entra-user';
import type { Progress } from './progress';
import { seedUsers } from './seed';

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
    rows.push({ operation, status: response.status, ...cost });
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
  const small = entraUser(0, 'abc123').body;
  const full = fullyMappedEntraUser(0, 'abc123', '0f8fad5b-d9cb-469f-a165-70867728950e').body;
  const userBytes = { small: JSON.stringify(small).length, fullyMapped: JSON.stringify(full).length };
  return { sizes, userBytes, rows };
}
