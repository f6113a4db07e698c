/**
 * `npx scim-admin events list <tenant> --local [--since <time>] [--type <detail-type>] [--follow] [--json]`:
 * the command line read. Events are not an admin command (the admin function has none to read): the local
 * endpoint's events are read from its own store, and a deployed stack keeps none outside its bus.
 */
import { parseArgs } from 'node:util';

export interface EventsList {
  readonly kind: 'events';
  readonly tenantId: string;
  readonly dataDir: string;
  /** Events committed at or after this time. */
  readonly since: Date | undefined;
  readonly type: string | undefined;
  readonly follow: boolean;
  readonly json: boolean;
}

export type EventsCommandLine =
  | EventsList
  | { readonly kind: 'help' }
  /** Refused before anything is read: exit code 2. */
  | { readonly kind: 'refused'; readonly message: string };

/** The command's synopsis and help, for `--help` (bin/admin/usage.ts). */
export const EVENTS_LIST_CLI = {
  synopsis: 'events list <tenant> --local [--since <time>] [--type <detail-type>] [--follow]',
  help: [
    "the provisioning events of a tenant of `npm start`, oldest first: a line each (time, type, resource id, name), or with --json each event's detail exactly as it was put on the bus",
  ],
  notes: [
    '--since takes an ISO time (2026-12-02T09:00Z) or a duration back from now (30s, 30m, 1h, 7d); --type a detail-type (scim.user.deactivated); --follow prints new events as they come, until Ctrl-C.',
    'A deployed stack keeps no events of its own: they are on its bus, scim.eventBus, and in its archive (docs/events.md).',
  ],
} as const;

/** Why a deployed stack has no `events list`: what to read instead. */
export const DEPLOYED_EVENTS_MESSAGE =
  'events list reads the events of the local endpoint only (--local). A deployed stack keeps no events of its own: ' +
  'they are put on its EventBridge bus, scim.eventBus, whose archive keeps them for replay to a rule of yours ' +
  '(docs/events.md: Delivery, Replay).';

const OPTIONS = {
  local: { type: 'boolean' },
  'data-dir': { type: 'string' },
  since: { type: 'string' },
  type: { type: 'string' },
  follow: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  // A deployed stack's options, read so that the refusal can say what to do instead.
  stack: { type: 'string' },
  function: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
} as const;

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** `--since`: an ISO date or time with its offset, or a duration back from `now` (30m, 1h, 7d). */
export function parseSince(value: string, now: Date): Date | undefined {
  const duration = /^(\d+)([smhd])$/.exec(value);
  if (duration?.[1] !== undefined && duration[2] !== undefined) {
    return new Date(now.getTime() - Number(duration[1]) * (UNITS[duration[2]] as number));
  }
  if (!ISO_TIME.test(value)) return undefined;
  const time = new Date(value);
  // A day that does not exist (2026-02-30) is refused, not rolled over into the next month.
  const day = value.slice(0, 10);
  if (Number.isNaN(time.getTime()) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day)
    return undefined;
  return time;
}

/** Reads `argv` (without node and the script), which starts with `events`. */
export function parseEventsCommandLine(argv: readonly string[], now: Date): EventsCommandLine {
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
  const [, verb, tenantId, ...extra] = positionals;
  if (verb !== 'list') return { kind: 'refused', message: `Unknown command 'events ${verb ?? ''}'`.trim() };
  if (tenantId === undefined)
    return { kind: 'refused', message: 'Missing tenant: npx scim-admin events list <tenant>' };
  if (extra.length > 0) return { kind: 'refused', message: `Unexpected argument '${extra[0]}'` };
  if (values.local !== true) return { kind: 'refused', message: DEPLOYED_EVENTS_MESSAGE };
  const since = values.since === undefined ? undefined : parseSince(values.since, now);
  if (values.since !== undefined && since === undefined) {
    return {
      kind: 'refused',
      message: `--since: '${values.since}' is neither an ISO time (2026-12-02T09:00Z) nor a duration (30m, 1h, 7d)`,
    };
  }
  return {
    kind: 'events',
    tenantId,
    dataDir: values['data-dir'] ?? '.scim-local',
    since,
    type: values.type,
    follow: values.follow === true,
    json: values.json === true,
  };
}
