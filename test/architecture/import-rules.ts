import { existsSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { importSpecifiers, PROJECT_ROOT } from './source-imports';

/**
 * One row of docs/architecture.md's "Folders" table: the files it covers (a glob: `*` within a folder,
 * `**` across folders), the project files they may import (a folder ending in `/`, or one file), and the
 * packages they may import (`only` an allow-list, or `not` these prefixes).
 */
export interface ImportRule {
  readonly files: string;
  readonly mayImport: readonly string[];
  readonly packages: { readonly only: readonly string[] } | { readonly not: readonly string[] };
  /** The core reads no configuration: what it needs is passed in. */
  readonly readsNoEnvironment?: true;
}

const SDK = { not: ['@aws-sdk/'] } as const;
/** The environment's names and schemas, declared once: a leaf every layer but the core may read. */
const CONFIG = 'functions/config.ts';
/** The environment's names alone, without config.ts's valibot: for what only needs a name (the logger). */
const ENVIRONMENT_NAMES = 'functions/environment-names.ts';
/**
 * The bearer token's format and hashing: auth logic, but a leaf (node:crypto and the token store's types
 * only), which the admin commands use to make the tokens they issue. The store is given hashes, never tokens.
 */
const BEARER_TOKEN = 'functions/auth/bearer-token.ts';
/** The client secret's format and hashing (issue 12): a leaf like the bearer token's, for the admin commands. */
const CLIENT_SECRET = 'functions/auth/client-secret.ts';

export const IMPORT_RULES: readonly ImportRule[] = [
  {
    files: 'functions/scim/**',
    mayImport: ['functions/scim/'],
    packages: { only: ['valibot'] },
    readsNoEnvironment: true,
  },
  {
    files: 'functions/storage/**',
    mayImport: ['functions/storage/', 'functions/scim/', 'functions/events/', CONFIG, ENVIRONMENT_NAMES],
    packages: { not: [] },
  },
  {
    files: 'functions/http/**',
    mayImport: ['functions/http/', 'functions/scim/', CONFIG, ENVIRONMENT_NAMES],
    packages: SDK,
  },
  {
    files: 'functions/endpoints/**',
    mayImport: [
      'functions/endpoints/',
      'functions/scim/',
      // Of storage only the wiring of the port's adapters, for the handler factories: the endpoints speak
      // the store port (functions/scim/resource-store-port.ts), never a store or the table design.
      'functions/storage/dynamo-stores.ts',
      'functions/http/',
      CONFIG,
      ENVIRONMENT_NAMES,
    ],
    packages: SDK,
  },
  {
    files: 'functions/auth/**',
    mayImport: ['functions/auth/', 'functions/scim/', 'functions/storage/', CONFIG, ENVIRONMENT_NAMES],
    packages: SDK,
  },
  {
    files: 'functions/admin/**',
    mayImport: [
      'functions/admin/',
      'functions/scim/',
      'functions/storage/',
      BEARER_TOKEN,
      CLIENT_SECRET,
      CONFIG,
      ENVIRONMENT_NAMES,
    ],
    packages: SDK,
  },
  {
    // The OAuth 2.0 token endpoint (issue 12): client authentication and access tokens, on auth and storage.
    files: 'functions/oauth/**',
    mayImport: [
      'functions/oauth/',
      'functions/auth/',
      'functions/storage/',
      'functions/scim/',
      'functions/http/',
      CONFIG,
      ENVIRONMENT_NAMES,
    ],
    packages: SDK,
  },
  // The entry points build their clients through functions/storage/dynamo-client.ts, not the SDK itself.
  {
    // Provisioning events (issue 11): built from committed changes in SCIM's terms, pure.
    files: 'functions/events/**',
    mayImport: ['functions/events/', 'functions/scim/'],
    packages: SDK,
  },
  {
    // The reader the vendor's application imports: SCIM resources over the store's adapters.
    files: 'functions/reader/**',
    mayImport: [
      'functions/reader/',
      'functions/scim/',
      'functions/storage/',
      'functions/events/',
      ENVIRONMENT_NAMES,
    ],
    packages: SDK,
  },
  { files: 'functions/*.ts', mayImport: ['functions/'], packages: SDK },
  {
    files: 'lib/**',
    mayImport: [
      'lib/',
      'functions/http/route-table.ts',
      'functions/oauth/token-path.ts',
      'functions/storage/table-design.ts',
      CONFIG,
      ENVIRONMENT_NAMES,
      'functions/scim/error-catalogue.ts',
      // To check a construct's `schemaExtensions` at synth as the functions will at cold start.
      'functions/scim/schema/extension-declaration.ts',
    ],
    packages: { not: [] },
  },
];

export function matchesGlob(file: string, glob: string): boolean {
  const pattern = glob
    .split('**')
    .map((part) => part.split('*').map(escapeRegExp).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(file);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** The project file a relative import names, `.ts` added when the specifier has no extension. */
function importedFile(fromFile: string, specifier: string): string {
  const path = normalize(join(dirname(fromFile), specifier))
    .split('\\')
    .join('/');
  if (/\.[a-z]+$/.test(path)) return path;
  return existsSync(join(PROJECT_ROOT, path, 'index.ts')) ? `${path}/index.ts` : `${path}.ts`;
}

function mayImportFile(rule: ImportRule, file: string): boolean {
  return rule.mayImport.some((allowed) =>
    allowed.endsWith('/') ? file.startsWith(allowed) : file === allowed,
  );
}

function mayImportPackage(rule: ImportRule, name: string): boolean {
  const { packages } = rule;
  if ('only' in packages)
    return packages.only.some((allowed) => name === allowed || name.startsWith(`${allowed}/`));
  return !packages.not.some((denied) => name.startsWith(denied));
}

const READS_ENVIRONMENT = /\bprocess\s*(?:\.\s*env\b|\[\s*['"]env['"]\s*\])/;

/** What `text`, as the content of `file`, does against `rule`: one line per forbidden import or read. */
export function violations(file: string, text: string, rule: ImportRule): string[] {
  const found = importSpecifiers(text).flatMap((specifier) => {
    if (specifier.startsWith('.')) {
      const target = importedFile(file, specifier);
      return mayImportFile(rule, target) ? [] : [`imports ${target}`];
    }
    return mayImportPackage(rule, specifier) ? [] : [`imports ${specifier}`];
  });
  if (rule.readsNoEnvironment === true && READS_ENVIRONMENT.test(withoutComments(text))) {
    found.push('reads process.env');
  }
  return found;
}

/** The text without its comments (roughly: a `//` after a colon or a quote is kept, as in a URL). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
}
