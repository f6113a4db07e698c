/**
 * Section 3 of `npm run bench`: handler cost and latency. Microsoft Entra's initial provisioning cycle is
 * replayed, with the same client, bodies and concurrency, against two servers, one after the other:
 *
 *   - this project: `npm start`'s local endpoint (bin/local-server.ts, the very Lambda handlers behind the
 *     local gateway) on DynamoDB Local in memory;
 *   - a peer: SCIMMY + scimmy-routers on express, in memory (bin/bench/scimmy-peer.mjs).
 *
 * Measured for each: the CPU time of the server's own process over the sequence (utime + stime from
 * /proc/<pid>/stat; DynamoDB Local's JVM is a separate process and is not counted), per-operation latency
 * at the client, and the process's peak resident memory during the sequence (VmHWM, reset before it).
 *
 * The cycle, as Entra runs it: for each user, `GET /Users?filter=userName eq "…"` (nothing found) then
 * `POST /Users`; then `POST /Groups` for each group; then each group's members added by
 * `PATCH /Groups/{id}` in Entra-sized batches, the batches of one group one after the other, groups in
 * parallel (Entra works on one object at a time per worker).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type HandlerCostOptions,
  type HandlerCostResult,
  CYCLE_OPERATIONS as OPERATIONS,
  type CycleOperation as Operation,
  type OperationLatency,
  type ServerMeasurement,
} from './bench-report';
import type { Progress } from './progress';
import { pool, quantile, round } from './stats';

const ROOT = join(import.meta.dirname, '..', '..');
type Phase = 'users' | 'groups' | 'members';
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
const WARM_UP_USERS = 16;
const WARM_UP_REQUESTS = 50;
const FLOOR_WARM_UP = 50;
const FLOOR_REQUESTS = 500;

// ---------------------------------------------------------------------------------------------------------
// Servers

interface ServerSpec {
  readonly name: string;
  readonly short: string;
  readonly args: readonly string[];
  /** DynamoDB Local's JVM must be a separate child process of the measured one. */
  readonly expectJavaChild: boolean;
}

interface RunningServer {
  readonly spec: ServerSpec;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly tenantUrl: URL;
  readonly token: string;
  /** What /proc says about the processes, for the progress line. */
  readonly processes: string;
  /** DynamoDB Local's JVM, a separate process: its CPU is shown in the progress line, never counted. */
  readonly javaPid: number | undefined;
  /** The last lines the server printed, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

function packageVersion(name: string): string {
  const file = join(ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function minor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...spec.args], {
    cwd: ROOT,
    // Neither server logs each request (in AWS, API Gateway's access log does that).
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The output is drained for the whole run (a full pipe would stall the server), keeping only a tail.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // SIGINT: our endpoint then stops DynamoDB Local itself and exits.
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  let ready: string;
  try {
    ready = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(
        () => reject(new Error(`${spec.name}: no Secret Token within ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      );
      const look = (chunk: Buffer) => {
        seen += chunk.toString();
        if (/Tenant URL: \S+/.test(seen) && /Secret Token: \S+/.test(seen)) {
          clearTimeout(timer);
          child.stdout?.off('data', look);
          resolve(seen);
        }
      };
      child.stdout?.on('data', look);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${spec.name} exited (${signal ?? code}) before it was ready`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}:\n${output}`);
  }

  const tenantUrl = /Tenant URL: (\S+)/.exec(ready)?.[1];
  const token = /Secret Token: (\S+)/.exec(ready)?.[1];
  const pid = child.pid;
  try {
    if (tenantUrl === undefined || token === undefined || pid === undefined) {
      throw new Error(`${spec.name}: could not read its Tenant URL and Secret Token:\n${output}`);
    }
    const url = new URL(tenantUrl);
    const { processes, javaPid } = checkProcesses(spec, pid, Number(url.port));
    const stopAll = async () => {
      await stop();
      // Our endpoint stops DynamoDB Local on SIGINT; should it not have, its java is stopped here, by pid.
      if (javaPid !== undefined && isRunning(javaPid)) process.kill(javaPid, 'SIGKILL');
    };
    return { spec, child, pid, tenantUrl: url, token, processes, javaPid, tail: () => output, stop: stopAll };
  } catch (error) {
    await stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// /proc

let clockTicks: number | undefined;
/** Clock ticks per second (`getconf CLK_TCK`, read once). */
function ticksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return clockTicks;
}

