/**
 * `npx scim-admin logs <tenant> --local`: the tenant's request log of the local endpoint, read from its
 * DynamoDB Local (functions/storage/request-log-store.ts), oldest first; `--follow` keeps reading.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RequestLogEntry } from '../../functions/scim/request-log-port';
import type { RequestLogStore } from '../../functions/storage/request-log-store';
import { NoLocalEndpoint } from './events-list';
import type { LogsList } from './logs-command-line';
import { logLine, matches } from './logs-format';

const FOLLOW_EVERY_MS = 1_000;
const PAGE = 500;

async function openStore(dataDir: string): Promise<RequestLogStore> {
  const file = join(resolve(dataDir), 'endpoint.json');
  if (!existsSync(file)) {
    throw new NoLocalEndpoint(
      `No local endpoint is running (no ${file}): start it with \`npm start\` first.`,
    );
  }
  const { dynamodbEndpoint } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { createDocumentClient } = await import('../../functions/storage/dynamo-client');
  const { RequestLogStore } = await import('../../functions/storage/request-log-store');
  const { LOCAL_TABLE_NAMES } = await import('../../functions/storage/table-design');
  return new RequestLogStore(
    createDocumentClient({ region: 'local', endpoint: dynamodbEndpoint }),
    LOCAL_TABLE_NAMES.data,
  );
}

/** Every line from `since` on, oldest first. */
async function linesSince(store: RequestLogStore, tenant: string, since: Date): Promise<RequestLogEntry[]> {
  const all: RequestLogEntry[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.list(tenant, since, {
      limit: PAGE,
      ...(startKey === undefined ? {} : { startKey }),
    });
    all.push(...page.lines);
    startKey = page.next;
  } while (startKey !== undefined);
  return all;
}

/** Runs the command; resolves with the exit code (with --follow, when interrupted). */
export async function listLogs(command: LogsList): Promise<number> {
  const store = await openStore(command.dataDir);
  const printed = new Set<string>();
  const print = (lines: readonly RequestLogEntry[]) => {
    for (const line of lines) {
      const key = `${line.time}#${line.requestId}`;
      if (printed.has(key) || !matches(line, command.status, command.path)) continue;
      printed.add(key);
      console.log(command.json ? JSON.stringify(line) : logLine(line));
    }
  };
  let since = command.since;
  const first = await linesSince(store, command.tenantId, since);
  print(first);
  if (!command.follow) {
    if (printed.size === 0)
      console.error(`No requests logged for tenant ${command.tenantId} since ${since.toISOString()}.`);
    return 0;
  }
  let stopped = false;
  process.once('SIGINT', () => {
    stopped = true;
  });
  while (!stopped) {
    await new Promise((done) => setTimeout(done, FOLLOW_EVERY_MS));
    const lines = await linesSince(store, command.tenantId, since);
    print(lines);
    // A request logged late (its answer came later) is still within a minute of the newest line.
    const newest = lines.at(-1)?.time;
    if (newest !== undefined) since = new Date(Math.max(since.getTime(), Date.parse(newest) - 60_000));
  }
  return 0;
}
