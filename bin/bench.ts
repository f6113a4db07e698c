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
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBenchOptions, USAGE } from './bench/bench-options';
import { prepareOutput } from './bench/prepare-output';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'warn';
// The in-process sections' handlers print no EMF lines over the progress; the measured servers do emit
// them, as deployed (bench/server-process.ts).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const options = parseBenchOptions(process.argv.slice(2));
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
// Before anything is measured: a folder that cannot be written fails the run now, not minutes later.
const output = prepareOutput(options.output);

// Imported once the environment is set: the handlers read it when imported.
const { startBenchEnvironment } = await import('./bench/bench-environment');
const { measureSections } = await import('./bench/measure-sections');
const { machineDescription } = await import('./bench/machine-description');
const { writeReport } = await import('./bench/write-report');
const { createProgress } = await import('./bench/progress');
const { operationClassChart } = await import('./bench/operation-class-chart');
const { OPERATION_CLASS_CHART } = await import('./bench/render-operation-classes');

const machine = machineDescription();
console.error(`${options.command}: sections ${[...options.sections].join(', ')}`);
const started = performance.now();
const environment = await startBenchEnvironment();
try {
  const results = await measureSections(environment, options.sections, options.sizes, createProgress());
  const report = {
    date: new Date().toISOString().slice(0, 10),
    command: options.command,
    machine,
    sizes: options.sizes,
    ...results,
  };
  writeReport(report, output, started);
  if (report.operationClasses !== undefined) {
    writeFileSync(join(output, OPERATION_CLASS_CHART), operationClassChart(report.operationClasses));
    console.error(`  and ${OPERATION_CLASS_CHART}`);
  }
} finally {
  await environment.close();
}
