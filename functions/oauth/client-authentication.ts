import { hashToken } from '../auth/bearer-token';
import { CLIENT_ID_PATTERN, isWellFormedClientSecret } from '../auth/client-secret';
import { verifyAssertion } from '../auth/federated-assertion';
import type { RequestLogSink } from '../scim/request-log-port';
import type { ClientStore, SecretCheck } from '../storage/client-store';
import type { TokenStore } from '../storage/token-store';
import type { ClientAuthenticationMethod, PresentedCredentials } from './presented-credentials';
import type { TokenRefusalName } from './token-refusals';

/** What the token endpoint reads and writes. */
export interface TokenEndpointStores {
  readonly tokens: TokenStore;
  readonly clients: ClientStore;
  /** The tenants' request log: a line per token request of a known client (issued or refused). */
  readonly requestLog?: RequestLogSink;
}

/** A client that proved who it is, of an active tenant: what an access token is issued to. */
export interface AuthenticatedClient {
  readonly method: ClientAuthenticationMethod;
  readonly clientId: string;
  readonly tenantId: string;
  readonly accessTokenLifetime: number;
  /** The secret that authenticated it; absent for an assertion. */
  readonly secretId?: string;
  /** That secret's SHA-256 (its key in the table), to record its use; never the secret. */
  readonly secretHash?: string;
  readonly lastUsedAt?: string;
}

/** Why a client was refused: the refusal it gets, and a reason for the operator's log (no credential). */
export type ClientAuthentication =
  | { readonly ok: true; readonly client: AuthenticatedClient }
  | {
      readonly ok: false;
      readonly refusal: TokenRefusalName;
      readonly reason: string;
      /** The client's tenant, when the client is known: the refusal reaches its request log. */
      readonly tenantId?: string;
    };

export { CLIENT_ID_PATTERN };

const SECRET_REFUSALS: Readonly<Record<Exclude<SecretCheck, { ok: true }>['reason'], TokenRefusalName>> = {
  unknown_client: 'badSecret',
  wrong_secret: 'badSecret',
  not_a_secret_client: 'badSecret',
  revoked: 'revokedSecret',
  expired: 'expiredSecret',
};

const refused = (refusal: TokenRefusalName, reason: string, tenantId?: string): ClientAuthentication =>
  tenantId === undefined ? { ok: false, refusal, reason } : { ok: false, refusal, reason, tenantId };

/** The tenant must be active (not disabled, creating or being deleted): §5.2 unauthorized_client if not. */
async function ofActiveTenant(
  stores: TokenEndpointStores,
  client: AuthenticatedClient,
): Promise<ClientAuthentication> {
  const tenant = await stores.tokens.activeTenant(client.tenantId);
  return tenant === undefined
    ? refused('tenantNotActive', 'tenant_not_active', client.tenantId)
    : { ok: true, client };
}

/**
 * A client secret, looked up by its hash (nothing secret is compared in JS): a malformed secret or client
 * id is refused without a read, any other failure of the secret is invalid_client.
 */
async function bySecret(
  stores: TokenEndpointStores,
  method: 'client_secret_basic' | 'client_secret_post',
  clientId: string,
  secret: string,
): Promise<ClientAuthentication> {
  if (!CLIENT_ID_PATTERN.test(clientId)) return refused('badSecret', 'malformed_client_id');
  if (!isWellFormedClientSecret(secret)) return refused('badSecret', 'malformed_secret');
  const secretHash = hashToken(secret);
  const check = await stores.clients.checkSecret(clientId, secretHash);
  if (!check.ok) return refused(SECRET_REFUSALS[check.reason], check.reason, check.tenantId);
  const { tenantId, secretId, accessTokenLifetime, lastUsedAt } = check.secret;
  const client = { method, clientId, tenantId, secretId, secretHash, accessTokenLifetime };
  return ofActiveTenant(stores, lastUsedAt === undefined ? client : { ...client, lastUsedAt });
}

/**
 * A JWT assertion for the federation client (trust) that client_id names. The tenant is the trust's,
 * never anything the assertion says. A key endpoint that cannot be reached throws KeyEndpointUnavailable,
 * which the endpoint answers 503.
 */
async function byAssertion(
  stores: TokenEndpointStores,
  clientId: string,
  assertion: string,
  now: Date,
): Promise<ClientAuthentication> {
  if (!CLIENT_ID_PATTERN.test(clientId)) return refused('badAssertion', 'malformed_client_id');
  const client = await stores.clients.getClient(clientId);
  if (client === undefined) return refused('badAssertion', 'unknown_client');
  if (client.method !== 'federation' || client.trust === undefined)
    return refused('badAssertion', 'not_a_federation_client', client.tenantId);
  const verified = await verifyAssertion(assertion, client.trust, now);
  if (!verified.ok) return refused('badAssertion', verified.reason, client.tenantId);
  const { tenantId, accessTokenLifetime } = client;
  return ofActiveTenant(stores, { method: 'client_assertion', clientId, tenantId, accessTokenLifetime });
}

/** Authenticates the client by the one method it presented (presentedCredentials). Failures throw. */
export function authenticateClient(
  stores: TokenEndpointStores,
  credentials: PresentedCredentials,
  now: Date,
): Promise<ClientAuthentication> {
  return credentials.method === 'client_assertion'
    ? byAssertion(stores, credentials.clientId, credentials.assertion, now)
    : bySecret(stores, credentials.method, credentials.clientId, credentials.secret);
}
