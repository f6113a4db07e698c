import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { issueBearerToken } from '../auth/bearer-token';
import { type CredentialOutcome, credentialRequestOf, logCredentialUse } from '../http/credential-log';
import { describeError, logger } from '../http/logger';
import {
  type AuthenticatedClient,
  authenticateClient,
  CLIENT_ID_PATTERN,
  type TokenEndpointStores,
} from './client-authentication';
import { type ClientAuthenticationMethod, presentedCredentials } from './presented-credentials';
import { TOKEN_REFUSALS, type TokenRefusalName } from './token-refusals';
import { parseTokenRequest } from './token-request';
import { issuedResponse, refusalResponse, unavailableResponse } from './token-response';

export type { TokenEndpointStores } from './client-authentication';

export type TokenEndpointHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/** A secret's `lastUsedAt` is refreshed at most this often, as the authorizer does for tokens. */
const LAST_USED_RESOLUTION_MS = 60 * 60 * 1000;

interface RefusalLog {
  readonly refusal: TokenRefusalName;
  readonly reason?: string;
  readonly method?: ClientAuthenticationMethod;
  readonly clientId?: string;
  /** The client's tenant, when the client is known. */
  readonly tenantId?: string;
}

/** The answer, and what the tenant's request log says of it (functions/http/credential-log.ts). */
interface Answered {
  readonly response: APIGatewayProxyResult;
  readonly outcome: CredentialOutcome;
}

/**
 * Every refusal is logged (the operator's metric filter counts `token request refused`): the client id
 * only when it has the store's shape (a client id is not secret, but a field holding anything else may be
 * a secret pasted in the wrong box), never the secret, the assertion, a header or the body.
 */
function refuse({ refusal, reason, method, clientId, tenantId }: RefusalLog): Answered {
  const entry = TOKEN_REFUSALS[refusal];
  const wellFormedId = clientId !== undefined && CLIENT_ID_PATTERN.test(clientId) ? clientId : undefined;
  logger.warn('token request refused', {
    error: entry.error,
    reason: reason ?? refusal,
    method,
    clientId: wellFormedId,
  });
  const known =
    tenantId === undefined || wellFormedId === undefined ? {} : { tenantId, credentialId: wellFormedId };
  return {
    response: refusalResponse(entry),
    outcome: { status: entry.status, reason: reason ?? refusal, error: entry.error, ...known },
  };
}

/** Records that the secret was used, at most hourly; a failure to record it does not fail the request. */
async function touchSecret(stores: TokenEndpointStores, client: AuthenticatedClient, now: Date) {
  const { secretHash, lastUsedAt } = client;
  if (secretHash === undefined) return;
  if (lastUsedAt !== undefined && Date.parse(lastUsedAt) >= now.getTime() - LAST_USED_RESOLUTION_MS) return;
  await stores.clients.touchSecret(client.clientId, secretHash).catch((error: unknown) => {
    logger.warn('could not record lastUsedAt', describeError(error));
  });
}

/**
 * An access token for the client: an ordinary bearer token of its tenant, stored by hash, expiring after
 * the client's lifetime (not clamped to an assertion's exp: the assertion proved who the client is at
 * issuance; docs/authentication.md), so the authorizer serves it unchanged.
 */
async function issue(stores: TokenEndpointStores, client: AuthenticatedClient, now: Date): Promise<Answered> {
  const { clientId, secretId, tenantId, method, accessTokenLifetime } = client;
  const expiresAt = new Date(now.getTime() + accessTokenLifetime * 1000).toISOString();
  const origin = secretId === undefined ? { clientId } : { clientId, secretId };
  const issued = await issueBearerToken(
    stores.tokens,
    tenantId,
    `access token (${clientId})`,
    expiresAt,
    origin,
  );
  // The tenant was deleted between the check and the write.
  if (issued === undefined)
    return refuse({ refusal: 'tenantNotActive', reason: 'tenant_gone', method, clientId, tenantId });
  await touchSecret(stores, client, now);
  logger.info('token issued', { clientId, tenantId, method, expiresIn: accessTokenLifetime });
  return {
    response: issuedResponse(issued.token, accessTokenLifetime),
    outcome: { status: 200, tenantId, credentialId: clientId },
  };
}

async function answer(
  stores: TokenEndpointStores,
  event: APIGatewayProxyEvent,
  now: Date,
): Promise<Answered> {
  const parsed = parseTokenRequest(event);
  if (!parsed.ok) return refuse({ refusal: parsed.refusal, clientId: undefined });
  const presented = presentedCredentials(parsed.request);
  if (!presented.ok)
    return refuse({
      refusal: presented.refusal,
      method: presented.method,
      clientId: parsed.request.clientId,
    });
  const { method, clientId } = presented.credentials;
  const authenticated = await authenticateClient(stores, presented.credentials, now);
  if (!authenticated.ok) return refuse({ ...authenticated, method, clientId });
  return issue(stores, authenticated.client, now);
}

/**
 * The OAuth 2.0 token endpoint (RFC 6749 §3.2) for the client credentials grant (§4.4): a Lambda proxy
 * handler over the client and token stores. Refusals are §5.2 error responses; anything thrown (the
 * tokens table, the issuer's key endpoint) is a 503 with Retry-After, never invalid_client.
 */
export function tokenEndpoint(
  stores: TokenEndpointStores,
  now: () => Date = () => new Date(),
): TokenEndpointHandler {
  return async (event) => {
    const startedAt = now();
    let answered: Answered;
    try {
      answered = await answer(stores, event, startedAt);
    } catch (error) {
      logger.warn('token endpoint dependency unavailable', describeError(error));
      return unavailableResponse();
    }
    if (stores.requestLog !== undefined) {
      const request = credentialRequestOf(event, startedAt.getTime());
      await logCredentialUse(stores.requestLog, request, answered.outcome, () => now().getTime());
    }
    return answered.response;
  };
}
