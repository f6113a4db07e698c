import { randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type ClientInfo, type SecretInfo, secretHashOf, toClientInfo, toSecretInfo } from './client-items';
import { send, sendIfConditionHolds } from './dynamo-errors';
import { collect } from './paginate';
import {
  type ClientItem,
  type ClientMethod,
  clientAccessPatterns,
  clientKeys,
  type SecretItem,
  TOKEN_INDEX_PREFIX,
  type Trust,
  tokenAccessPatterns,
  tokenKeys,
} from './table-design';
import { failedConditions, writeTransaction } from './transaction';

export type { ClientInfo, ClientMethod, SecretInfo, Trust };

/** At most this many active (unrevoked, unexpired) secrets per client: `secrets add` refuses a sixth. */
export const MAX_ACTIVE_SECRETS = 5;

/** A secret that authenticates: active, unexpired, of a client_secret client. */
export interface ResolvedSecret {
  readonly tenantId: string;
  readonly clientId: string;
  readonly secretId: string;
  readonly accessTokenLifetime: number;
  readonly lastUsedAt?: string;
}

/** Why a client id and secret do not authenticate: logged, never shown with the secret. */
export type SecretRefusal = 'unknown_client' | 'wrong_secret' | 'revoked' | 'expired' | 'not_a_secret_client';

export type SecretCheck =
  | { readonly ok: true; readonly secret: ResolvedSecret }
  | {
      readonly ok: false;
      readonly reason: SecretRefusal;
      /** The client's tenant, when the client is known: the refusal reaches that tenant's request log. */
      readonly tenantId?: string;
    };

/** What a new client is given; its id and creation time come from the store. */
export interface NewClient {
  readonly label: string;
  readonly method: ClientMethod;
  readonly accessTokenLifetime: number;
  readonly trust?: Trust;
}

const refused = (reason: SecretRefusal, tenantId?: string): SecretCheck =>
  tenantId === undefined ? { ok: false, reason } : { ok: false, reason, tenantId };

/**
 * The OAuth 2.0 clients of the tenants (RFC 6749 §2) and the secrets of client_secret clients, which it
 * knows only by their SHA-256 hashes: a secret is found by its hash as a key, never compared in code.
 */
