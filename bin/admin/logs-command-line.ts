/**
 * `npx scim-admin logs <tenant> [--local] [--since 1h] [--status 4xx|5xx|409] [--path /Users] [--follow] [--json]`:
 * the command line read. The log is read through the admin function's `listRequestLog` (on the stack, or
 * in this process for `--local`).
 */
import { parseArgs } from 'node:util';
import type { Target } from './command-line';
import { parseSince } from './events-command-line';

export interface LogsList {
  readonly kind: 'logs';
  readonly tenantId: string;
  /** The local endpoint (`--local`), or a deployed stack's admin function. */
  readonly target: Target;
  readonly since: Date;
  /** `4xx`, `5xx` or a status (`409`). */
  readonly status: string | undefined;
  /** A path prefix below the SCIM base (`/Users`), compared case-insensitively. */
  readonly path: string | undefined;
  readonly follow: boolean;
  readonly json: boolean;
}

export type LogsCommandLine =
  | LogsList
  | { readonly kind: 'help' }
  | { readonly kind: 'refused'; readonly message: string };

export const LOGS_CLI = {
  synopsis: 'logs <tenant> [--local] [--since <time>] [--status 4xx|5xx|<code>] [--path /Users] [--follow]',
  help: [
    "a tenant's request log, oldest first: every write and every failure (time, method, path, status, scimType, client, latency, and for a failure a hint), or with --json each line as kept; no credential is in it, and no value or body unless tenants set --log-bodies is on (redacted)",
  ],
  notes: [
    '--since defaults to 1h; --status takes 4xx, 5xx or a code; --path a prefix below /scim/v2 (/Users, /Groups/<id>); --follow prints new lines as they come, until Ctrl-C. Lines are kept 30 days.',
  ],
} as const;

const OPTIONS = {
  local: { type: 'boolean' },
  'data-dir': { type: 'string' },
  since: { type: 'string' },
  status: { type: 'string' },
  path: { type: 'string' },
  follow: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  stack: { type: 'string' },
  function: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
} as const;

const STATUS = /^([1-5]xx|[1-5]\d\d)$/i;

/** Reads `argv` (without node and the script), which starts with `logs`. */
export function parseLogsCommandLine(argv: readonly string[], now: Date): LogsCommandLine {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
  } catch (error) {
    return { kind: 'refused', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  const [, tenantId, ...extra] = positionals;
  if (tenantId === undefined)
    return { kind: 'refused', message: 'Missing tenant: npx scim-admin logs <tenant>' };
  if (extra.length > 0) return { kind: 'refused', message: `Unexpected argument '${extra[0]}'` };
  const since = parseSince(values.since ?? '1h', now);
  if (since === undefined)
    return {
      kind: 'refused',
      message: `--since: '${values.since}' is neither an ISO time (2026-12-02T09:00Z) nor a duration (30m, 1h, 7d)`,
    };
  if (values.status !== undefined && !STATUS.test(values.status))
    return { kind: 'refused', message: `--status: '${values.status}' is not 4xx, 5xx or a status code` };
  if (values.path !== undefined && !values.path.startsWith('/'))
    return { kind: 'refused', message: `--path: '${values.path}' must start with / (/Users, /Groups)` };
  return {
    kind: 'logs',
    tenantId,
    target: {
      local: values.local === true,
      dataDir: values['data-dir'] ?? '.scim-local',
      stack: values.stack,
      function: values.function,
      region: values.region,
      profile: values.profile,
    },
    since,
    status: values.status?.toLowerCase(),
    path: values.path,
    follow: values.follow === true,
    json: values.json === true,
  };
}
