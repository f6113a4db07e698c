/**
 * Lambda entry point of the admin function: tenants and tokens. Invoked by the CLI with IAM credentials;
 * it has no HTTP route. A purge in the background continues by invoking this function again, asynchronously.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import * as v from 'valibot';
import { adminCommands } from './admin/admin-commands';
import type { PurgeStepEvent } from './admin/admin-context';
import { readEnvironment, tokensFunctionEnvironment } from './config';
import { createApiKeyStore } from './storage/api-key-store';
import { createDocumentClient } from './storage/dynamo-client';
import { TenantDataPurge } from './storage/tenant-data-purge';
import { TokenStore } from './storage/token-store';

const environment = readEnvironment(
  v.object({
    ...tokensFunctionEnvironment.entries,
    /** The data table, for `tenants delete --purge`. */
    DATA_TABLE_NAME: v.pipe(v.string(), v.minLength(1)),
    /** `{"standard": "<usage plan id>", …}`: one usage plan per tier, created by the stack. */
    USAGE_PLANS: v.pipe(v.string(), v.parseJson(), v.record(v.string(), v.string())),
    DEFAULT_TIER: v.pipe(v.string(), v.minLength(1)),
    /** `["old-tier", …]`: tiers whose usage plans stay for their tenants but that no tenant may join. */
    RETIRED_TIERS: v.optional(v.pipe(v.string(), v.parseJson(), v.array(v.string())), '[]'),
    /** Tenants' API keys are named `<prefix><tenant>`: unique to this stack, so a retry finds its own. */
    API_KEY_NAME_PREFIX: v.pipe(v.string(), v.minLength(1)),
    /** The authorizer cache TTL plus the SCIM functions' timeout: when a deleted tenant's writes have stopped. */
    PURGE_SETTLE_SECONDS: v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0)),
    /** Set by Lambda: this function's own name, to hand a purge's next step to. */
    AWS_LAMBDA_FUNCTION_NAME: v.pipe(v.string(), v.minLength(1)),
  }),
);

const db = createDocumentClient({ region: environment.AWS_REGION, endpoint: environment.DYNAMODB_ENDPOINT });
const lambda = new LambdaClient({ region: environment.AWS_REGION, maxAttempts: 5 });

/**
 * The next purge step, as an asynchronous invocation of this function
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html): Lambda queues the event and
 * answers 202 at once, so each step has a whole invocation of its own.
 */
async function continueLater(event: PurgeStepEvent): Promise<void> {
  await lambda.send(
    new InvokeCommand({
      FunctionName: environment.AWS_LAMBDA_FUNCTION_NAME,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    }),
  );
}

const commands = adminCommands({
  tokens: new TokenStore(db, environment.TOKENS_TABLE_NAME),
  apiKeys: createApiKeyStore(environment.AWS_REGION, environment.API_KEY_NAME_PREFIX),
  usagePlans: environment.USAGE_PLANS,
  defaultTier: environment.DEFAULT_TIER,
  retiredTiers: environment.RETIRED_TIERS,
  purge: new TenantDataPurge(db, environment.DATA_TABLE_NAME),
  continueLater,
  purgeSettleMs: environment.PURGE_SETTLE_SECONDS * 1000,
});

export const handler = (event: unknown, context: Context) =>
  commands(event, () => context.getRemainingTimeInMillis());
