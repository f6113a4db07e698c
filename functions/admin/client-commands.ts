/**
 * `clients …`: OAuth 2.0 client credentials of a tenant (issue 12), as Microsoft Entra ID's "OAuth2 Client
 * Credentials Grant" and Okta's "Basic Auth" use them. A secret's plaintext is in the answer that makes it,
 * once; the store gets its SHA-256 and hint only (functions/auth/client-secret.ts).
 */
import { newClientCredential } from '../auth/client-secret';
import { type ClientStore, MAX_ACTIVE_SECRETS, type SecretInfo } from '../storage/client-store';
import { type AdminOptions, failure, incomplete, notFound, nowOf, success } from './admin-context';
import type { AdminResponse, RequestOf } from './admin-request';
import { CREDENTIAL_LIMITS } from './credential-validation';
import { clientNotFound, newClientRefusal, tenantClient } from './tenant-client';

/** The same instant `years` later (29 February rolls over to 1 March). */
export function secretExpiry(now: Date, years = CREDENTIAL_LIMITS.secretYears.default as number): string {
  const at = new Date(now.getTime());
  at.setUTCFullYear(at.getUTCFullYear() + years);
  return at.toISOString();
}

/** Active and unexpired: a secret that still gets tokens, and counts against the limit. */
const isLive = (secret: SecretInfo, now: Date) =>
  secret.status === 'active' && secret.expiresAt > now.toISOString();

/** A new secret for a client, recorded by hash and hint; the plaintext only in the answer. */
async function issueSecret(
  clients: ClientStore,
  tenantId: string,
  clientId: string,
  expiresAt: string,
): Promise<{ readonly clientSecret: string; readonly secret: SecretInfo } | undefined> {
  const { secret: clientSecret, hash, hint } = newClientCredential();
  const secret = await clients.addSecret(tenantId, clientId, { hash, hint }, expiresAt);
  return secret === undefined ? undefined : { clientSecret, secret };
}

/** A client of the tenant with its first secret: all Entra's Client Credentials fields at once. */
export async function createClient(
  options: AdminOptions,
  request: RequestOf<'createClient'>,
): Promise<AdminResponse> {
  const { tenantId } = request;
  const refused = await newClientRefusal(options, tenantId);
  if (refused !== undefined) return refused;
  const client = await options.clients.createClient(tenantId, {
    label: request.label ?? 'client',
    method: 'client_secret',
    accessTokenLifetime: request.accessTokenLifetime ?? CREDENTIAL_LIMITS.accessTokenLifetime.default,
  });
  if (client === undefined) return notFound(tenantId);
  const expiresAt = secretExpiry(nowOf(options), request.years);
  try {
    const issued = await issueSecret(options.clients, tenantId, client.clientId, expiresAt);
    if (issued !== undefined) return success({ ...client, ...issued });
  } catch (error) {
    await options.clients.deleteClient(tenantId, client.clientId).catch(() => undefined);
    return incomplete(`Creating the secret of client ${client.clientId}`, error);
  }
  // Deleted in between (by `tenants delete`, say): nothing is left to give out.
  return clientNotFound(tenantId, client.clientId);
}

/** The tenant's clients with secrets (trusts are `trusts list`), with how many secrets each has live. */
export async function listClients(
  options: AdminOptions,
  request: RequestOf<'listClients'>,
): Promise<AdminResponse> {
  if ((await options.tokens.getTenant(request.tenantId)) === undefined) return notFound(request.tenantId);
  const now = nowOf(options);
  const clients = (await options.clients.listClients(request.tenantId)).filter(
    (c) => c.method === 'client_secret',
  );
  const rows = [];
  for (const client of clients) {
    const secrets = (await options.clients.listSecrets(request.tenantId, client.clientId)) ?? [];
    rows.push({ ...client, activeSecrets: secrets.filter((s) => isLive(s, now)).length });
  }
  return success(rows);
}

/** Deletes a client with its secrets and the access tokens they got; a trust is `trusts delete`. */
export async function deleteClient(
  options: AdminOptions,
  request: RequestOf<'deleteClient'>,
): Promise<AdminResponse> {
  const { tenantId, clientId } = request;
  const found = await tenantClient(options.clients, tenantId, clientId, 'client_secret', 'use trusts delete');
  if (!found.ok) return found.response;
  const deleted = await options.clients.deleteClient(tenantId, clientId);
  return deleted === undefined ? clientNotFound(tenantId, clientId) : success(deleted);
}

/**
 * Another secret for a client, the old ones working on: a rotation without downtime. At most
 * MAX_ACTIVE_SECRETS live at once (counted here first: two adds at the same instant could
 * pass it by one, which only an operator can do).
 */
export async function addClientSecret(
  options: AdminOptions,
  request: RequestOf<'addClientSecret'>,
): Promise<AdminResponse> {
  const { tenantId, clientId } = request;
  const found = await tenantClient(
    options.clients,
    tenantId,
    clientId,
    'client_secret',
    'trusts have no secrets',
  );
  if (!found.ok) return found.response;
  const now = nowOf(options);
  const live = ((await options.clients.listSecrets(tenantId, clientId)) ?? []).filter((s) => isLive(s, now));
  if (live.length >= MAX_ACTIVE_SECRETS)
    return failure(
      'TooManySecrets',
      `Client ${clientId} has ${live.length} active secrets, the most it may have: revoke one first (clients secrets revoke)`,
    );
  const issued = await issueSecret(options.clients, tenantId, clientId, secretExpiry(now, request.years));
  return issued === undefined
    ? clientNotFound(tenantId, clientId)
    : success({ ...issued.secret, clientSecret: issued.clientSecret });
}

/** A client's secrets by id, hint, status (`expired` once past its expiry), creation and last use. */
export async function listClientSecrets(
  options: AdminOptions,
  request: RequestOf<'listClientSecrets'>,
): Promise<AdminResponse> {
  const secrets = await options.clients.listSecrets(request.tenantId, request.clientId);
  if (secrets === undefined) return clientNotFound(request.tenantId, request.clientId);
  const now = nowOf(options);
  return success(
    secrets.map((s) => (s.status === 'active' && !isLive(s, now) ? { ...s, status: 'expired' } : s)),
  );
}

/** Revokes a secret and the access tokens it got (refused within the authorizer cache TTL). */
export async function revokeClientSecret(
  options: AdminOptions,
  request: RequestOf<'revokeClientSecret'>,
): Promise<AdminResponse> {
  const { tenantId, clientId, secretId } = request;
  const revoked = await options.clients.revokeSecret(tenantId, clientId, secretId);
  return revoked === undefined
    ? failure('SecretNotFound', `Client ${clientId} of tenant ${tenantId} has no secret ${secretId}`)
    : success(revoked);
}
