import { parseArgs } from 'node:util';
import type { BenchSizes } from './bench-report';

export const SECTIONS = ['capacity', 'groups', 'handlers', 'coldstart', 'cost'] as const;
export type Section = (typeof SECTIONS)[number];

export const USAGE =
  'Usage: npm run bench [-- --quick] [-- --section capacity,groups,handlers,coldstart,cost] [-- --users N --members N --handler-users N --user-groups N --runs N] [-- --output DIR]';

export interface BenchOptions {
  readonly help: boolean;
  readonly sections: ReadonlySet<Section>;
  readonly sizes: BenchSizes;
  /** The folder the report is written to. */
  readonly output: string;
  /** The command line, as the report states it. */
  readonly command: string;
}

const isSection = (name: string): name is Section => (SECTIONS as readonly string[]).includes(name);

/** The options of `npm run bench`, from its arguments (`process.argv.slice(2)`). */
export function parseBenchOptions(args: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      section: { type: 'string' },
      quick: { type: 'boolean', default: false },
      users: { type: 'string' },
      members: { type: 'string' },
      'user-groups': { type: 'string' },
      'handler-users': { type: 'string' },
      runs: { type: 'string' },
      output: { type: 'string', default: '.' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const number = (value: string | undefined, full: number, small: number) =>
    value === undefined ? (values.quick ? small : full) : Number(value);
  const names = values.section === undefined ? [...SECTIONS] : values.section.split(',').map((s) => s.trim());
  const unknown = names.find((name) => !isSection(name));
  if (unknown !== undefined) throw new Error(`Unknown section ${unknown}`);
  return {
    help: values.help,
    sections: new Set(names.filter(isSection)),
    sizes: {
      smallTenant: 100,
      largeTenant: number(values.users, 50_000, 2_000),
      members: number(values.members, 100_000, 2_000),
      userGroups: number(values['user-groups'], 1_000, 50),
      handlerUsers: number(values['handler-users'], 10_000, 500),
      runs: number(values.runs, 15, 5),
    },
    output: values.output,
    command: `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
  };
}
