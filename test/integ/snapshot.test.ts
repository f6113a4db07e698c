import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const PROJECT_ROOT = new URL('../..', import.meta.url).pathname;
const SNAPSHOT = `${PROJECT_ROOT}test/integ/integ.scim-endpoint.ts.snapshot`;

/**
 * integ-runner's own snapshot check, offline: it synthesizes test/integ/integ.scim-endpoint.ts and compares
 * each template of the stack under test with the committed snapshot. It ignores asset hashes (IntegTest's
 * `diffAssets: false`, integ-runner's default), so editing a function's code does not fail it, while any
 * change to the infrastructure does: a resource, a property, a removal policy, an IAM statement. Bundling
 * is skipped (SCIM_INTEG_SKIP_BUNDLING) since its output is not compared; no AWS account is reached.
 * After an intended change: `npm run integ:update` (offline), or `npm run integ` against a sandbox.
 */
describe('the integration test (npm run integ)', () => {
  it('has a committed snapshot of the stack it deploys', () => {
    expect(existsSync(`${SNAPSHOT}/ScimEndpointInteg.template.json`)).toBe(true);
    expect(existsSync(`${SNAPSHOT}/integ.json`)).toBe(true);
  });

  it('synthesizes the stack that its snapshot records (integ-runner, offline)', {
    timeout: 300_000,
  }, async () => {
    const run = await promisify(execFile)(
      'npx',
      [
        'integ-runner',
        ...['--directory', 'test/integ', '--language', 'typescript'],
        ...['--app', 'node --import tsx {filePath}'],
      ],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          SCIM_INTEG_SKIP_BUNDLING: '1',
          // No credentials and no Region of the developer's: the check must not need an account.
          AWS_PROFILE: '',
          AWS_ACCESS_KEY_ID: '',
          AWS_SECRET_ACCESS_KEY: '',
          AWS_REGION: 'us-east-1',
        },
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((failure: { stdout?: string; stderr?: string }) => {
      // integ-runner prints the template diff: show it, so that the failure says what changed.
      throw new Error(`integ-runner's snapshot check failed:\n${failure.stdout}\n${failure.stderr}`);
    });
    expect(`${run.stdout}${run.stderr}`).toMatch(/UNCHANGED\s+integ\.scim-endpoint/);
  });
});
