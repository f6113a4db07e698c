/**
 * How the CLI prints the clients and trusts of issue 12: under the names of the fields the admin pastes
 * them into (Microsoft Entra ID's provisioning blade: Tenant URL, Token Endpoint, Client Identifier, Client
 * Secret; for workload identity "Client identifier"), with a secret shown this once.
 */
import { TOKEN_PATH } from '../../functions/oauth/token-path';

type Fields = Readonly<Record<string, unknown>>;

/** Where the admin's identity provider sends requests: the stack's outputs, or the local endpoint's. */
export interface Endpoints {
  readonly tenantUrl: string | undefined;
  readonly tokenEndpoint: string | undefined;
}

/** Microsoft's switch to SCIM-compliant PATCH requests, appended to the Tenant URL for Entra only. */
const ENTRA_FLAG = '?aadOptscim062020';
const CACHE_TTL = 'the authorizer cache TTL (5 minutes by default)';

/** The token endpoint beside the Tenant URL (`…/scim/v2` → `…/oauth2/token`), where none is known. */
export function tokenEndpointOf(endpoints: Endpoints): string | undefined {
  if (endpoints.tokenEndpoint !== undefined) return endpoints.tokenEndpoint;
  const match = /^(.*)\/scim\/v2\/?$/.exec(endpoints.tenantUrl ?? '');
  return match === null ? undefined : `${match[1]}${TOKEN_PATH}`;
}

/** Tenant URL and Token Endpoint, or where to find them when this run does not know them. */
function endpointLines(endpoints: Endpoints): string[] {
  const tokenEndpoint = tokenEndpointOf(endpoints);
  if (endpoints.tenantUrl === undefined || tokenEndpoint === undefined)
    return ["Tenant URL, Token Endpoint: the stack's TenantUrl and TokenEndpoint outputs"];
  return [`Tenant URL: ${endpoints.tenantUrl}${ENTRA_FLAG}`, `Token Endpoint: ${tokenEndpoint}`];
}

const shownOnce = 'The secret is shown this once and stored only as a hash: paste it now.';

/** `clients create`: the client, its first secret, and every field Entra and Okta ask for. */
export function clientLines(record: Fields, endpoints: Endpoints): string[] {
  const secret = record.secret as Fields;
  return [
    `Client ${record.clientId} (${record.label}) for tenant ${record.tenantId}; its secret ${secret.secretId} expires ${secret.expiresAt}.`,
    '',
    'Microsoft Entra ID, Provisioning → Admin Credentials → Authentication Method: OAuth2 Client Credentials Grant',
    ...endpointLines(endpoints),
    `Client Identifier: ${record.clientId}`,
    `Client Secret: ${record.clientSecret}`,
    '',
    'Okta (Authentication Mode: Basic Auth): Username = the Client Identifier, Password = the Client Secret.',
    shownOnce,
  ];
}

/** `clients secrets add`: the new secret beside the old ones, and how to rotate without downtime. */
export function secretLines(record: Fields): string[] {
  return [
    `Secret ${record.secretId} for client ${record.clientId} of tenant ${record.tenantId}; it expires ${record.expiresAt}.`,
    '',
    `Client Identifier: ${record.clientId}`,
    `Client Secret: ${record.clientSecret}`,
    '',
    "The client's other secrets keep working until you revoke them: paste this one into Entra (Client Secret)",
    'or Okta (Password), see its lastUsedAt in `clients secrets list`, then revoke the old one.',
    shownOnce,
  ];
}

/** The application id of an audience (`api://<app id>` → `<app id>`). */
const appIdOf = (audience: string) => audience.replace(/^api:\/\//, '');

/** `trusts create`: what Entra's workload identity fields take, and what its step 1 must show. */
export function trustLines(record: Fields, endpoints: Endpoints): string[] {
  const trust = record.trust as Fields;
  const appId = appIdOf(String(trust.audience));
  return [
    `Trust ${record.clientId} (${record.label}) for tenant ${record.tenantId}: Entra tenant ${trust.entraTenant}, subject ${trust.subject}.`,
    '',
    'Microsoft Entra ID, Provisioning → Admin Credentials → Authentication Method: Workload identity-based authentication',
    ...endpointLines(endpoints),
    `Client identifier: ${record.clientId}`,
    '',
    "Entra's step 1 must show:",
    `  Issuer: ${trust.issuer}`,
    `  JWKS URL: ${trust.jwksUri} (informational: the endpoint fetches the keys from it)`,
    `  Subject: ${trust.subject}`,
    `  Audience: api://${appId}/.default (the assertion's aud may be ${appId} or api://${appId})`,
  ];
}

/** `clients delete`, `trusts delete`. */
export function clientDeletedLines(record: Fields): string[] {
  const what = record.method === 'federation' ? 'trust' : 'client';
  const secrets = record.method === 'federation' ? '' : ', its secrets';
  return [
    `Deleted ${what} ${record.clientId} (${record.label}) of tenant ${record.tenantId}${secrets} and the access tokens it got:`,
    `the token endpoint refuses it at once, its access tokens within ${CACHE_TTL}.`,
  ];
}

/** `clients secrets revoke`. */
export function secretRevokedLines(record: Fields): string[] {
  return [
    `Revoked ${record.secretId} of client ${record.clientId}: the token endpoint refuses it at once; its access`,
    `tokens and Basic Auth with it are refused within ${CACHE_TTL}.`,
  ];
}
