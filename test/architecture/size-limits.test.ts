import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { filesUnder, readSource } from './source-imports';

/**
 * Small files and small functions in what is deployed (functions/) and what deploys it (lib/), issue 10:
 * a file stays within FILE_LINES lines and a function within FUNCTION_LINES. An exception is a decision
 * written down here with its reason, not an accident.
 */
const FILE_LINES = 300;
const FUNCTION_LINES = 60;

const LONG_FILES: Readonly<Record<string, string>> = {
  'functions/storage/table-design.ts':
    'every key format and access pattern of both tables in one file, as plain request data (docs/architecture.md, The store port)',
};
const LONG_FUNCTIONS: Readonly<Record<string, string>> = {};

/** Every function with a body, named by its file and its name (or where it starts, if it has none). */
function functionsOf(file: string, text: string): { readonly name: string; readonly lines: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const line = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const found: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const start = line(node.getStart());
      found.push({
        name: `${file} ${nameOf(node) ?? `line ${start}`}`,
        lines: line(node.getEnd()) - start + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function nameOf(node: ts.Node): string | undefined {
  const named = 'name' in node && node.name !== undefined ? (node.name as ts.Node) : undefined;
  if (named !== undefined) return named.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText();
  return undefined;
}

/** Lines as `wc -l` counts them: a final newline ends the last line, it does not start another. */
const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

const FILES = ['functions', 'lib'].flatMap((folder) => filesUnder(folder, '.ts')).sort();

describe('files of functions/ and lib/', () => {
  it.each(FILES.filter((file) => !(file in LONG_FILES)))(`%s has at most ${FILE_LINES} lines`, (file) => {
    expect(lineCount(readSource(file))).toBeLessThanOrEqual(FILE_LINES);
  });

  it.each(Object.keys(LONG_FILES))('%s, a named exception, still exists and is still long', (file) => {
    expect(FILES).toContain(file);
    expect(lineCount(readSource(file))).toBeGreaterThan(FILE_LINES);
  });
});

describe('functions of functions/ and lib/', () => {
  const all = FILES.flatMap((file) => functionsOf(file, readSource(file)));

  it(`are at most ${FUNCTION_LINES} lines long, but for the named exceptions`, () => {
    const long = all.filter((f) => f.lines > FUNCTION_LINES && !(f.name in LONG_FUNCTIONS));
    expect(long.map((f) => `${f.name}: ${f.lines} lines`)).toEqual([]);
  });

  it.each([
    { text: 'function long() {\nBODY\n}', expected: [{ name: 'sample.ts long', lines: 63 }] },
    { text: 'export const run = async () => {\nBODY\n};', expected: [{ name: 'sample.ts run', lines: 63 }] },
    { text: 'class A {\n  m() {\nBODY\n  }\n}', expected: [{ name: 'sample.ts m', lines: 63 }] },
    { text: '[1].map((x) => {\nBODY\n});', expected: [{ name: 'sample.ts line 1', lines: 63 }] },
  ])('are measured from their first line to their last: $text', ({ text, expected }) => {
    const body = Array.from({ length: 61 }, (_, i) => `  const a${i} = ${i};`).join('\n');
    expect(functionsOf('sample.ts', text.replace('BODY', body))).toEqual(expected);
  });
});
