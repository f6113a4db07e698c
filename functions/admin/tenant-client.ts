import type { ClientInfo, ClientMethod, ClientStore } from '../storage/client-store';
import { type AdminOptions, failure, notFound } from './admin-context';
import type { AdminResponse } from './admin-request';

/** Why a tenant may not get a new client: it does not exist, or it is being deleted. */
export async function newClientRefusal(
  options: AdminOptions,
  tenantId: string,
): Promise<AdminResponse | undefined> {
  const tenant = await options.tokens.getTenant(tenantId);
  if (tenant === undefined) return notFound(tenantId);
  if (tenant.status === 'deleting') return failure('TenantBusy', `Tenant ${tenantId} is being deleted`);
  return undefined;
}

export function clientNotFound(tenantId: string, clientId: string): AdminResponse {
  return failure('ClientNotFound', `Tenant ${tenantId} has no client ${clientId}`);
}

/**
 * The tenant's client of that id and method. Another tenant's client is not found (its id says nothing
 * about whose it is); one of the other method (a trust is a client too, without secrets) is refused with
 * `otherwise`, the command to use instead.
 */
export async function tenantClient(
  clients: ClientStore,
  tenantId: string,
  clientId: string,
  method: ClientMethod,
  otherwise: string,
): Promise<
  { readonly ok: true; readonly client: ClientInfo } | { readonly ok: false; response: AdminResponse }
> {
  const client = await clients.getClient(clientId);
  if (client === undefined || client.tenantId !== tenantId)
    return { ok: false, response: clientNotFound(tenantId, clientId) };
  if (client.method !== method) {
    const kind = client.method === 'federation' ? 'a trust' : 'a client with secrets';
    return { ok: false, response: failure('InvalidRequest', `${clientId} is ${kind}: ${otherwise}`) };
  }
  return { ok: true, client };
}
