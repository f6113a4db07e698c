import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMPORT_RULES, type ImportRule, matchesGlob, violations } from './import-rules';
import { filesUnder, PROJECT_ROOT, readSource } from './source-imports';

/**
 * Imports the tree still has that the table forbids, while issue 10 moves them (delete each entry when its
 * import is gone, and its override in biome.json): any other offender fails at once.
 */
const PENDING: readonly { file: string; violation: string; why: string }[] = [];

function filesOf(rule: ImportRule): string[] {
  const root = rule.files.slice(0, rule.files.indexOf('*'));
  return filesUnder(root, '.ts').filter((file) => matchesGlob(file, rule.files));
}

function isPending(file: string, violation: string): boolean {
  return PENDING.some((p) => p.file === file && p.violation === violation);
}

describe('the import table of docs/architecture.md, on the tree', () => {
  it.each(IMPORT_RULES)('$files may import only $mayImport and $packages', (rule) => {
    const files = filesOf(rule);
    expect(files.length, `no file matches ${rule.files}`).toBeGreaterThan(0);
    const found = files.flatMap((file) =>
      violations(file, readSource(file), rule)
        .filter((violation) => !isPending(file, violation))
        .map((violation) => `${file} ${violation}`),
    );
    expect(found).toEqual([]);
  });

  it('covers every TypeScript file of functions/ and lib/ by exactly one rule', () => {
    const files = [...filesUnder('functions', '.ts'), ...filesUnder('lib', '.ts')];
    const uncovered = files.filter(
      (file) => IMPORT_RULES.filter((r) => matchesGlob(file, r.files)).length !== 1,
    );
    expect(uncovered).toEqual([]);
  });
});

/** Samples: what a change might add, and whether the rules catch it. */
const SAMPLES: readonly { file: string; text: string; violations: readonly string[] }[] = [
  {
    file: 'functions/endpoints/sample.ts',
    text: "import { ResourceStore } from '../storage/resource-store';",
    violations: ['imports functions/storage/resource-store.ts'],
  },
  {
    file: 'functions/endpoints/sample.ts',
    text: "import { dynamoStores } from '../storage/dynamo-stores';",
    violations: [],
  },
  {
    file: 'functions/scim/sample.ts',
    text: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    violations: ['imports @aws-sdk/client-dynamodb'],
  },
  { file: 'functions/scim/sample.ts', text: "import * as v from 'valibot';", violations: [] },
  {
    file: 'functions/scim/sample.ts',
    text: "import { hash } from 'node:crypto';",
    violations: ['imports node:crypto'],
  },
  {
    file: 'functions/scim/sample.ts',
    text: 'export const table = process.env.TABLE_NAME;',
    violations: ['reads process.env'],
  },
  {
    file: 'functions/scim/sample.ts',
    text: "export const table = process['env'].TABLE_NAME;",
    violations: ['reads process.env'],
  },
  {
    file: 'functions/scim/sample.ts',
    text: '/** Types only: no process.env. */\n// nor process.env here\nexport type Table = string;',
    violations: [],
  },
  {
    file: 'functions/http/sample.ts',
    text: "import { ENV } from '../config';",
    violations: [],
  },
  {
    file: 'functions/scim/sample.ts',
    text: "import { ENV } from '../config';",
    violations: ['imports functions/config.ts'],
  },
  { file: 'functions/http/sample.ts', text: "import { ENV } from '../environment-names';", violations: [] },
  {
    file: 'functions/scim/sample.ts',
    text: "import { ENV } from '../environment-names';",
    violations: ['imports functions/environment-names.ts'],
  },
  {
    file: 'lib/sample.ts',
    text: "import { ENV } from '../functions/environment-names';",
    violations: [],
  },
  {
    file: 'functions/scim/patch/sample.ts',
    text: "import {\n  ResourceStore,\n} from '../../storage/resource-store';",
    violations: ['imports functions/storage/resource-store.ts'],
  },
  {
    file: 'functions/scim/patch/sample.ts',
    text: "import { ScimError } from '../scim-error';",
    violations: [],
  },
  {
    file: 'functions/storage/sample.ts',
    text: "import type { Users } from '../endpoints/user-endpoints';",
    violations: ['imports functions/endpoints/user-endpoints.ts'],
  },
  {
    file: 'functions/storage/sample.ts',
    text: "import { QueryCommand } from '@aws-sdk/lib-dynamodb';",
    violations: [],
  },
  {
    file: 'functions/storage/sample.ts',
    text: "import { hashToken } from '../auth/bearer-token';",
    violations: ['imports functions/auth/bearer-token.ts'],
  },
  {
    file: 'functions/admin/sample.ts',
    text: "import { issueBearerToken } from '../auth/bearer-token';",
    violations: [],
  },
  {
    file: 'functions/admin/sample.ts',
    text: "import { authorize } from '../auth/authorize';",
    violations: ['imports functions/auth/authorize.ts'],
  },
  {
    file: 'functions/auth/sample.ts',
    text: "import { adminCommands } from '../admin/admin-commands';",
    violations: ['imports functions/admin/admin-commands.ts'],
  },
  {
    file: 'functions/endpoints/sample.ts',
    text: "import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';",
    violations: ['imports @aws-sdk/lib-dynamodb'],
  },
  {
    file: 'functions/admin/sample.ts',
    text: "import { tenantOf } from '../http/scim-request';",
    violations: ['imports functions/http/scim-request.ts'],
  },
  {
    file: 'functions/admin/sample.ts',
    text: "import { TENANT_ID_PATTERN } from '../scim/tenant-id';",
    violations: [],
  },
  {
    file: 'functions/admin/sample.ts',
    text: "const { LambdaClient } = await import('@aws-sdk/client-lambda');",
    violations: ['imports @aws-sdk/client-lambda'],
  },
  {
    file: 'functions/http/sample.ts',
    text: "export { decodeCursor } from '../storage/cursor';",
    violations: ['imports functions/storage/cursor.ts'],
  },
  {
    file: 'functions/users.ts',
    text: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    violations: ['imports @aws-sdk/client-dynamodb'],
  },
  {
    file: 'lib/sample.ts',
    text: "import { ResourceStore } from '../functions/storage/resource-store';",
    violations: ['imports functions/storage/resource-store.ts'],
  },
  { file: 'lib/sample.ts', text: "import { ROUTES } from '../functions/http/route-table';", violations: [] },
];

