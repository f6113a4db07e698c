import { configDefaults, defineConfig } from 'vitest/config';
// .js: Vite's config loader finds the .ts file, and warns about imports without an extension.
import { integrationTestFiles } from './test/architecture/dynamodb-local-tests.js';

const TESTS = ['test/**/*.test.ts'];
/** Test files that need DynamoDB Local (and Java); the rest are unit tests: `npm run test:unit`. */
const integration = integrationTestFiles();

export default defineConfig({
  test: {
    setupFiles: ['test/support/environment.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: '.vitest-reports/results.json' }]],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: TESTS, exclude: [...configDefaults.exclude, ...integration] },
      },
      {
        extends: true,
        // DynamoDB Local is shared by every file; tests isolate themselves by tenant.
        test: { name: 'integration', include: integration, globalSetup: ['test/support/global-setup.ts'] },
      },
    ],
    // `npm test` runs with --coverage: a drop below these figures (measured on the whole suite) fails it.
    coverage: {
      provider: 'v8',
      include: ['functions/**', 'lib/**'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      // The figures also when a test fails, so that a failing run still shows what it covered.
      reportOnFailure: true,
      // Measured on the whole suite on 2026-12-02: lines 95.72, statements 94.00, functions 94.14,
      // branches 89.78 (%). Raise them when coverage rises; never lower them to let a change through.
      thresholds: { lines: 95, statements: 93.5, functions: 93.5, branches: 89 },
    },
  },
});
