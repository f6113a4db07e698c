/**
 * Lambda entry point of the admin function: tenants and tokens. Invoked by the CLI with IAM credentials;
 * it has no HTTP route.
 */
import * as v from 'valibot';
import { adminCommands } from './admin/admin-commands';
import { readEnvironment, tokensFunctionEnvironment } from './config';
import { createApiKeyStore } from './storage/api-key-store';
import { createDocumentClient } from './storage/dynamo-client';
import { TokenStore } from './storage/token-store';

const environment = readEnvironment(
  v.object({
    ...tokensFunctionEnvironment.entries,
    /** `{"standard": "<usage plan id>", …}`: one usage plan per tier, created by the stack. */
    USAGE_PLANS: v.pipe(v.string(), v.parseJson(), v.record(v.string(), v.string())),
    DEFAULT_TIER: v.pipe(v.string(), v.minLength(1)),
  }),
);

const db = createDocumentClient({ region: environment.AWS_REGION, endpoint: environment.DYNAMODB_ENDPOINT });

export const handler = adminCommands({
  tokens: new TokenStore(db, environment.TOKENS_TABLE_NAME),
  apiKeys: createApiKeyStore(environment.AWS_REGION),
  usagePlans: environment.USAGE_PLANS,
  defaultTier: environment.DEFAULT_TIER,
});
