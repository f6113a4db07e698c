/**
 * Lambda entry point of the admin function: tenants, tokens, clients and trusts. Invoked by the CLI with IAM credentials;
 * it has no HTTP route. A purge in the background continues by invoking this function again, asynchronously
 * (functions/storage/async-invoke.ts).
 */
import type { Context } from 'aws-lambda';
import { adminCommands } from './admin/admin-commands';
import { adminFunctionEnvironment, readEnvironment } from './config';
import { createApiKeyStore } from './storage/api-key-store';
import { createAsyncInvoke } from './storage/async-invoke';
import { ClientStore } from './storage/client-store';
import { createDocumentClient } from './storage/dynamo-client';
import { EmailReindex } from './storage/email-reindex';
import { RequestLogStore } from './storage/request-log-store';
import { TenantDataPurge } from './storage/tenant-data-purge';
import { TokenStore } from './storage/token-store';

const environment = readEnvironment(adminFunctionEnvironment);
const db = createDocumentClient({ region: environment.AWS_REGION, endpoint: environment.DYNAMODB_ENDPOINT });

const commands = adminCommands({
  tokens: new TokenStore(db, environment.TOKENS_TABLE_NAME),
  // Clients, their secrets and trusts live in the tokens table (issue 12).
  clients: new ClientStore(db, environment.TOKENS_TABLE_NAME),
  apiKeys: createApiKeyStore(environment.AWS_REGION, environment.API_KEY_NAME_PREFIX),
  usagePlans: environment.USAGE_PLANS,
  defaultTier: environment.DEFAULT_TIER,
  retiredTiers: environment.RETIRED_TIERS,
  dataTable: environment.DATA_TABLE_NAME,
  purge: new TenantDataPurge(db, environment.DATA_TABLE_NAME),
  reindex: new EmailReindex(db, environment.DATA_TABLE_NAME),
  requestLog: new RequestLogStore(db, environment.DATA_TABLE_NAME),
  // The next purge step, handed to this function itself (Lambda sets AWS_LAMBDA_FUNCTION_NAME).
  continueLater: createAsyncInvoke(environment.AWS_REGION, environment.AWS_LAMBDA_FUNCTION_NAME),
  purgeSettleMs: environment.PURGE_SETTLE_SECONDS * 1000,
});

export const handler = (event: unknown, context: Context) =>
  commands(event, () => context.getRemainingTimeInMillis());
