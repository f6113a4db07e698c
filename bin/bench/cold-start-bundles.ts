import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import type { Progress } from './progress';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

/** The synthesized bundles of the stack's functions, from `cdk synth` (the same esbuild settings as a deploy). */
export async function synthesizedBundles(progress: Progress): Promise<Record<string, string>> {
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

/** The floor function (floor-handler.ts), bundled as the stack bundles its functions. */
export async function floorBundle(): Promise<string> {
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
