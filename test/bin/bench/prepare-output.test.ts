import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareOutput } from '../../../bin/bench/prepare-output';

const root = mkdtempSync(join(tmpdir(), 'bench-output-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
writeFileSync(join(root, 'a-file'), 'not a folder');

describe('prepareOutput', () => {
  it.each([
    { folder: 'out', why: 'a new folder' },
    { folder: 'out/bench/deep', why: 'a folder whose parents do not exist yet' },
    { folder: '.', why: 'a folder that exists' },
  ])('creates $why', ({ folder }) => {
    const output = prepareOutput(join(root, folder));
    expect(output).toBe(join(root, folder));
    expect(existsSync(output) && statSync(output).isDirectory()).toBe(true);
  });

  it.each([
    { folder: 'a-file', why: 'a file of that name' },
    { folder: 'a-file/below', why: 'a file where a parent folder should be' },
  ])('fails at once, naming the folder, on $why', ({ folder }) => {
    expect(() => prepareOutput(join(root, folder))).toThrow(`--output ${join(root, folder)}`);
  });
});