/** utime + stime of `pid`, all its threads, in milliseconds. */
function cpuMillisOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticksPerSecond();
}

function statusField(pid: number, field: string): number | undefined {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match === null ? undefined : Number(match[1]);
}

/** Resets the process's peak RSS to its current RSS, so that VmHWM covers what follows only. */
function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` is still a live java process (not a zombie, nor a new process that reused the pid). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z' && /\(java\)/.test(stat);
  } catch {
    return false;
  }
}

function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const listed = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (listed !== '') children.push(...listed.split(/\s+/).map(Number));
    } catch {
      // the thread ended meanwhile
    }
  }
  return children;
}

/** Inodes of the sockets listening on `port` (any address, IPv4 or IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      const [, local, , state, , , , , , inode] = columns;
      if (local?.endsWith(`:${hexPort}`) && state === '0A' && inode !== undefined) inodes.add(inode);
    }
  }
  return inodes;
}

/**
 * Checks that `pid` is a node process that itself holds the socket listening on `port` (so its CPU is the
 * HTTP server's), and, for our endpoint, that DynamoDB Local's java is a separate child process.
 */
function checkProcesses(
  spec: ServerSpec,
  pid: number,
  port: number,
): { processes: string; javaPid: number | undefined } {
  const [executable] = commandLine(pid);
  if (executable !== process.execPath) {
    throw new Error(`${spec.name}: pid ${pid} runs ${executable}, not node`);
  }
  const listening = listeningInodes(port);
  const holds = readdirSync(`/proc/${pid}/fd`).some((fd) => {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      return target.startsWith('socket:[') && listening.has(target.slice(8, -1));
    } catch {
      return false;
    }
  });
  if (!holds) throw new Error(`${spec.name}: pid ${pid} does not hold the socket listening on port ${port}`);
  const children = childrenOf(pid).map((child) => ({ pid: child, argv: commandLine(child) }));
  const java = children.find(({ argv }) => /(^|\/)java$/.test(argv[0] ?? ''));
  if (spec.expectJavaChild && java === undefined) {
    throw new Error(`${spec.name}: no DynamoDB Local java child process of pid ${pid}`);
  }
  if (!spec.expectJavaChild && children.length > 0) {
    throw new Error(`${spec.name}: pid ${pid} has child processes ${children.map((c) => c.pid).join(', ')}`);
  }
  return {
    processes:
      java === undefined
        ? `node pid ${pid} serves :${port}`
        : `node pid ${pid} serves :${port}; DynamoDB Local is java pid ${java.pid}, not counted`,
    javaPid: java?.pid,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Client: one keep-alive agent per server, the same code for both

interface Reply {
  readonly status: number;
  readonly body: string;
}

class Client {
  readonly #agent: Agent;
  readonly #base: URL;
  readonly #authorization: string;

  constructor(base: URL, token: string, concurrency: number) {
    this.#agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    this.#base = base;
    this.#authorization = `Bearer ${token}`;
  }

  send(method: string, path: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = {
      Authorization: this.#authorization,
      Accept: 'application/scim+json',
    };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/scim+json';
      headers['Content-Length'] = payload.length;
    }
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent: this.#agent,
          host: this.#base.hostname,
          port: this.#base.port,
          path: `${this.#base.pathname}${path}`,
          method,
          headers,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------
// What Entra sends

const GIVEN = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Radia', 'Tim'];
const FAMILY = ['Lovelace', 'Turing', 'Hopper', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson'];
const DEPARTMENTS = ['Research', 'Engineering', 'Finance', 'Sales', 'Operations', 'Legal'];
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

interface EntraUser {
  readonly userName: string;
  readonly body: Record<string, unknown>;
}

function entraUser(prefix: string, index: number): EntraUser {
  const given = GIVEN[index % GIVEN.length] as string;
  const family = FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length] as string;
  const nickname = `${given}.${family}.${prefix}${String(index).padStart(6, '0')}`.toLowerCase();
  const userName = `${nickname}@contoso.example`;
  return {
    userName,
    // The shape of entra-users-aadoptscim062020.json's "Create User" step.
    body: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
      externalId: nickname,
      userName,
      active: true,
      displayName: `${given} ${family}`,
      emails: [{ primary: true, type: 'work', value: userName }],
      meta: { resourceType: 'User' },
      name: { formatted: `${given} ${family}`, familyName: family, givenName: given },
      roles: [],
      [ENTERPRISE]: {
        department: DEPARTMENTS[index % DEPARTMENTS.length],
        employeeNumber: String(100_000 + index),
      },
    },
  };
}

