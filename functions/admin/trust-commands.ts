/**
 * `trusts …`: Microsoft Entra ID's workload identity federation (issue 12). A trust is a client whose
 * method is `federation`: Entra sends its id as the form's `client_id` with an RS256 assertion, which must
 * carry exactly the issuer, tenant, subject and audience recorded here. The tenant comes from the trust,
 * never from the assertion. Values as Entra's step 1 shows them:
 * https://github.com/AzureAD/SCIMReferenceCode/blob/master/Workload-Identity-Federation-for-SCIM-Provisioning.md
 */
import type { Trust } from '../storage/client-store';
import { type AdminOptions, notFound, success } from './admin-context';
import type { AdminResponse, RequestOf } from './admin-request';
import { CREDENTIAL_LIMITS } from './credential-validation';
import { clientNotFound, newClientRefusal, tenantClient } from './tenant-client';

/** Entra's v2.0 issuer of a tenant: the `iss` of its v2 tokens (a v1 token's is sts.windows.net). */
export const entraIssuer = (entraTenant: string) => `https://login.microsoftonline.com/${entraTenant}/v2.0`;
/** Where Entra publishes the tenant's signing keys. */
export const entraKeys = (entraTenant: string) =>
  `https://login.microsoftonline.com/${entraTenant}/discovery/v2.0/keys`;

/** The trust a request describes: Entra's issuer and key endpoint for its tenant unless given. */
export function trustOf(request: RequestOf<'createTrust'>): Trust {
  const { entraTenant, subject, audience } = request;
  return {
    issuer: request.issuer ?? entraIssuer(entraTenant),
    jwksUri: request.jwksUri ?? entraKeys(entraTenant),
    entraTenant,
    subject,
    audience,
  };
}

export async function createTrust(
  options: AdminOptions,
  request: RequestOf<'createTrust'>,
): Promise<AdminResponse> {
  const refused = await newClientRefusal(options, request.tenantId);
  if (refused !== undefined) return refused;
  const trust = await options.clients.createClient(request.tenantId, {
    label: request.label ?? 'Entra workload identity',
    method: 'federation',
    accessTokenLifetime: request.accessTokenLifetime ?? CREDENTIAL_LIMITS.accessTokenLifetime.default,
    trust: trustOf(request),
  });
  return trust === undefined ? notFound(request.tenantId) : success(trust);
}

/** The tenant's trusts, each with what an assertion must carry. */
export async function listTrusts(
  options: AdminOptions,
  request: RequestOf<'listTrusts'>,
): Promise<AdminResponse> {
  if ((await options.tokens.getTenant(request.tenantId)) === undefined) return notFound(request.tenantId);
  const trusts = (await options.clients.listClients(request.tenantId)).filter(
    (c) => c.method === 'federation',
  );
  return success(trusts.map(({ trust, ...client }) => ({ ...client, ...trust })));
}

/** Deletes a trust and the access tokens it got; a client with secrets is `clients delete`. */
export async function deleteTrust(
  options: AdminOptions,
  request: RequestOf<'deleteTrust'>,
): Promise<AdminResponse> {
  const { tenantId, clientId } = request;
  const found = await tenantClient(options.clients, tenantId, clientId, 'federation', 'use clients delete');
  if (!found.ok) return found.response;
  const deleted = await options.clients.deleteClient(tenantId, clientId);
  return deleted === undefined ? clientNotFound(tenantId, clientId) : success(deleted);
}
