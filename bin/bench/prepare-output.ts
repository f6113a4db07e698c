import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Creates the report's folder (and its parents) and checks that it can be written to, before anything is
 * measured: a run that measures for minutes and then cannot write its report has wasted them.
 * Returns the folder's absolute path; throws, naming the folder, if it cannot be created or written.
 */
export function prepareOutput(folder: string): string {
  const output = resolve(folder);
  try {
    mkdirSync(output, { recursive: true });
    accessSync(output, constants.W_OK);
  } catch (error) {
    throw new Error(`--output ${folder}: cannot create or write to ${output} (${(error as Error).message})`);
  }
  return output;
}