function entraGroup(prefix: string, index: number): Record<string, unknown> {
  return {
    schemas: [
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
    ],
    externalId: `8aa1a0c0-c4c3-4bc0-b4a5-${prefix}${index.toString(16).padStart(12 - prefix.length, '0')}`,
    displayName: `Contoso Team ${prefix}${index}`,
    meta: { resourceType: 'Group' },
  };
}

function addMembers(ids: readonly string[]): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// The sequence

class Recorder {
  readonly latencies: Record<Operation, number[]> = {
    filter: [],
    create: [],
    createGroup: [],
    addMembers: [],
  };
  sent = 0;
  errors = 0;
  readonly #onSent: (sent: number) => void;

  constructor(onSent: (sent: number) => void = () => {}) {
    this.#onSent = onSent;
  }

  /** Sends one request, times it, and counts it as an error unless `accept` says otherwise. */
  async call(
    client: Client,
    operation: Operation,
    method: string,
    path: string,
    body: unknown,
    accept: (reply: Reply) => boolean,
  ): Promise<Reply | undefined> {
    this.sent++;
    const started = performance.now();
    let reply: Reply | undefined;
    try {
      reply = await client.send(method, path, body);
      this.latencies[operation].push(performance.now() - started);
      if (!accept(reply)) this.errors++;
    } catch {
      this.errors++;
    }
    this.#onSent(this.sent);
    return reply;
  }
}

const emptyList = (reply: Reply) =>
  reply.status === 200 && (JSON.parse(reply.body) as { totalResults?: unknown }).totalResults === 0;
const createdWithId = (reply: Reply) =>
  reply.status === 201 && typeof (JSON.parse(reply.body) as { id?: unknown }).id === 'string';
const patched = (reply: Reply) => reply.status === 200 || reply.status === 204;

