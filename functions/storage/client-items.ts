import type { ClientItem, ClientMethod, SecretItem, Trust } from './table-design';

/** A client as the store hands it out: its record without the table's keys. */
export interface ClientInfo {
  readonly clientId: string;
  readonly tenantId: string;
  readonly label: string;
  readonly method: ClientMethod;
  readonly accessTokenLifetime: number;
  readonly createdAt: string;
  readonly trust?: Trust;
}

/** What may be shown of a client secret: its record without the keys (never the secret, nor its hash). */
export type SecretInfo = Omit<SecretItem, 'pk' | 'sk' | 'type'>;

/** A client record as read (or written) as ClientInfo. */
export function toClientInfo(item: Record<string, unknown>): ClientInfo {
  const { clientId, tenantId, label, method, accessTokenLifetime, createdAt, trust } =
    item as unknown as ClientItem;
  return {
    clientId,
    tenantId,
    label,
    method,
    accessTokenLifetime,
    createdAt,
    ...(trust === undefined ? {} : { trust }),
  };
}

/** A secret record as read (or written) as SecretInfo: without its key, which is the secret's hash. */
export function toSecretInfo(item: Record<string, unknown>): SecretInfo {
  const { secretId, clientId, tenantId, hint, status, createdAt, expiresAt, lastUsedAt, revokedAt } =
    item as unknown as SecretItem;
  return {
    secretId,
    clientId,
    tenantId,
    hint,
    status,
    createdAt,
    expiresAt,
    ...(lastUsedAt === undefined ? {} : { lastUsedAt }),
    ...(revokedAt === undefined ? {} : { revokedAt }),
  };
}

/** The hash of a secret, from its sort key `SECRET#<sha256 hex>` (the store never hands it out). */
export function secretHashOf(item: Record<string, unknown>): string {
  return String(item.sk).slice('SECRET#'.length);
}
