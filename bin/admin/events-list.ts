/**
 * `npx scim-admin events list <tenant> --local`: the tenant's provisioning events of the local endpoint, read
 * from its event store (bin/local/local-event-store.ts), oldest first; `--follow` keeps reading.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LocalEventStore, StoredEvent } from '../local/local-event-store';
import type { EventsList } from './events-command-line';
import { eventLine } from './events-format';
import { follow } from './follow';

/** Thrown when there is nothing to read from: exit code 2. */
export class NoLocalEndpoint extends Error {}

/**
 * How far back each poll of `--follow` looks again: an event whose put was retried is stored after later
 * ones (at least once, in commit order by key), and is still printed, once, when it comes.
 */
const FOLLOW_OVERLAP_MS = 5 * 60_000;
const FOLLOW_EVERY_MS = 1_000;

async function openStore(dataDir: string): Promise<LocalEventStore> {
  const file = join(resolve(dataDir), 'endpoint.json');
  if (!existsSync(file)) {
    throw new NoLocalEndpoint(
      `No local endpoint is running (no ${file}): start it with \`npm start\` first.`,
    );
  }
  const { dynamodbEndpoint } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { createDocumentClient } = await import('../../functions/storage/dynamo-client');
  const { LocalEventStore } = await import('../local/local-event-store');
  return new LocalEventStore(createDocumentClient({ region: 'local', endpoint: dynamodbEndpoint }));
}

/** The events of a list, printed as the options say; the ids printed. */
function print(events: readonly StoredEvent[], line: EventsList, printed: Map<string, string>): void {
  for (const event of events) {
    if (printed.has(event.id) || (line.type !== undefined && event.detailType !== line.type)) continue;
    printed.set(event.id, event.time);
    console.log(line.json ? event.detail : eventLine(event));
  }
}

/** Runs the command; resolves with the exit code (with --follow, when interrupted). */
export async function listEvents(line: EventsList): Promise<number> {
  const store = await openStore(line.dataDir);
  const after = line.since?.toISOString();
  const printed = new Map<string, string>();
  const events = await store.list(line.tenantId, after);
  print(events, line, printed);
  if (!line.follow) {
    if (printed.size === 0)
      console.error(`No events for tenant ${line.tenantId}${after === undefined ? '' : ` since ${after}`}.`);
    return 0;
  }
  await follow(async () => {
    const latest = [...printed.values()].sort().at(-1);
    const from =
      latest === undefined ? after : new Date(Date.parse(latest) - FOLLOW_OVERLAP_MS).toISOString();
    const window = from !== undefined && after !== undefined && from < after ? after : from;
    print(await store.list(line.tenantId, window), line, printed);
  }, FOLLOW_EVERY_MS);
  return 0;
}