function idOf(reply: Reply | undefined): string | undefined {
  if (reply?.status !== 201) return undefined;
  try {
    const { id } = JSON.parse(reply.body) as { id?: unknown };
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

const accepting = (check: (reply: Reply) => boolean) => (reply: Reply) => {
  try {
    return check(reply);
  } catch {
    return false;
  }
};

/** Entra's initial cycle: users (match, then create), groups, then members in batches. */
async function entraCycle(
  client: Client,
  recorder: Recorder,
  options: HandlerCostOptions,
  prefix: string,
  users: number,
  groups: number,
  /** Called when a phase (users, groups, members) is over, e.g. to read the server's CPU. */
  phaseDone: (phase: Phase) => void = () => {},
): Promise<void> {
  const ids: (string | undefined)[] = new Array(users);
  await pool(
    Array.from({ length: users }, (_, index) => index),
    options.concurrency,
    async (index) => {
      const user = entraUser(prefix, index);
      const filter = `/Users?filter=userName+eq+%22${encodeURIComponent(user.userName)}%22`;
      await recorder.call(client, 'filter', 'GET', filter, undefined, accepting(emptyList));
      const created = await recorder.call(
        client,
        'create',
        'POST',
        '/Users',
        user.body,
        accepting(createdWithId),
      );
      ids[index] = idOf(created);
    },
  );
  phaseDone('users');
  const groupIds: (string | undefined)[] = new Array(groups);
  await pool(
    Array.from({ length: groups }, (_, index) => index),
    options.concurrency,
    async (index) => {
      const created = await recorder.call(
        client,
        'createGroup',
        'POST',
        '/Groups',
        entraGroup(prefix, index),
        accepting(createdWithId),
      );
      groupIds[index] = idOf(created);
    },
  );
  phaseDone('groups');
  // As Entra assigns groups: group 0 holds every user (the app's assignment group, "All employees"), and
  // each user is also in one of the other groups (departments). One group's batches one after the other.
  await pool(
    Array.from({ length: groups }, (_, index) => index),
    options.concurrency,
    async (group) => {
      const groupId = groupIds[group];
      if (groupId === undefined) return;
      const members: string[] = [];
      for (const index of membersOf(group, users, groups)) {
        const id = ids[index];
        if (id !== undefined) members.push(id);
      }
      for (const batch of chunks(members, options.batch)) {
        await recorder.call(client, 'addMembers', 'PATCH', `/Groups/${groupId}`, addMembers(batch), patched);
      }
    },
  );
}

/** The users (by index) of a group: everyone in group 0, user i also in group 1 + i mod (groups - 1). */
function membersOf(group: number, users: number, groups: number): number[] {
  if (group === 0) return Array.from({ length: users }, (_, index) => index);
  const departments = groups - 1;
  return Array.from({ length: users }, (_, index) => index).filter(
    (index) => 1 + (index % departments) === group,
  );
}

/** The number of requests the cycle sends when nothing fails. */
function plannedOperations(options: HandlerCostOptions): number {
  let patches = 0;
  for (let group = 0; group < options.groups; group++) {
    patches += Math.ceil(membersOf(group, options.users, options.groups).length / options.batch);
  }
  return 2 * options.users + options.groups + patches;
}

function latency(values: readonly number[]): OperationLatency {
  return {
    count: values.length,
    p50: round(quantile(values, 0.5), 2),
    p95: round(quantile(values, 0.95), 2),
    p99: round(quantile(values, 0.99), 2),
  };
}

/**
 * The CPU of a request that does no resource work, measured after the cycle and not part of the result:
 * authentication, routing and a static document. On our local endpoint that includes the authorizer's
 * token and tenant reads, which run on every request here but are cached by API Gateway in AWS.
 */
async function floorCost(client: Client, pid: number, concurrency: number): Promise<number> {
  const recorder = new Recorder();
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

async function measureServer(
  spec: ServerSpec,
  options: HandlerCostOptions,
  progress: Progress,
): Promise<ServerMeasurement> {
  progress.step(`${spec.short}: start and warm up`);
  const server = await startServer(spec);
  try {
    const client = new Client(server.tenantUrl, server.token, options.concurrency);
    try {
      // Warm-up, not counted: every code path of the cycle (~50 requests), on users and a group of its own.
      const warmUp = new Recorder();
      await entraCycle(
        client,
        warmUp,
        { ...options, batch: Math.ceil(WARM_UP_USERS / 2) },
        'w',
        WARM_UP_USERS,
        1,
      );
      const extraFilters = Math.max(0, WARM_UP_REQUESTS - warmUp.sent);
      for (let index = 0; index < extraFilters; index++) {
        const user = entraUser('x', index);
        await warmUp.call(
          client,
          'filter',
          'GET',
          `/Users?filter=userName+eq+%22${encodeURIComponent(user.userName)}%22`,
          undefined,
          accepting(emptyList),
        );
      }
      if (warmUp.errors === warmUp.sent) {
        throw new Error(`${spec.name}: every warm-up request failed:\n${server.tail()}`);
      }
      progress.done(
        `${server.processes}, ${warmUp.sent} warm-up requests` +
          (warmUp.errors === 0 ? '' : ` (${warmUp.errors} failed)`),
      );

      const planned = plannedOperations(options);
      progress.step(
        `${spec.short}: Entra initial cycle (${options.users} users, ${options.groups} groups)`,
        planned,
      );
      const recorder = new Recorder((sent) => progress.tick(sent));
      const peakReset = resetPeakRss(server.pid);
      const javaBefore = server.javaPid === undefined ? 0 : cpuMillisOf(server.javaPid);
      const cpuBefore = cpuMillisOf(server.pid);
      const started = performance.now();
      // CPU at the end of each phase, for the progress line: the cost of a PATCH of members grows with
      // the group's size on a store that keeps members on the group, so one figure per request hides it.
      const phaseCpu: Partial<Record<Phase, { cpu: number; sent: number }>> = {};
      const phaseDone = (phase: Phase) => {
        phaseCpu[phase] = { cpu: cpuMillisOf(server.pid), sent: recorder.sent };
      };
      await entraCycle(client, recorder, options, 's', options.users, options.groups, phaseDone);
      const wallSeconds = (performance.now() - started) / 1000;
      phaseDone('members');
      const cpuMillis = (phaseCpu.members?.cpu ?? cpuBefore) - cpuBefore;
      const phases: string[] = [];
      let previous = { cpu: cpuBefore, sent: 0 };
      for (const phase of ['users', 'groups', 'members'] as const) {
        const current = phaseCpu[phase];
        if (current === undefined) continue;
        const sent = current.sent - previous.sent;
        // Clock ticks are 10 ms: a phase of a few requests says nothing per request.
        if (sent >= 10) phases.push(`${phase} ${Math.round(((current.cpu - previous.cpu) * 1000) / sent)}`);
        previous = current;
      }
      const javaMillis = server.javaPid === undefined ? 0 : cpuMillisOf(server.javaPid) - javaBefore;
      const peakKB = statusField(server.pid, 'VmHWM') ?? 0;

      const byOperation = Object.fromEntries(
        OPERATIONS.map((operation) => [operation, latency(recorder.latencies[operation])]),
      ) as Record<Operation, OperationLatency>;
      const measurement: ServerMeasurement = {
        name: spec.name,
        operations: recorder.sent,
        errors: recorder.errors,
        wallSeconds: round(wallSeconds, 2),
        cpuMillis: Math.round(cpuMillis),
        cpuMicrosPerOperation: recorder.sent === 0 ? 0 : round((cpuMillis * 1000) / recorder.sent, 1),
        byOperation,
        peakRssMB: round(peakKB / 1024, 1),
      };
      progress.done(
        `${measurement.operations} requests, ${measurement.errors} errors, ` +
          `${measurement.cpuMicrosPerOperation} µs CPU/request (by phase: ${phases.join(', ')}), ` +
          `p50/p99 create ${byOperation.create.p50}/${byOperation.create.p99} ms, ` +
          `addMembers ${byOperation.addMembers.p50}/${byOperation.addMembers.p99} ms, ` +
          `peak RSS ${measurement.peakRssMB} MB${peakReset ? '' : ' (since start)'}` +
          (server.javaPid === undefined
            ? ''
            : `; DynamoDB Local's JVM (not counted): ${round(javaMillis / 1000, 1)} s CPU`),
      );

      progress.step(`${spec.short}: GET /ServiceProviderConfig after the cycle (not part of the result)`);
      const floor = await floorCost(client, server.pid, options.concurrency);
      progress.done(`${floor} µs CPU/request for authentication, routing and a static document`);
      return measurement;
    } finally {
      client.close();
    }
  } finally {
    await server.stop();
  }
}

export async function measureHandlerCost(
  options: HandlerCostOptions,
  progress: Progress,
): Promise<HandlerCostResult> {
  const { users, groups, batch, concurrency } = options;
  if (![users, groups, batch, concurrency].every(Number.isInteger) || users < 0 || groups < 0) {
    throw new RangeError(`handler cost: users and groups must be whole numbers ≥ 0 (${users}, ${groups})`);
  }
  if (batch < 1 || concurrency < 1) {
    throw new RangeError(`handler cost: batch and concurrency must be ≥ 1 (${batch}, ${concurrency})`);
  }
  const dataDirectory = mkdtempSync(join(tmpdir(), 'scim-bench-'));
  try {
    const ours = await measureServer(
      {
        name: 'this project (local endpoint on DynamoDB Local)',
        short: 'this project',
        args: ['--import', 'tsx', 'bin/local-server.ts', '--in-memory', '--data-dir', dataDirectory],
        expectJavaChild: true,
      },
      options,
      progress,
    );
    const peer = await measureServer(
      {
        name:
          `SCIMMY ${packageVersion('scimmy')} + scimmy-routers ${packageVersion('scimmy-routers')} ` +
          `on express ${minor(packageVersion('express'))} (in-memory)`,
        short: 'SCIMMY',
        args: [join('bin', 'bench', 'scimmy-peer.mjs')],
        expectJavaChild: false,
      },
      options,
      progress,
    );
    return {
      options,
      ours,
      peer,
      cpuRatio:
        ours.cpuMicrosPerOperation === 0
          ? 0
          : round(peer.cpuMicrosPerOperation / ours.cpuMicrosPerOperation, 2),
    };
  } finally {
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}
