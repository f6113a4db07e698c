import { inject } from 'vitest';
import { ENV } from '../../functions/config';
import { TEST_TABLES } from './test-tables';

// Runs in every test worker before the test file is imported: the handlers read these at import.
Object.assign(process.env, {
  [ENV.AWS_REGION]: 'local',
  [ENV.TABLE_NAME]: TEST_TABLES.data,
  [ENV.TOKENS_TABLE_NAME]: TEST_TABLES.tokens,
  [ENV.DATA_TABLE_NAME]: TEST_TABLES.data,
  // The SDK warns that releases from 2027 need Node 22; the README explains why tooling runs on Node 20.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // Request logs would drown test output; tests that check logs capture them themselves.
  [ENV.LOG_LEVEL]: process.env[ENV.LOG_LEVEL] ?? 'warn',
  // Nor EMF lines: a test that checks metrics turns them on before it imports the handlers
  // (test/functions/http/request-metrics.test.ts).
  [ENV.POWERTOOLS_METRICS_DISABLED]: process.env[ENV.POWERTOOLS_METRICS_DISABLED] ?? 'true',
});

// Only the integration project's global setup starts DynamoDB Local: unit tests run without an endpoint.
const endpoint: string | undefined = inject('dynamodbEndpoint');
if (endpoint !== undefined) process.env[ENV.DYNAMODB_ENDPOINT] = endpoint;
