import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRICES } from '../../../bin/bench/cost';
import { dynamoDbLocalVersion } from '../../../bin/bench/dynamo-db-local-version';
import { javaVersion } from '../../../bin/bench/java-version';
import { machineDescription } from '../../../bin/bench/machine-description';
import { packageVersion } from '../../../bin/bench/package-version';

const root = mkdtempSync(join(tmpdir(), 'bench-versions-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A dynamo-db-local package of `version` shipping the release folder `folder`, with `readme` (if any). */
function fakePackage(name: string, version: string, folder: string, readme?: string): string {
  const packageRoot = join(root, name);
  mkdirSync(join(packageRoot, 'lib', folder), { recursive: true });
  writeFileSync(join(packageRoot, 'package.json'), JSON.stringify({ name: 'dynamo-db-local', version }));
  if (readme !== undefined) writeFileSync(join(packageRoot, 'lib', folder, 'README.txt'), readme);
  return packageRoot;
}

const NOTES =
  'Release Notes\n-----\n2026-01-16 (3.3.0)\n\t * multi-key GSIs\n\n2026-01-07 (3.2.0)\n\t * SDK\n';

describe('dynamoDbLocalVersion', () => {
  it.each([
    {
      why: 'the release notes name the folder date',
      pkg: fakePackage('a', '10.3.0', 'dynamodb_local_2026-01-16', NOTES),
      expected: '3.3.0 of 2026-01-16 (dynamo-db-local 10.3.0)',
    },
    {
      why: 'an older release folder picks its own line of the notes',
      pkg: fakePackage('b', '10.2.0', 'dynamodb_local_2026-01-07', NOTES),
      expected: '3.2.0 of 2026-01-07 (dynamo-db-local 10.2.0)',
    },
    {
      why: 'no README: the date alone',
      pkg: fakePackage('c', '9.0.0', 'dynamodb_local_2025-09-09'),
      expected: 'of 2025-09-09 (dynamo-db-local 9.0.0)',
    },
  ])('$why', ({ pkg, expected }) => {
    expect(dynamoDbLocalVersion(pkg)).toBe(expected);
  });

  it('fails without a release folder', () => {
    const packageRoot = join(root, 'empty');
    mkdirSync(join(packageRoot, 'lib'), { recursive: true });
    writeFileSync(join(packageRoot, 'package.json'), '{"version": "1.0.0"}');
    expect(() => dynamoDbLocalVersion(packageRoot)).toThrow('No DynamoDB Local release');
  });
});

describe('javaVersion', () => {
  it.each([
    {
      stderr:
        'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)\n',
      expected: 'OpenJDK 17.0.15 2025-04-15',
    },
    { stderr: 'java version "21.0.2" 2024-01-16 LTS\n', expected: 'Java 21.0.2 2024-01-16 LTS' },
    { stderr: '', expected: 'unknown' },
    { stderr: undefined, expected: 'unknown' },
  ])('$stderr → $expected', ({ stderr, expected }) => {
    expect(javaVersion(stderr)).toBe(expected);
  });
});

describe('machineDescription', () => {
  const machine = machineDescription();

  it('reads the machine and the installed packages', () => {
    expect(machine).toMatchObject({
      CPU: `${cpus().length} × ${cpus()[0]?.model}`,
      Node: process.version,
      'SCIMMY peer': expect.stringContaining(`${packageVersion('scimmy')} (scimmy-routers `),
      'DynamoDB Local': expect.stringContaining(`(dynamo-db-local ${packageVersion('dynamo-db-local')})`),
      'AWS prices': expect.stringContaining(PRICES.date),
    });
    expect(machine.memory).toMatch(/^\d+ GiB$/);
  });
});
