/** The admin CLI's help, written from the command table and the global options. */
import { ADMIN_COMMANDS, type CliForm } from '../../functions/admin/admin-command-table';
import { EXPIRY_FORMS } from '../../functions/admin/token-expiry';
import { GLOBAL_OPTIONS, optionSynopsis } from './command-line';
import { EVENTS_LIST_CLI } from './events-command-line';
import { LOGS_CLI } from './logs-command-line';

/** Where the commands' descriptions start; a longer synopsis puts its description on the next line. */
const COMMAND_COLUMN = 45;
const OPTION_COLUMN = 23;

/** What the help says after a group's commands, by the commands' noun. */
const GROUP_NOTES: Readonly<Record<string, readonly string[]>> = {
  tenants: [
    'tenants create and delete are safe to repeat: one that failed part-way is completed by running it again.',
  ],
  tokens: [
    `--expires takes ${EXPIRY_FORMS}.`,
    'Impossible dates (2027-02-30) and past ones are refused. Without --expires a token does not expire.',
  ],
  clients: [
    "--years: when the secret expires (1 to 3 years, default 2); an expired secret gets no token. --token-lifetime: the access tokens' lifetime, 3600 to 21600 seconds (default 3600).",
    'Rotation without downtime: clients secrets add, paste the new secret into Entra or Okta, see its lastUsedAt in clients secrets list, then revoke the old one.',
  ],
  trusts: [
    "--entra-tenant: the customer's Entra tenant id; --subject: the Subject of Entra's step 1 (the service principal's object id, not the application's); --audience: its Audience, /.default dropped.",
    '--issuer and --jwks-uri default to https://login.microsoftonline.com/<tid>/v2.0 and .../discovery/v2.0/keys; https only (http on 127.0.0.1, localhost or [::1], for tests).',
  ],
};

/** `tenants move <tenant> --tier <tier>`: the command, its arguments, its options (optional ones in brackets). */
export function synopsis(cli: CliForm): string {
  const options = (cli.options ?? []).map((o) =>
    o.required ? optionSynopsis(o.name) : `[${optionSynopsis(o.name)}]`,
  );
  return [cli.words, ...(cli.arguments ?? []).map((a) => `<${a}>`), ...options].join(' ');
}

/** A synopsis and its description, aligned in two columns. */
function entry(left: string, help: readonly string[], column: number): string[] {
  const head = `  ${left}`;
  const indent = (line: string) => `${' '.repeat(column)}${line}`;
  if (help.length === 0) return [head];
  if (head.length > column - 2) return [head, ...help.map(indent)];
  const [first, ...rest] = help;
  return [`${head.padEnd(column)}${first}`, ...rest.map(indent)];
}

function commandGroups(): string[] {
  const groups = new Map<string, string[]>();
  for (const { cli } of Object.values(ADMIN_COMMANDS)) {
    if (cli === undefined) continue;
    const noun = cli.words.split(' ')[0] as string;
    groups.set(noun, [...(groups.get(noun) ?? []), ...entry(synopsis(cli), cli.help ?? [], COMMAND_COLUMN)]);
  }
  return [...groups].flatMap(([noun, lines]) => [
    `${noun[0]?.toUpperCase()}${noun.slice(1)}`,
    ...lines,
    '',
    ...(GROUP_NOTES[noun] ?? []).map((note) => `  ${note}`),
    '',
  ]);
}

/** `events list` and `logs`: not admin commands (bin/admin/*-command-line.ts), in the help all the same. */
function localGroup(
  title: string,
  cli: { readonly synopsis: string; readonly help: readonly string[]; readonly notes: readonly string[] },
): string[] {
  const help = wrap(cli.help.join(' '), 105 - COMMAND_COLUMN);
  return [
    title,
    ...entry(cli.synopsis, help, COMMAND_COLUMN),
    '',
    ...cli.notes.map((note) => `  ${note}`),
    '',
  ];
}

function eventsGroup(): string[] {
  return [...localGroup('Events', EVENTS_LIST_CLI), ...localGroup('Request log', LOGS_CLI)];
}

/** Words in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return line === '' ? lines : [...lines, line];
}

function optionSections(): string[] {
  return (['Where', 'Output'] as const).flatMap((section) => [
    section,
    ...Object.values(GLOBAL_OPTIONS).flatMap((o) =>
      o.section === section && 'help' in o ? entry(o.synopsis, [o.help], OPTION_COLUMN) : [],
    ),
    '',
  ]);
}

/** The help text, `npx scim-admin --help`. */
export function usage(): string {
  return [
    'Usage: npx scim-admin <command> [arguments] [options]',
    '',
    ...commandGroups(),
    ...eventsGroup(),
    ...optionSections(),
  ].join('\n');
}
