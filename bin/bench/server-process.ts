import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../local/free-port';
import { checkProcesses } from './check-processes';
import { isRunning } from './proc-readers';

const ROOT = join(import.meta.dirname, '..', '..');
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

/** A server to measure: a node process that prints its Tenant URL and Secret Token once it is ready. */
export interface ServerSpec {
  readonly name: string;
  readonly short: string;
  readonly args: readonly string[];
  /** DynamoDB Local's JVM must be a separate child process of the measured one. */
  readonly expectJavaChild: boolean;
}

export interface RunningServer {
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

/** Spawns the server on `port`, draining its output for the whole run (a full pipe would stall it). */
function spawnServer(spec: ServerSpec, port: number) {
  const child = spawn(process.execPath, [...spec.args], {
    cwd: ROOT,
    // Neither server logs each request (in AWS, API Gateway's access log does that). Ours writes its metrics
    // line per request, as a deployed function does (docs/metrics.md): its CPU is part of the request's.
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', POWERTOOLS_METRICS_DISABLED: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  return { child, tail: () => output, stop };
}

/** What the server printed up to its Secret Token. */
function credentialsPrinted(spec: ServerSpec, child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
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
}

/** Starts the server, waits until it is ready, and checks that its pid is the one to measure. */
export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const { child, tail, stop } = spawnServer(spec, await freePort());
  let ready: string;
  try {
    ready = await credentialsPrinted(spec, child);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}:\n${tail()}`);
  }
  const tenantUrl = /Tenant URL: (\S+)/.exec(ready)?.[1];
  const token = /Secret Token: (\S+)/.exec(ready)?.[1];
  const pid = child.pid;
  try {
    if (tenantUrl === undefined || token === undefined || pid === undefined) {
      throw new Error(`${spec.name}: could not read its Tenant URL and Secret Token:\n${tail()}`);
    }
    const url = new URL(tenantUrl);
    const { processes, javaPid } = checkProcesses(spec, pid, Number(url.port));
    const stopAll = async () => {
      await stop();
      // Our endpoint stops DynamoDB Local on SIGINT; should it not have, its java is stopped here, by pid.
      if (javaPid !== undefined && isRunning(javaPid)) process.kill(javaPid, 'SIGKILL');
    };
    return { spec, child, pid, tenantUrl: url, token, processes, javaPid, tail, stop: stopAll };
  } catch (error) {
    await stop();
    throw error;
  }
}
