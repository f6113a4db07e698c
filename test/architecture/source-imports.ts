import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** The project's root folder: every path below is relative to it, with forward slashes. */
export const PROJECT_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

const STATIC_IMPORT = /\b(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/g;
const BARE_IMPORT = /^\s*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a TypeScript text imports or re-exports, type-only imports included. */
export function importSpecifiers(text: string): string[] {
  return [STATIC_IMPORT, BARE_IMPORT, DYNAMIC_IMPORT].flatMap((pattern) =>
    [...text.matchAll(pattern)].map((match) => match[1] as string),
  );
}

/** The project file a relative specifier names (`./x` is `./x.ts`), or undefined for a package. */
export function resolveImport(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = join(dirname(fromFile), specifier);
  const found = [base, `${base}.ts`, join(base, 'index.ts')].find(
    (candidate) =>
      existsSync(join(PROJECT_ROOT, candidate)) && statSync(join(PROJECT_ROOT, candidate)).isFile(),
  );
  return found?.split('\\').join('/');
}

export function readSource(file: string): string {
  return readFileSync(join(PROJECT_ROOT, file), 'utf8');
}

/** Every file under a folder whose name ends with `suffix`, relative to the project root. */
export function filesUnder(folder: string, suffix: string): string[] {
  const root = join(PROJECT_ROOT, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix) && !name.split(/[\\/]/).includes('node_modules'))
    .map((name) => relative(PROJECT_ROOT, join(root, name)).split('\\').join('/'))
    .sort();
}
