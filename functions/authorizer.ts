/**
 * Lambda entry point of the REQUEST authorizer: resolves `Authorization: Bearer scim_…` (a Secret Token
 * or an access token of the token endpoint) or `Authorization: Basic` (a client id and secret, Okta's
 * "Basic Auth") to a tenant.
 *
 * Allowed: a policy for the whole API (API Gateway caches the result per token, so it must not be scoped to
 * the first path seen), the tenant and its policy (paused, retention) in the context, and the tenant's API
 * key as `usageIdentifierKey`, so that the tenant's usage plan throttles it. Refused: "Unauthorized", which API Gateway answers with 401.
 * Any other failure (the tokens table unreachable, say) is thrown as is: API Gateway answers it with its
 * AUTHORIZER_FAILURE response, a 503, never a 401.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { type Authorization, authorize } from './auth/authorize';
import { authorizerContext } from './auth/authorizer-context';
import { credentialFunctionEnvironment, readEnvironment } from './config';
import { credentialRequestOf, logCredentialUse } from './http/credential-log';
import { emitMetrics } from './http/emit-metrics';
import { describeError, logger } from './http/logger';
import { ClientStore } from './storage/client-store';
import { createDocumentClient } from './storage/dynamo-client';
import { RequestLogStore } from './storage/request-log-store';
import { TokenStore } from './storage/token-store';

const environment = readEnvironment(credentialFunctionEnvironment);
const db = createDocumentClient({ region: environment.AWS_REGION, endpoint: environment.DYNAMODB_ENDPOINT });
const tokens = new TokenStore(db, environment.TOKENS_TABLE_NAME);
// Clients and their secrets live in the tokens table too (functions/storage/table-design.ts).
const clients = new ClientStore(db, environment.TOKENS_TABLE_NAME);
// A refused credential of a known tenant (revoked, expired, a wrong secret) is a line of its request log.
const requestLog = new RequestLogStore(db, environment.DATA_TABLE_NAME, {
  retentionDays: environment.REQUEST_LOG_DAYS,
});

/** `lastUsedAt` is refreshed at most this often, so that a busy token or secret costs no write per request. */
const LAST_USED_RESOLUTION_MS = 60 * 60 * 1000;

/** `arn:…:api-id/stage/METHOD/path` → `arn:…:api-id/stage/*`: every method and path of the stage. */
export function wholeApiArn(methodArn: string): string {
  const [base, stage] = methodArn.split('/');
  return `${base}/${stage}/*`;
}

export async function handler(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  const header = Object.entries(event.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'authorization',
  )?.[1];
  const startedAt = Date.now();
  const result = await authorize(header ?? undefined, { tokens, clients });
  if (!result.allowed) {
    // The reason and a well-formed client id only: never the header, the token or the secret.
    logger.info('token refused', { reason: result.reason, clientId: result.clientId });
    // By reason, a handful of values (RefusalReason); the tenant, when known, as a property (docs/metrics.md).
    emitMetrics((metrics) => {
      metrics.addDimension('reason', result.reason);
      if (result.tenantId !== undefined) metrics.addMetadata('tenant', result.tenantId);
      metrics.addMetric('AuthorizerRefusals', MetricUnit.Count, 1);
    });
    await logCredentialUse(requestLog, credentialRequestOf(event, startedAt), { status: 401, ...result });
    throw new Error('Unauthorized');
  }
  const { lastUsedAt } = result;
  if (lastUsedAt === undefined || Date.parse(lastUsedAt) < Date.now() - LAST_USED_RESOLUTION_MS) {
    await touch(result).catch((error: unknown) => {
      logger.warn('could not record lastUsedAt', describeError(error));
    });
  }
  return {
    principalId: result.tenantId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: wholeApiArn(event.methodArn) }],
    },
    // The tenant, its token and its policy: a policy change takes effect within the authorizer cache TTL.
    context: { ...authorizerContext(result) },
    ...(result.apiKey === undefined ? {} : { usageIdentifierKey: result.apiKey }),
  };
}

/** Records the use of the token or the secret (best effort: its failure refuses nobody). */
function touch({ credential, tenantId }: Extract<Authorization, { allowed: true }>): Promise<void> {
  return credential.kind === 'token'
    ? tokens.touch(credential.hash, tenantId)
    : clients.touchSecret(credential.clientId, credential.hash);
}
