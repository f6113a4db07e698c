/**
 * Section 3, per operation class: CPU per request of each class of request, on each server, in rounds of
 * A/B/A/B (ab-schedule.ts), all servers running side by side for the whole measurement. The Entra cycle
 * (handler-cost.ts) gives one figure per server, dominated by whatever the cycle sends most; here each
 * class has its own, with its spread over the rounds, so that where each server is cheaper shows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abSchedule } from './ab-schedule';
import type { ClassCpu, OperationClassResult, OperationClassRow } from './bench-report';
import { oursServer, peerServer } from './bench-servers';
import { crossover } from './crossover';
import { type ClassState, type OperationClass, operationClasses, prepareClasses } from './operation-classes';
import { cpuMillisOf } from './proc-readers';
import type { Progress } from './progress';
import { ScimClient } from './scim-client';
import { type RunningServer, type ServerSpec, startServer } from './server-process';
import { spread } from './spread';

/** More than 50 requests per server (issue 15) in the quick run too, which measures four classes. */
const WARM_UP_PER_CLASS = 15;

export interface OperationClassOptions {
  readonly rounds: number;
  readonly requestsPerClass: number;
  readonly groupSizes: readonly number[];
}

/** The servers measured: ours, the SCIMMY peer, and (when given) the SDK floor. */
export function classServers(dataDirectory: string, floor?: ServerSpec): ServerSpec[] {
  return [oursServer(dataDirectory), peerServer(), ...(floor === undefined ? [] : [floor])];
}

interface Measured {
  readonly server: RunningServer;
  state: ClassState;
  /** class → µs per request of each round */
  readonly micros: Map<string, number[]>;
  errors: Map<string, number>;
}

/** `count` requests of `cls`, one after the other; the server's CPU per request (µs) and the failures. */
async function measureClass(m: Measured, cls: OperationClass, count: number, offset: number) {
  const before = cpuMillisOf(m.server.pid);
  let failed = 0;
  for (let i = 0; i < count; i++) if (!(await cls.send(m.state, offset + i))) failed++;
  const micros = ((cpuMillisOf(m.server.pid) - before) * 1000) / count;
  m.micros.set(cls.operation, [...(m.micros.get(cls.operation) ?? []), micros]);
  m.errors.set(cls.operation, (m.errors.get(cls.operation) ?? 0) + failed);
}

/** Starts and prepares each server, adding it to `measured` as soon as it runs (so that it is stopped). */
async function startAll(
  measured: Measured[],
  specs: readonly ServerSpec[],
  options: OperationClassOptions,
  progress: Progress,
) {
  for (const spec of specs) {
    progress.step(`${spec.short}: start, ${Math.max(...options.groupSizes) + 1} users, a group of each size`);
    const server = await startServer(spec);
    const client = new ScimClient(server.tenantUrl, server.token, 4);
    const entry = { server, state: { client } as ClassState, micros: new Map(), errors: new Map() };
    measured.push(entry);
    entry.state = await prepareClasses(client, 'c', options.groupSizes);
    progress.done(server.processes);
  }
}

function rowsOf(measured: readonly Measured[], classes: readonly OperationClass[]): OperationClassRow[] {
  return classes.map((cls) => {
    const servers: Record<string, ClassCpu> = {};
    for (const m of measured) {
      servers[m.server.spec.short] = {
        cpuMicros: spread(m.micros.get(cls.operation) ?? [Number.NaN], 0),
        errors: m.errors.get(cls.operation) ?? 0,
      };
    }
    return {
      operation: cls.operation,
      ...(cls.groupSize === undefined ? {} : { groupSize: cls.groupSize }),
      servers,
    };
  });
}

/** Measures every class on every server, rounds of A/B/A/B; stops the servers. */
export async function measureOperationClasses(
  options: OperationClassOptions,
  progress: Progress,
  floor?: (dataDirectory: string) => ServerSpec,
): Promise<OperationClassResult> {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'scim-bench-classes-'));
  const specs = classServers(dataDirectory, floor?.(dataDirectory));
  const classes = operationClasses(options.groupSizes);
  const measured: Measured[] = [];
  try {
    await startAll(measured, specs, options, progress);
    progress.step(`warm-up: ${WARM_UP_PER_CLASS} requests of each of ${classes.length} classes per server`);
    for (const m of measured)
      for (const cls of classes) for (let i = 0; i < WARM_UP_PER_CLASS; i++) await cls.send(m.state, i);
    progress.done(`${WARM_UP_PER_CLASS * classes.length} per server`);
    const schedule = abSchedule(measured, options.rounds);
    progress.step(
      `CPU per operation class, ${options.rounds} rounds of ${specs.map((s) => s.short).join('/')}`,
      schedule.length,
    );
    for (const [index, { round, server }] of schedule.entries()) {
      for (const cls of classes)
        await measureClass(
          server,
          cls,
          options.requestsPerClass,
          WARM_UP_PER_CLASS + round * options.requestsPerClass,
        );
      progress.tick(index + 1);
    }
    const rows = rowsOf(measured, classes);
    const member = rows.flatMap((r) =>
      r.groupSize === undefined
        ? []
        : [
            {
              size: r.groupSize,
              ours: r.servers['this project']?.cpuMicros.median ?? Number.NaN,
              peer: r.servers.SCIMMY?.cpuMicros.median ?? Number.NaN,
            },
          ],
    );
    const crossoverGroupSize = crossover(member);
    progress.done(
      rows
        .map(
          (r) =>
            `${r.operation}: ${Object.entries(r.servers)
              .map(([s, c]) => `${s} ${c.cpuMicros.median}`)
              .join(' / ')} µs`,
        )
        .join('; '),
    );
    return {
      rounds: options.rounds,
      requestsPerClass: options.requestsPerClass,
      warmUpRequests: WARM_UP_PER_CLASS * classes.length,
      servers: specs.map((s) => ({ short: s.short, name: s.name })),
      rows,
      ...(crossoverGroupSize === undefined ? {} : { crossoverGroupSize }),
    };
  } finally {
    for (const m of measured) {
      m.state.client.close();
      await m.server.stop();
    }
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}
