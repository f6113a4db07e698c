import { readdirSync, readlinkSync } from 'node:fs';
import { childrenOf, commandLine, listeningInodes } from './proc-readers';
import type { ServerSpec } from './server-process';

/**
 * Checks that `pid` is a node process that itself holds the socket listening on `port` (so its CPU is the
 * HTTP server's), and, for our endpoint, that DynamoDB Local's java is a separate child process.
 */
export function checkProcesses(
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
