/**
 * `npx scim-admin logs <tenant>`: the tenant's request log, oldest first, read a page at a time through the
 * admin function's `listRequestLog` (functions/admin/request-log-command.ts); `--follow` keeps reading.
 */
import type { RequestLogEntry } from '../../functions/scim/request-log-port';
import { follow } from './follow';
import type { LogsList } from './logs-command-line';
import { logLine, matches } from './logs-format';

/** A page of the log from `since` on, after the line whose key is `after`. */
export type LogPages = (
  since: Date,
  after?: string,
) => Promise<{ readonly lines: readonly RequestLogEntry[]; readonly next?: string }>;

const FOLLOW_EVERY_MS = 1_000;

/** Every line from `since` on, oldest first. */
async function linesSince(pages: LogPages, since: Date): Promise<RequestLogEntry[]> {
  const all: RequestLogEntry[] = [];
  let after: string | undefined;
  do {
    const page = await pages(since, after);
    all.push(...page.lines);
    after = page.next;
  } while (after !== undefined);
  return all;
}

/** Runs the command; resolves with the exit code (with --follow, when interrupted). */
export async function listLogs(command: LogsList, pages: LogPages): Promise<number> {
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
  print(await linesSince(pages, since));
  if (!command.follow) {
    if (printed.size === 0)
      console.error(`No requests logged for tenant ${command.tenantId} since ${since.toISOString()}.`);
    return 0;
  }
  await follow(async () => {
    const lines = await linesSince(pages, since);
    print(lines);
    // A line is keyed by its request's arrival: one answered late is still within a minute of the newest.
    const newest = lines.at(-1)?.time;
    if (newest !== undefined) since = new Date(Math.max(since.getTime(), Date.parse(newest) - 60_000));
  }, FOLLOW_EVERY_MS);
  return 0;
}