export class ClientStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates a client of the tenant; undefined if the tenant does not exist (or is being created or deleted). */
  async createClient(tenantId: string, client: NewClient): Promise<ClientInfo | undefined> {
    // 96 random bits, as lowercase hex: only [A-Za-z0-9_], so RFC 6749 §2.3.1's form-encoding is the identity.
    const clientId = `cli_${randomBytes(12).toString('hex')}`;
    const item: ClientItem = {
      ...clientKeys.client(clientId),
      ...clientKeys.clientIndex(tenantId, clientId),
      type: 'Client',
      clientId,
      tenantId,
      label: client.label,
      method: client.method,
      accessTokenLifetime: client.accessTokenLifetime,
      createdAt: this.now().toISOString(),
      ...(client.trust === undefined ? {} : { trust: client.trust }),
    };
    try {
      await writeTransaction(this.db, clientAccessPatterns.putClient(this.table, item));
    } catch (error) {
      if (failedConditions(error)?.has('tenant') === true) return undefined;
      throw error;
    }
    return toClientInfo(item as unknown as Record<string, unknown>);
  }

  /** A client by its id, of whichever tenant (consistent GetItem). */
  async getClient(clientId: string): Promise<ClientInfo | undefined> {
    const item = await this.get(clientAccessPatterns.getClient(this.table, clientId));
    return item === undefined ? undefined : toClientInfo(item);
  }

  /** The tenant's clients, of both methods (through gsi1: eventually consistent, for listings). */
  async listClients(tenantId: string): Promise<ClientInfo[]> {
    const request = tokenAccessPatterns.queryIndex(
      this.table,
      tokenKeys.tenant(tenantId).pk,
      TOKEN_INDEX_PREFIX.client,
    );
    return collect(this.db, request, toClientInfo);
  }

  /**
   * Deletes the client, its secrets and its access tokens; undefined if the tenant has no such client.
   * Secrets and tokens go first, so that a delete that fails half-way is completed by running it again
   * (the client is still there to be found); the tokens are swept once more after the client is gone,
   * since gsi1 may not show yet a token issued a moment before (issueToken refuses one once it is gone).
   */
  async deleteClient(tenantId: string, clientId: string): Promise<ClientInfo | undefined> {
    const client = await this.clientOf(tenantId, clientId);
    if (client === undefined) return undefined;
    const secrets = await collect(this.db, clientAccessPatterns.querySecrets(this.table, clientId), (i) => i);
    for (const secret of secrets) {
      await this.deleteClientItem(clientKeys.secret(clientId, secretHashOf(secret)), tenantId);
    }
    await this.deleteAccessTokens(tenantId, clientId);
    await this.deleteClientItem(clientKeys.client(clientId), tenantId);
    await this.deleteAccessTokens(tenantId, clientId);
    return client;
  }

  /** Tenant delete: every client of the tenant with its secrets. Returns the number of clients. */
  async deleteClients(tenantId: string): Promise<number> {
    const clients = await this.listClients(tenantId);
    for (const client of clients) await this.deleteClient(tenantId, client.clientId);
    return clients.length;
  }

  /**
   * Adds a secret, given by its hash and hint, to a client_secret client of the tenant; undefined if the
   * tenant has no such client (one transaction: a ConditionCheck on the client, and the Put).
   */
  async addSecret(
    tenantId: string,
    clientId: string,
    credential: { readonly hash: string; readonly hint: string },
    expiresAt: string,
  ): Promise<SecretInfo | undefined> {
    const item: SecretItem = {
      ...clientKeys.secret(clientId, credential.hash),
      type: 'ClientSecret',
      secretId: `sec_${randomBytes(8).toString('hex')}`,
      clientId,
      tenantId,
      hint: credential.hint,
      status: 'active',
      createdAt: this.now().toISOString(),
      expiresAt,
    };
    try {
      await writeTransaction(this.db, clientAccessPatterns.putSecret(this.table, item));
    } catch (error) {
      if (failedConditions(error)?.has('client') === true) return undefined;
      throw error;
    }
    return toSecretInfo(item as unknown as Record<string, unknown>);
  }

  /** The client's secrets, revoked and expired ones too; undefined if the tenant has no such client. */
  async listSecrets(tenantId: string, clientId: string): Promise<SecretInfo[] | undefined> {
    if ((await this.clientOf(tenantId, clientId)) === undefined) return undefined;
    return collect(this.db, clientAccessPatterns.querySecrets(this.table, clientId), toSecretInfo);
  }

  /**
   * Revokes a secret and the access tokens issued with it (which the authorizer then refuses, within its
   * cache TTL); undefined if the tenant's client has no such secret. Revoking it again revokes nothing
   * new, but sweeps its tokens again: a revoke that failed half-way is completed by running it again.
   */
  async revokeSecret(tenantId: string, clientId: string, secretId: string): Promise<SecretInfo | undefined> {
    if ((await this.clientOf(tenantId, clientId)) === undefined) return undefined;
    const secrets = await collect(this.db, clientAccessPatterns.querySecrets(this.table, clientId), (i) => i);
    const found = secrets.find((s) => s.secretId === secretId);
    if (found === undefined) return undefined;
    let revoked = found;
    if (found.status === 'active') {
      const now = this.now().toISOString();
      const request = clientAccessPatterns.revokeSecret(
        this.table,
        clientId,
        secretHashOf(found),
        tenantId,
        now,
      );
      const updated = await sendIfConditionHolds(() => this.db.send(new UpdateCommand(request)));
      if (updated?.Attributes === undefined) return undefined;
      revoked = updated.Attributes;
    }
    await this.revokeAccessTokens(tenantId, clientId, secretId);
    return toSecretInfo(revoked);
  }

  /**
   * Whether `secretHash` is the hash of a secret of the client that authenticates, and why not. Two
   * consistent GetItems (the secret by its key, and the client), sent together: the authorizer's IAM
   * allows GetItem and UpdateItem on the table, nothing else, so this uses GetItem alone. Failures throw
   * (the caller answers 5xx, never invalid_client).
   */
  async checkSecret(clientId: string, secretHash: string): Promise<SecretCheck> {
    const [secret, client] = await Promise.all([
      this.get(clientAccessPatterns.getSecret(this.table, clientId, secretHash)),
      this.get(clientAccessPatterns.getClient(this.table, clientId)),
    ]);
    if (client === undefined) return refused('unknown_client');
    const { tenantId, method, accessTokenLifetime } = toClientInfo(client);
    if (method !== 'client_secret') return refused('not_a_secret_client', tenantId);
    if (secret === undefined || secret.tenantId !== tenantId) return refused('wrong_secret', tenantId);
    const { secretId, status, expiresAt, lastUsedAt } = toSecretInfo(secret);
    if (status !== 'active') return refused('revoked', tenantId);
    if (expiresAt <= this.now().toISOString()) return refused('expired', tenantId);
    const resolved = { tenantId, clientId, secretId, accessTokenLifetime };
    return { ok: true, secret: lastUsedAt === undefined ? resolved : { ...resolved, lastUsedAt } };
  }

  /**
   * Records when a secret was last used (`secrets list` shows it: the sign that a rotated secret reached
   * Entra). One UpdateItem, which the authorizer's IAM allows; a secret deleted meanwhile is not recreated.
   */
  async touchSecret(clientId: string, secretHash: string): Promise<void> {
    const now = this.now().toISOString();
    const request = clientAccessPatterns.touchSecret(this.table, clientId, secretHash, now);
    await sendIfConditionHolds(() => this.db.send(new UpdateCommand(request)));
  }

  /** The client if it is the tenant's (a client id of another tenant is as unknown as a missing one). */
  private async clientOf(tenantId: string, clientId: string): Promise<ClientInfo | undefined> {
    const client = await this.getClient(clientId);
    return client?.tenantId === tenantId ? client : undefined;
  }

  private async get(request: GetCommandInput): Promise<Record<string, unknown> | undefined> {
    return (await send(() => this.db.send(new GetCommand(request)))).Item;
  }

  private async deleteClientItem(key: { pk: string; sk: string }, tenantId: string): Promise<void> {
    const request = clientAccessPatterns.deleteClientItem(this.table, key, tenantId);
    // A condition that fails: already gone (a delete run twice), nothing to do.
    await sendIfConditionHolds(() => this.db.send(new DeleteCommand(request)));
  }

  private async deleteAccessTokens(tenantId: string, clientId: string): Promise<void> {
    const request = clientAccessPatterns.queryAccessTokens(this.table, tenantId, clientId);
    for (const token of await collect(this.db, request, (i) => i)) {
      const hash = String(token.pk).slice('TOKEN#'.length);
      const deleted = tokenAccessPatterns.deleteToken(this.table, hash, tenantId);
      await sendIfConditionHolds(() => this.db.send(new DeleteCommand(deleted)));
    }
  }

  private async revokeAccessTokens(tenantId: string, clientId: string, secretId: string): Promise<void> {
    const request = clientAccessPatterns.queryAccessTokens(this.table, tenantId, clientId, secretId);
    const revokedAt = this.now().toISOString();
    for (const token of await collect(this.db, request, (i) => i)) {
      if (token.status !== 'active') continue;
      const hash = String(token.pk).slice('TOKEN#'.length);
      const changes = { status: 'revoked', revokedAt };
      const revoke = tokenAccessPatterns.updateToken(this.table, hash, tenantId, changes);
      await sendIfConditionHolds(() => this.db.send(new UpdateCommand({ ...revoke, ReturnValues: 'NONE' })));
    }
  }
}
