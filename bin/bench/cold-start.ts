import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { promisify } from 'node:util';
import { ENV, type EnvironmentName } from '../../functions/config';
import { BENCH_TABLES, type BenchEnvironment } from './bench-environment';
import type { ColdStartResult } from './bench-report';
import { floorBundle, type SynthesizedBundle, synthesizedBundles } from './cold-start-bundles';
import { probeEvents } from './probe-events';
import type { Progress } from './progress';
import { median, round } from './stats';

const run = promisify(execFile);

/** What starts the probe's answer on stdout, where the functions' metrics (EMF lines) are written too. */
const ANSWER = 'bench-probe-answer ';

const PROBE = `
const ANSWER = ${JSON.stringify(ANSWER)};
const started = performance.now();
const { handler } = require(process.env.BUNDLE);
const context = { getRemainingTimeInMillis: () => 28000, functionName: 'bench', awsRequestId: 'bench', callbackWaitsForEmptyEventLoop: false };
const answerOf = (r) => r && (r.statusCode ?? (r.principalId ? 'allow' : r.batchItemFailures ? (r.batchItemFailures.length === 0 ? 'done' : 500) : typeof r.tenants === 'number' ? 'swept' : r.ok));
Promise.resolve(handler(JSON.parse(process.env.EVENT), context)).then((result) => {
  process.stdout.write('\\n' + ANSWER + JSON.stringify({ ms: performance.now() - started, answer: answerOf(result) }));
});
`;

/** Every function's environment, as the stack sets it (lib/), on the bench's DynamoDB Local. */
function functionEnvironment(dynamodbEndpoint: string): Partial<Record<EnvironmentName, string>> {
  return {
    [ENV.AWS_REGION]: 'local',
    [ENV.AWS_LAMBDA_FUNCTION_NAME]: 'bench',
    [ENV.DYNAMODB_ENDPOINT]: dynamodbEndpoint,
    [ENV.TABLE_NAME]: BENCH_TABLES.data,
    [ENV.DATA_TABLE_NAME]: BENCH_TABLES.data,
    [ENV.TOKENS_TABLE_NAME]: BENCH_TABLES.tokens,
    [ENV.USAGE_PLANS]: '{"standard":"plan"}',
    [ENV.DEFAULT_TIER]: 'standard',
    [ENV.API_KEY_NAME_PREFIX]: 'bench-tenant-',
    [ENV.PURGE_SETTLE_SECONDS]: '330',
    [ENV.EVENT_BUS_NAME]: 'bench-bus',
    // Not the stack's info: the probe's answer is read from stdout, which log lines would mix into.
    [ENV.LOG_LEVEL]: 'warn',
  };
}

type Times = Record<string, { script: number[]; process: number[] }>;

/**
 * `runs` fresh processes per target, interleaved so that a slow moment of the machine hits every one alike;
 * each started with its function's NODE_OPTIONS, as Lambda starts it.
 */
async function timeStarts(
  targets: Readonly<Record<string, SynthesizedBundle>>,
  events: Readonly<Record<string, unknown>>,
  environment: Record<string, string | undefined>,
  runs: number,
  progress: Progress,
): Promise<Times> {
  const times: Times = {};
  let done = 0;
  for (let i = 0; i < runs; i++) {
    for (const [name, { path: bundle, nodeOptions }] of Object.entries(targets)) {
      const started = performance.now();
      const { stdout } = await run(process.execPath, ['-e', PROBE], {
        env: {
          ...environment,
          NODE_OPTIONS: nodeOptions,
          BUNDLE: bundle,
          EVENT: JSON.stringify(events[name]),
        },
      });
      const processMs = performance.now() - started;
      const line = stdout.split('\n').find((l) => l.startsWith(ANSWER));
      if (line === undefined) throw new Error(`${name} (${bundle}) gave no answer:\n${stdout}`);
      const { ms, answer } = JSON.parse(line.slice(ANSWER.length)) as { ms: number; answer: unknown };
      if (answer === undefined || answer === 500 || answer === 503) {
        throw new Error(`${name} (${bundle}) answered ${String(answer)}`);
      }
      const entry = times[name] ?? { script: [], process: [] };
      entry.script.push(ms);
      entry.process.push(processMs);
      times[name] = entry;
      progress.tick(++done);
    }
  }
  return times;
}

/** The one NODE_OPTIONS every synthesized function has (the stack gives them all the same). */
function deployedNodeOptions(bundles: Readonly<Record<string, SynthesizedBundle>>): string {
  const options = new Set(Object.values(bundles).map((b) => b.nodeOptions));
  if (options.size !== 1) throw new Error(`The functions' NODE_OPTIONS differ: ${[...options].join(' | ')}`);
  return [...options][0] ?? '';
}

/** Cold starts of every function against the floor, measured in fresh Node processes. */
export async function measureColdStarts(
  environment: BenchEnvironment,
  runs: number,
  progress: Progress,
): Promise<ColdStartResult> {
  const bundles = await synthesizedBundles(progress);
  // The floor starts with the Node options of the functions it is compared with, so the ratio is fair.
  const nodeOptions = deployedNodeOptions(bundles);
  const floor = { path: await floorBundle(), nodeOptions };
  const tenant = await environment.newTenant();
  const events = probeEvents(tenant);
  // Only the functions probe-events.ts has a request for: a function without one cannot be started here.
  const probed = Object.fromEntries(Object.entries(bundles).filter(([name]) => Object.hasOwn(events, name)));
  const unprobed = Object.keys(bundles).filter((name) => !Object.hasOwn(events, name));
  if (unprobed.length > 0)
    console.error(`  cold starts: no probe request for ${unprobed.join(', ')}; not measured`);
  const targets = { ...probed, floor };
  progress.step(`cold starts (${runs} fresh processes per function)`, runs * Object.keys(targets).length);
  const times = await timeStarts(
    targets,
    events,
    {
      ...process.env,
      ...functionEnvironment(environment.dynamo.endpoint),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    runs,
    progress,
  );
  const summary = (name: string, label: string, { path: bundle }: SynthesizedBundle) => ({
    function: label,
    bundleBytes: statSync(bundle).size,
    importAndFirstRequestMs: round(median(times[name]?.script ?? [])),
    processMs: round(median(times[name]?.process ?? [])),
  });
  const floorSummary = summary('floor', 'floor (DynamoDB client + one GetItem)', floor);
  const functions = Object.entries(probed).map(([name, bundle]) => {
    const row = summary(name, name, bundle);
    return {
      ...row,
      ratioToFloor: round(row.importAndFirstRequestMs / floorSummary.importAndFirstRequestMs),
    };
  });
  progress.done(functions.map((f) => `${f.function} ×${f.ratioToFloor}`).join(', '));
  return { runs, nodeOptions, floor: floorSummary, functions };
}
