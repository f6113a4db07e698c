import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { CREDENTIAL_ALIAS } from '../../lib/scim-function';
import type { Progress } from './progress';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

/** A function's bundle as the synth built it, and the Node options the stack starts it with. */
export interface SynthesizedBundle {
  readonly path: string;
  /** The function's NODE_OPTIONS in the template (lib/scim-function.ts sets --enable-source-maps). */
  readonly nodeOptions: string;
}

type Template = {
  Resources: Record<
    string,
    {
      Type: string;
      Metadata?: Record<string, string>;
      Properties?: { Environment?: { Variables?: Record<string, unknown> } };
    }
  >;
};

/** The bundles of a synthesized template's functions, by name (`ScimUsersFunction…` → users), under `cdkOut`. */
export function bundlesOf(template: Template, cdkOut: string): Record<string, SynthesizedBundle> {
  const bundles: Record<string, SynthesizedBundle> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = /^Scim(\w+?)Function/.exec(id)?.[1]?.toLowerCase();
    const asset = resource.Metadata?.['aws:asset:path'];
    const nodeOptions = resource.Properties?.Environment?.Variables?.NODE_OPTIONS;
    if (name !== undefined && asset !== undefined) {
      bundles[name] = {
        path: join(cdkOut, asset, 'index.js'),
        nodeOptions: typeof nodeOptions === 'string' ? nodeOptions : '',
      };
    }
  }
  return bundles;
}

/** The synthesized bundles of the stack's functions, from `cdk synth` (the same esbuild settings as a deploy). */
export async function synthesizedBundles(progress: Progress): Promise<Record<string, SynthesizedBundle>> {
  progress.step('cdk synth (bundling every function with the local esbuild)');
  await run(
    process.execPath,
    [join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk'), 'synth', '--no-notices', '--quiet'],
    {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const cdkOut = join(ROOT, 'cdk.out');
  const template = JSON.parse(readFileSync(join(cdkOut, 'ScimEndpoint.template.json'), 'utf8')) as Template;
  const bundles = bundlesOf(template, cdkOut);
  // The bundles are CommonJS, as Lambda runs them; the project's own package.json says "module".
  writeFileSync(join(cdkOut, 'package.json'), '{"type": "commonjs"}\n');
  progress.done(Object.keys(bundles).join(', '));
  return bundles;
}

/**
 * A bench function (floor-handler.ts, operation-floor-handler.ts), bundled as lib/scim-function.ts bundles
 * the stack's: minified, source maps, the AWS SDK bundled (BUNDLED_EXTERNAL_MODULES is empty) from its ES
 * module builds, with only the environment's credentials (CREDENTIAL_ALIAS). A floor that loaded the SDK unbundled from node_modules would start slower than a bundle
 * and flatter every ratio to it.
 */
export async function benchBundle(entry: string, folder: string): Promise<string> {
  const directory = join(ROOT, 'cdk.out', folder);
  mkdirSync(directory, { recursive: true });
  const outfile = join(directory, 'index.js');
  await build({
    entryPoints: [join(import.meta.dirname, entry)],
    bundle: true,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    mainFields: ['module', 'main'],
    // The environment's credentials only, as the stack's bundles (lib/scim-function.ts).
    alias: { ...CREDENTIAL_ALIAS },
    absWorkingDir: ROOT,
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** The cold-start floor (floor-handler.ts), bundled as the stack bundles its functions. */
export const floorBundle = (): Promise<string> => benchBundle('floor-handler.ts', 'bench-floor');
