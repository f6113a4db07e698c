/**
 * The admin CLI's command line, read into an admin request: the commands, their arguments and options come
 * from the admin function's command table (functions/admin/admin-command-table.ts), so the CLI and the
 * function cannot disagree on a name.
 */
import { parseArgs } from 'node:util';
import {
  ADMIN_COMMANDS,
  type CliForm,
  COMMAND_ARGUMENTS,
  COMMAND_OPTIONS,
  type CommandOptionName,
  type CommandOutput,
} from '../../functions/admin/admin-command-table';
import { logBodiesUntil } from '../../functions/admin/log-bodies-until';
import { parseExpiry } from '../../functions/admin/token-expiry';

/** A command line the CLI refuses before sending anything: exit code 2. */
export class UsageError extends Error {}

/**
 * The options of every command, with their help: where the request goes and how its answer prints.
 * Options without `help` are explained in another's.
 */
export const GLOBAL_OPTIONS = {
  stack: {
    type: 'string',
    section: 'Where',
    synopsis: '--stack <name>',
    help: 'a deployed stack; its outputs name the admin function (default: ScimEndpoint)',
  },
  function: {
    type: 'string',
    section: 'Where',
    synopsis: '--function <name>',
    help: "the admin function's name or ARN, instead of --stack",
  },
  local: {
    type: 'boolean',
    section: 'Where',
    synopsis: '--local',
    help: 'the local endpoint of `npm start` (its data folder: --data-dir, default .scim-local)',
  },
  'data-dir': { type: 'string', section: 'Where' },
  region: {
    type: 'string',
    section: 'Where',
    synopsis: '--region <region>',
    help: 'AWS region (default: from the environment or profile)',
  },
  profile: {
    type: 'string',
    section: 'Where',
    synopsis: '--profile <name>',
    help: 'AWS profile (default: the standard credential chain)',
  },
  json: {
    type: 'boolean',
    section: 'Output',
    synopsis: '--json',
    help: 'print the raw result as JSON, for scripts',
  },
  help: { type: 'boolean', short: 'h', section: 'Output', synopsis: '-h, --help', help: 'this help' },
} as const satisfies Record<
  string,
  {
    type: 'string' | 'boolean';
    short?: string;
    section: 'Where' | 'Output';
    synopsis?: string;
    help?: string;
  }
>;

/** Where the request goes. */
export interface Target {
  readonly local: boolean;
  readonly dataDir: string;
  readonly stack: string | undefined;
  readonly function: string | undefined;
  readonly region: string | undefined;
  readonly profile: string | undefined;
}

/** What a command line asks for. */
export type CommandLine =
  /** `--help` (exit 0), or no command at all (exit 2): the usage text, on stdout. */
  | { readonly kind: 'help'; readonly exitCode: 0 | 2 }
  /** Options that do not parse (an unknown one, say): the message, then the usage text. */
  | { readonly kind: 'malformed'; readonly message: string }
  /** A command refused before anything is sent (UsageError). */
  | { readonly kind: 'refused'; readonly message: string }
  | {
      readonly kind: 'command';
      readonly request: Readonly<Record<string, unknown>>;
      readonly output: CommandOutput;
      readonly target: Target;
      readonly json: boolean;
    };

type Values = Readonly<Record<string, string | boolean | undefined>>;