function ruleFor(file: string): ImportRule {
  const rule = IMPORT_RULES.find((r) => matchesGlob(file, r.files));
  if (rule === undefined) throw new Error(`no rule covers ${file}`);
  return rule;
}

describe('biome.json', () => {
  it('relaxes its folder rules for the pending files only (an override naming one file each)', () => {
    const config = JSON.parse(readFileSync(join(PROJECT_ROOT, 'biome.json'), 'utf8')) as {
      overrides: { includes: string[] }[];
    };
    const singleFiles = config.overrides.flatMap((o) => o.includes).filter((glob) => !glob.includes('*'));
    expect(singleFiles.sort()).toEqual(PENDING.map((p) => p.file).sort());
  });
});

describe('the import rules catch a forbidden import', () => {
  it.each(SAMPLES)('$file: $text', ({ file, text, violations: expected }) => {
    expect(violations(file, text, ruleFor(file))).toEqual(expected);
  });
});

/**
 * Biome's noRestrictedImports (biome.json `overrides`) reports the same in the editor and `npm run check`:
 * each sample is linted as a file at its path in a scratch copy of the project's layout and configuration.
 */
function biomeReports(file: string, text: string): boolean {
  const scratch = mkdtempSync(join(tmpdir(), 'import-rules-'));
  try {
    const config = JSON.parse(readFileSync(join(PROJECT_ROOT, 'biome.json'), 'utf8'));
    delete config.$schema;
    config.vcs = { enabled: false };
    writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    writeFileSync(join(scratch, file), text);
    const run = spawnSync(join(PROJECT_ROOT, 'node_modules/.bin/biome'), ['lint', file], { cwd: scratch });
    return `${run.stdout}${run.stderr}`.includes('lint/style/noRestrictedImports');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe("Biome's noRestrictedImports, per folder", () => {
  const imports = SAMPLES.filter((s) => !s.text.includes('await import') && !s.text.includes('process'));
  it.each(imports)('$file: $text', ({ file, text, violations: expected }) => {
    expect(biomeReports(file, `${text}\n`)).toBe(expected.length > 0);
  });
});
