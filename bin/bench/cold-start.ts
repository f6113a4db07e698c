import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { BenchEnvironment } from './bench-environment';
import { BENCH_TABLES } from './bench-environment';
import type { ColdStartResult } from './bench-report';
import type { Progress } from './progress';
import { median, round } from './stats';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

const PROBE = `
const started = performance.now();
const { handler } = require(process.env.BUNDLE);
const context = { getRemainingTimeInMillis: () => 28000, functionName: 'bench', awsRequestId: 'bench', callbackWaitsForEmptyEventLoop: false };
Promise.resolve(handler(JSON.parse(process.env.EVENT), context)).then((result) => {
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, answer: result && (result.statusCode ?? (result.principalId ? 'allow' : result.ok)) }));
});
`;

/** The synthesized bundles of the stack's functions, from `cdk synth` (the same esbuild settings as a deploy). */
async function synthesizedBundles(progress: Progress): Promise<Record<string, string>> {
  progress.step('cdk synth (bundling every function with the local esbuild)');
  await run(
    process.execPath,
    [join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk'), 'synth', '--no-notices', '--quiet'],
    {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const template = JSON.parse(readFileSync(join(ROOT, 'cdk.out', 'ScimEndpoint.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
  };
  const bundles: Record<string, string> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = /^Scim(\w+?)Function/.exec(id)?.[1]?.toLowerCase();
    const asset = resource.Metadata?.['aws:asset:path'];
    if (name !== undefined && asset !== undefined) bundles[name] = join(ROOT, 'cdk.out', asset, 'index.js');
  }
  // The bundles are CommonJS, as Lambda runs them; the project's own package.json says "module".
  writeFileSync(join(ROOT, 'cdk.out', 'package.json'), '{"type": "commonjs"}\n');
  progress.done(Object.keys(bundles).join(', '));
  return bundles;
}

async function floorBundle(): Promise<string> {
  const directory = join(ROOT, 'cdk.out', 'bench-floor');
  mkdirSync(directory, { recursive: true });
  const outfile = join(directory, 'index.js');
  // The settings of lib/scim-function.ts.
  await build({
    entryPoints: [join(import.meta.dirname, 'floor-handler.ts')],
    bundle: true,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    external: ['@aws-sdk/*', '@smithy/*'],
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

function proxyEvent(
  method: string,
  resource: string,
  path: string,
  query: Record<string, string>,
  tenantId: string,
) {
  return {
    resource: `/scim/v2${resource}`,
    path: `/scim/v2${path}`,
    httpMethod: method,
    headers: { Host: 'bench.example', 'X-Forwarded-Proto': 'https' },
    queryStringParameters: query,
    pathParameters: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { path: `/prod/scim/v2${path}`, domainName: 'bench.example', authorizer: { tenantId } },
  };
}

/** Cold starts of every function against the floor, measured in fresh Node processes. */
export async function measureColdStarts(
  environment: BenchEnvironment,
  runs: number,
  progress: Progress,
): Promise<ColdStartResult> {
  const bundles = await synthesizedBundles(progress);
  const floor = await floorBundle();
  const tenant = await environment.newTenant();
  const common = {
    ...process.env,
    AWS_REGION: 'local',
    DYNAMODB_ENDPOINT: environment.dynamo.endpoint,
    TABLE_NAME: BENCH_TABLES.data,
    TOKENS_TABLE_NAME: BENCH_TABLES.tokens,
    USAGE_PLANS: '{"standard":"plan"}',
    DEFAULT_TIER: 'standard',
    LOG_LEVEL: 'warn',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const events: Record<string, unknown> = {
    users: proxyEvent(
      'GET',
      '/Users',
      '/Users',
      { filter: 'userName eq "probe@contoso.example"' },
      tenant.tenantId,
    ),
    groups: proxyEvent(
      'GET',
      '/Groups',
      '/Groups',
      { excludedAttributes: 'members', filter: 'displayName eq "x"' },
      tenant.tenantId,
    ),
    discovery: proxyEvent('GET', '/ServiceProviderConfig', '/ServiceProviderConfig', {}, tenant.tenantId),
    authorizer: {
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:eu-west-1:111111111111:api/prod/GET/scim/v2/Users',
      headers: { Authorization: `Bearer ${tenant.token}` },
    },
    admin: { action: 'listTokens', tenantId: tenant.tenantId },
    floor: {},
  };
  const targets = { ...bundles, floor };
  const times: Record<string, { script: number[]; process: number[] }> = {};
  progress.step(`cold starts (${runs} fresh processes per function)`, runs * Object.keys(targets).length);
  let done = 0;
  for (let i = 0; i < runs; i++) {
    // Interleaved, so that a slow moment of the machine hits every function alike.
    for (const [name, bundle] of Object.entries(targets)) {
      const started = performance.now();
      const { stdout } = await run(process.execPath, ['-e', PROBE], {
        env: { ...common, BUNDLE: bundle, EVENT: JSON.stringify(events[name]) },
      });
      const processMs = performance.now() - started;
      const { ms, answer } = JSON.parse(stdout) as { ms: number; answer: unknown };
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
  const summary = (name: string, label: string, bundle: string) => ({
    function: label,
    bundleBytes: statSync(bundle).size,
    importAndFirstRequestMs: round(median(times[name]?.script ?? [])),
    processMs: round(median(times[name]?.process ?? [])),
  });
  const floorSummary = summary('floor', 'floor (DynamoDB client + one GetItem)', floor);
  const functions = Object.entries(bundles).map(([name, bundle]) => {
    const row = summary(name, name, bundle);
    return {
      ...row,
      ratioToFloor: round(row.importAndFirstRequestMs / floorSummary.importAndFirstRequestMs),
    };
  });
  progress.done(functions.map((f) => `${f.function} ×${f.ratioToFloor}`).join(', '));
  return { runs, floor: floorSummary, functions };
}