const PARSE_OPTIONS = {
  ...Object.fromEntries(
    Object.entries(GLOBAL_OPTIONS).map(([name, o]) => [
      name,
      { type: o.type, ...('short' in o ? { short: o.short } : {}) },
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(COMMAND_OPTIONS).map(([name, o]) => [
      name,
      { type: o.read === 'flag' ? 'boolean' : 'string' } as const,
    ]),
  ),
};

/** `--tier <tier>`, `--purge`: an option as the help and the error messages show it. */
export function optionSynopsis(name: CommandOptionName): string {
  const { placeholder } = COMMAND_OPTIONS[name];
  return placeholder === undefined ? `--${name}` : `--${name} ${placeholder}`;
}

/** The CLI form of a command, by its words (`tenants create`), if there is one. */
function commandNamed(words: string): { action: string; cli: CliForm } | undefined {
  for (const [action, command] of Object.entries(ADMIN_COMMANDS)) {
    if (command.cli?.words === words) return { action, cli: command.cli };
  }
  return undefined;
}

/**
 * The command the positionals start with, and the arguments after its words: three words
 * (`clients secrets add`) are tried before two (`clients delete`), whose first argument is never a verb.
 */
function commandOf(positionals: readonly string[]) {
  for (const count of [3, 2]) {
    const words = positionals.slice(0, count).join(' ');
    const named = positionals.length >= count ? commandNamed(words) : undefined;
    if (named !== undefined) return { ...named, words, rest: positionals.slice(count) };
  }
  // `clients secrets rotate`: named whole when its first two words start three-word commands.
  const two = positionals.slice(0, 2).join(' ');
  const group = Object.values(ADMIN_COMMANDS).some((c) => c.cli?.words.startsWith(`${two} `));
  const words = group ? positionals.slice(0, 3).join(' ') : two;
  throw new UsageError(words === '' ? 'Missing command' : `Unknown command '${words}'`);
}

/** `30` as 30, `off` as itself; anything else is not a number of days. */
function days(name: CommandOptionName, value: string): number | 'off' {
  if (value === 'off') return value;
  if (/^\d{1,6}$/.test(value)) return Number(value);
  throw new UsageError(`--${name}: '${value}' is not a number of days`);
}

/** `3600` as 3600; anything else (`1.5`, `-1`, `2y`) is not a whole number. */
function integer(name: CommandOptionName, value: string): number {
  if (/^\d{1,9}$/.test(value)) return Number(value);
  throw new UsageError(`--${name}: '${value}' is not a whole number`);
}

/** An option's request field, read as its catalogue entry says (COMMAND_OPTIONS). */
function optionField(name: CommandOptionName, values: Values, required: boolean, now: Date) {
  const option = COMMAND_OPTIONS[name];
  const value = values[name];
  if (option.read === 'flag') return { [option.field]: value === true };
  if (typeof value !== 'string') return {};
  if (option.read === 'days') return { [option.field]: days(name, value) };
  if (option.read === 'integer') return { [option.field]: integer(name, value) };
  if (option.read === 'expiry') {
    // Checked strictly here (the admin function checks it again): never rolled over to another day.
    const parsed = parseExpiry(value, now);
    if (!parsed.ok) throw new UsageError(`--${name}: ${parsed.message}`);
    return { [option.field]: parsed.expiresAt };
  }
  if (option.read === 'until') {
    const parsed = logBodiesUntil(value, now);
    if (!parsed.ok) throw new UsageError(`--${name}: ${parsed.message}`);
    return { [option.field]: parsed.logBodiesUntil };
  }
  return value === '' && !required ? {} : { [option.field]: value };
}

/** The admin request for a command's words, arguments and options. */
function requestFor(positionals: readonly string[], values: Values, now: Date) {
  const { action, cli, words, rest } = commandOf(positionals);
  for (const { name } of (cli.options ?? []).filter((o) => o.required)) {
    if (values[name] === undefined) throw new UsageError(`${words} needs ${optionSynopsis(name)}`);
  }
  const request: Record<string, unknown> = { action };
  (cli.arguments ?? []).forEach((argument, i) => {
    const value = rest[i];
    if (value === undefined)
      throw new UsageError(`Missing ${argument}: npx scim-admin ${words} <${argument}>`);
    request[COMMAND_ARGUMENTS[argument]] = value;
  });
  for (const { name, required } of cli.options ?? [])
    Object.assign(request, optionField(name, values, required === true, now));
  const refused = cli.refuse?.(request, now);
  if (refused !== undefined) throw new UsageError(refused);
  return { request, output: cli.output ?? ('fields' as const) };
}

/** Reads `argv` (without node and the script); `now` dates `--expires` and `--log-bodies`. */
export function parseCommandLine(argv: readonly string[], now: Date): CommandLine {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: PARSE_OPTIONS });
  } catch (error) {
    return { kind: 'malformed', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help === true || positionals.length === 0)
    return { kind: 'help', exitCode: values.help ? 0 : 2 };
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const target: Target = {
    local: values.local === true,
    dataDir: text('data-dir') ?? '.scim-local',
    stack: text('stack'),
    function: text('function'),
    region: text('region'),
    profile: text('profile'),
  };
  try {
    return { kind: 'command', ...requestFor(positionals, values, now), target, json: values.json === true };
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'refused', message: error.message };
    throw error;
  }
}
