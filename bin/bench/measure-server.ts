import type { HandlerCostOptions, OperationLatency, PhaseCpu, ServerMeasurement } from './bench-report';
import { CallRecorder } from './call-recorder';
import { type CyclePhase, entraCycle, lookUp, plannedOperations } from './entra-cycle';
import { entraUser } from './entra-user';
import { cpuMillisOf, resetPeakRss, statusField } from './proc-readers';
import type { Progress } from './progress';
import { ScimClient } from './scim-client';
import { type RunningServer, type ServerSpec, startServer } from './server-process';
import { pool, quantile, round } from './stats';

const WARM_UP_USERS = 16;
export const WARM_UP_REQUESTS = 50;
const FLOOR_WARM_UP = 50;
const FLOOR_REQUESTS = 500;

function latency(values: readonly number[]): OperationLatency {
  return {
    count: values.length,
    p50: round(quantile(values, 0.5), 2),
    p95: round(quantile(values, 0.95), 2),
    p99: round(quantile(values, 0.99), 2),
    // What Lambda bills: every invocation's duration, so the mean, not a quantile.
    mean: round(values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length), 2),
  };
}

/** Warm-up, not counted: every code path of the cycle (~50 requests), on users and a group of its own. */
async function warmUp(
  server: RunningServer,
  client: ScimClient,
  options: HandlerCostOptions,
): Promise<string> {
  const recorder = new CallRecorder();
  const run = { client, recorder, options: { ...options, batch: Math.ceil(WARM_UP_USERS / 2) }, prefix: 'w' };
  await entraCycle(run, WARM_UP_USERS, 1);
  const extraFilters = Math.max(0, WARM_UP_REQUESTS - recorder.sent);
  for (let index = 0; index < extraFilters; index++) await lookUp(run, entraUser(index, 'x').userName);
  if (recorder.errors === recorder.sent) {
    throw new Error(`${server.spec.name}: every warm-up request failed:\n${server.tail()}`);
  }
  return `${server.processes}, ${recorder.sent} warm-up requests${recorder.errors === 0 ? '' : ` (${recorder.errors} failed)`}`;
}

/**
 * CPU per request of each phase (clock ticks are 10 ms: phases of fewer than 10 requests say nothing and
 * are left out). One figure for the whole cycle is dominated by whichever phase costs most: the member
 * PATCHes, 1 % of the requests, on a store that rewrites the group on each.
 */
function cpuByPhase(
  cpuBefore: number,
  phaseCpu: Partial<Record<CyclePhase, { cpu: number; sent: number }>>,
): PhaseCpu[] {
  const phases: PhaseCpu[] = [];
  let previous = { cpu: cpuBefore, sent: 0 };
  for (const phase of ['users', 'groups', 'members'] as const) {
    const current = phaseCpu[phase];
    if (current === undefined) continue;
    const requests = current.sent - previous.sent;
    if (requests >= 10)
      phases.push({
        phase,
        requests,
        cpuMicrosPerOperation: round(((current.cpu - previous.cpu) * 1000) / requests, 1),
      });
    previous = current;
  }
  return phases;
}

/** The measured cycle: the server's CPU and peak memory over it, each request's latency at the client. */
async function measureCycle(
  server: RunningServer,
  client: ScimClient,
  options: HandlerCostOptions,
  progress: Progress,
): Promise<ServerMeasurement> {
  const recorder = new CallRecorder((sent) => progress.tick(sent));
  const peakReset = resetPeakRss(server.pid);
  const javaBefore = server.javaPid === undefined ? 0 : cpuMillisOf(server.javaPid);
  const cpuBefore = cpuMillisOf(server.pid);
  const started = performance.now();
  // CPU at the end of each phase, for the progress line: the cost of a PATCH of members grows with the
  // group's size on a store that keeps members on the group, so one figure per request hides it.
  const phaseCpu: Partial<Record<CyclePhase, { cpu: number; sent: number }>> = {};
  const phaseDone = (phase: CyclePhase) => {
    phaseCpu[phase] = { cpu: cpuMillisOf(server.pid), sent: recorder.sent };
  };
  await entraCycle({ client, recorder, options, prefix: 's' }, options.users, options.groups, phaseDone);
  const wallSeconds = (performance.now() - started) / 1000;
  phaseDone('members');
  const cpuMillis = (phaseCpu.members?.cpu ?? cpuBefore) - cpuBefore;
  const javaMillis = server.javaPid === undefined ? 0 : cpuMillisOf(server.javaPid) - javaBefore;
  const { latencies } = recorder;
  const byOperation = {
    filter: latency(latencies.filter),
    create: latency(latencies.create),
    createGroup: latency(latencies.createGroup),
    addMembers: latency(latencies.addMembers),
  };
  const measurement: ServerMeasurement = {
    name: server.spec.name,
    operations: recorder.sent,
    errors: recorder.errors,
    wallSeconds: round(wallSeconds, 2),
    cpuMillis: Math.round(cpuMillis),
    cpuMicrosPerOperation: recorder.sent === 0 ? 0 : round((cpuMillis * 1000) / recorder.sent, 1),
    byOperation,
    byPhase: cpuByPhase(cpuBefore, phaseCpu),
    peakRssMB: round((statusField(server.pid, 'VmHWM') ?? 0) / 1024, 1),
  };
  progress.done(
    `${measurement.operations} requests, ${measurement.errors} errors, ` +
      `${measurement.cpuMicrosPerOperation} µs CPU/request (by phase: ${(measurement.byPhase ?? []).map((p) => `${p.phase} ${Math.round(p.cpuMicrosPerOperation)}`).join(', ')}), ` +
      `p50/p99 create ${byOperation.create.p50}/${byOperation.create.p99} ms, ` +
      `addMembers ${byOperation.addMembers.p50}/${byOperation.addMembers.p99} ms, ` +
      `peak RSS ${measurement.peakRssMB} MB${peakReset ? '' : ' (since start)'}` +
      (server.javaPid === undefined
        ? ''
        : `; DynamoDB Local's JVM (not counted): ${round(javaMillis / 1000, 1)} s CPU`),
  );
  return measurement;
}

/**
 * The CPU of a request that does no resource work, measured after the cycle and not part of the result:
 * authentication, routing and a static document. On our local endpoint that includes the authorizer's
 * token and tenant reads, which run on every request here but are cached by API Gateway in AWS.
 */
async function floorCost(client: ScimClient, pid: number, concurrency: number): Promise<number> {
  const recorder = new CallRecorder();
  const send = (count: number) =>
    pool(
      Array.from({ length: count }, (_, index) => index),
      concurrency,
      async () => {
        await recorder.call(
          client,
          'filter',
          'GET',
          '/ServiceProviderConfig',
          undefined,
          (r) => r.status === 200,
        );
      },
    );
  await send(FLOOR_WARM_UP);
  const before = cpuMillisOf(pid);
  await send(FLOOR_REQUESTS);
  return Math.round(((cpuMillisOf(pid) - before) * 1000) / FLOOR_REQUESTS);
}

/** Starts the server, warms it up, measures Entra's initial cycle on it, then its floor; stops it. */
export async function measureServer(
  spec: ServerSpec,
  options: HandlerCostOptions,
  progress: Progress,
): Promise<ServerMeasurement> {
  progress.step(`${spec.short}: start and warm up`);
  const server = await startServer(spec);
  const client = new ScimClient(server.tenantUrl, server.token, options.concurrency);
  try {
    progress.done(await warmUp(server, client, options));
    const cycle = `${spec.short}: Entra initial cycle (${options.users} users, ${options.groups} groups)`;
    progress.step(cycle, plannedOperations(options));
    const measurement = await measureCycle(server, client, options, progress);
    progress.step(`${spec.short}: GET /ServiceProviderConfig after the cycle (not part of the result)`);
    const floor = await floorCost(client, server.pid, options.concurrency);
    progress.done(`${floor} µs CPU/request for authentication, routing and a static document`);
    return measurement;
  } finally {
    client.close();
    await server.stop();
  }
}
