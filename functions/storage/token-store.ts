import { randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DEFAULT_TENANT_POLICY, parseTenantPolicy, type TenantPolicy } from '../scim/tenant-policy';
import { retryOnConflict, send, sendIfConditionHolds } from './dynamo-errors';
import { collect } from './paginate';
import {
  type TenantCondition,
  type TenantItem,
  TOKEN_INDEX_PREFIX,
  type TokenItem,
  tokenAccessPatterns,
  tokenKeys,
} from './table-design';
import {
  type ActiveTenant,
  type Lease,
  originAttributes,
  type ResolvedToken,
  type Tenant,
  type TokenCheck,
  type TokenCredential,
  type TokenInfo,
  type TokenOrigin,
  toTenant,
  toTokenInfo,
} from './token-items';
import { failedConditions, writeTransaction } from './transaction';

export type {
  ActiveTenant,
  Lease,
  ResolvedToken,
  Tenant,
  TokenCheck,
  TokenCredential,
  TokenInfo,
  TokenOrigin,
};

/** Tenants and their bearer tokens, which it knows only by their SHA-256 hashes. */
export class TokenStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Writes a tenant record unless one with its id exists (then undefined). */
  private async putNewTenant(item: TenantItem): Promise<Tenant | undefined> {
    const put = await sendIfConditionHolds(() =>
      this.db.send(new PutCommand(tokenAccessPatterns.putTenant(this.table, item))),
    );
    return put === undefined ? undefined : toTenant(item as unknown as Record<string, unknown>);
  }

  /** Creates a tenant; false if one with this id exists. */
  async createTenant(tenant: Omit<Tenant, 'createdAt' | 'status'>): Promise<Tenant | undefined> {
    const item: TenantItem = {
      ...tokenKeys.tenant(tenant.tenantId),
      ...tokenKeys.tenantIndex(tenant.tenantId),
      type: 'Tenant',
      status: 'active',
      createdAt: this.now().toISOString(),
      ...tenant,
    };
    return this.putNewTenant(item);
  }

  /**
   * Reserves a tenant id in state 'creating', held by `lease`: the first step of a create, so that a
   * concurrent create of the same id finds it taken. Undefined if the id is taken.
   */
  async reserveTenant(
    tenant: { readonly tenantId: string; readonly tier: string },
    lease: Lease,
  ): Promise<Tenant | undefined> {
    const item: TenantItem = {
      ...tokenKeys.tenant(tenant.tenantId),
      ...tokenKeys.tenantIndex(tenant.tenantId),
      type: 'Tenant',
      tenantId: tenant.tenantId,
      tier: tenant.tier,
      status: 'creating',
      createdAt: this.now().toISOString(),
      lease: lease.id,
      leaseUntil: lease.until,
    };
    return this.putNewTenant(item);
  }

  /** Sets and removes attributes of a tenant if `condition` holds; undefined if it does not. */
  async updateTenantIf(
    tenantId: string,
    changes: Readonly<Record<string, unknown>>,
    remove: readonly string[],
    condition: TenantCondition,
  ): Promise<Tenant | undefined> {
    const request = tokenAccessPatterns.updateTenantIf(this.table, tenantId, changes, remove, condition);
    const updated = await sendIfConditionHolds(() => this.db.send(new UpdateCommand(request)));
    return updated?.Attributes === undefined ? undefined : toTenant(updated.Attributes);
  }

  /** Removes a tenant's record if `condition` holds; false if it does not. */
  async deleteTenantIf(tenantId: string, condition: TenantCondition): Promise<boolean> {
    const request = tokenAccessPatterns.deleteTenantIf(this.table, tenantId, condition);
    return (await sendIfConditionHolds(() => this.db.send(new DeleteCommand(request)))) !== undefined;
  }

  /**
   * Removes every token of a tenant, Secret Tokens and access tokens (the authorizer refuses them at once,
   * or within its cache TTL).
   */
  async deleteTokens(tenantId: string): Promise<number> {
    const items = [
      ...(await this.queryAll(tokenKeys.tenant(tenantId).pk, TOKEN_INDEX_PREFIX.token)),
      ...(await this.queryAll(tokenKeys.tenant(tenantId).pk, TOKEN_INDEX_PREFIX.access)),
    ];
    for (const item of items) {
      const hash = String(item.pk).slice('TOKEN#'.length);
      const request = tokenAccessPatterns.deleteToken(this.table, hash, tenantId);
      // A token whose condition fails is already gone or another tenant's: nothing to delete.
      await sendIfConditionHolds(() => this.db.send(new DeleteCommand(request)));
    }
    return items.length;
  }

  async getTenant(tenantId: string): Promise<Tenant | undefined> {
    const { Item } = await send(() =>
      this.db.send(new GetCommand(tokenAccessPatterns.getTenant(this.table, tenantId))),
    );
    return Item === undefined ? undefined : toTenant(Item);
  }

  async listTenants(): Promise<Tenant[]> {
    return (await this.queryAll(tokenKeys.tenantIndex('').gsi1pk)).map(toTenant);
  }

  /** Changes a tenant; undefined if it does not exist. */
  async updateTenant(
    tenantId: string,
    changes: Partial<Pick<Tenant, 'status' | 'tier' | 'apiKeyId' | 'apiKey'>>,
  ): Promise<Tenant | undefined> {
    const updated = await sendIfConditionHolds(() =>
      this.db.send(new UpdateCommand(tokenAccessPatterns.updateTenant(this.table, tenantId, changes))),
    );
    return updated?.Attributes === undefined ? undefined : toTenant(updated.Attributes);
  }

  /**
   * Records a token, given by its hash and hint, for an existing tenant. With `origin`, an access token of
   * the token endpoint: listed under its client (not by listTokens), with a Time to Live a day after its
   * expiry. Undefined if the tenant does not exist, or (with `origin`) the client is not the tenant's.
   */
  async issueToken(
    tenantId: string,
    credential: TokenCredential,
    label: string,
    expiresAt?: string,
    origin?: TokenOrigin,
  ): Promise<TokenInfo | undefined> {
    const tokenId = `tok_${randomBytes(8).toString('hex')}`;
    const item: TokenItem = {
      ...tokenKeys.token(credential.hash),
      ...(origin === undefined
        ? tokenKeys.tokenIndex(tenantId, tokenId)
        : tokenKeys.accessTokenIndex(tenantId, origin.clientId, tokenId)),
      type: 'Token',
      tokenId,
      tenantId,
      label,
      hint: credential.hint,
      status: 'active',
      createdAt: this.now().toISOString(),
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...(origin === undefined ? {} : originAttributes(origin, expiresAt)),
    };
    try {
      await writeTransaction(this.db, tokenAccessPatterns.putToken(this.table, item));
    } catch (error) {
      if (failedConditions(error) !== undefined) return undefined;
      throw error;
    }
    return toTokenInfo(item as unknown as Record<string, unknown>);
  }

  /** The tenant's Secret Tokens (`tokens issue`); access tokens of the token endpoint are not listed. */
  async listTokens(tenantId: string): Promise<TokenInfo[]> {
    return (await this.queryAll(tokenKeys.tenant(tenantId).pk, TOKEN_INDEX_PREFIX.token)).map(toTokenInfo);
  }

  /** Revokes a Secret Token by id; undefined if the tenant has no such token. */
  async revokeToken(tenantId: string, tokenId: string): Promise<TokenInfo | undefined> {
    const { gsi1pk, gsi1sk } = tokenKeys.tokenIndex(tenantId, tokenId);
    const item = (await this.queryAll(gsi1pk, gsi1sk)).find((t) => t.tokenId === tokenId);
    if (item === undefined) return undefined;
    const hash = String(item.pk).slice('TOKEN#'.length);
    const request = tokenAccessPatterns.updateToken(this.table, hash, tenantId, {
      status: 'revoked',
      revokedAt: this.now().toISOString(),
    });
    const { Attributes } = await send(() => this.db.send(new UpdateCommand(request)));
    return Attributes === undefined ? undefined : toTokenInfo(Attributes);
  }

  /** The active tenant of an active, unexpired token, given by its hash, or undefined (see check). */
  async resolve(tokenHash: string): Promise<ResolvedToken | undefined> {
    const checked = await this.check(tokenHash);
    return checked.ok ? checked.token : undefined;
  }

  /**
   * The token's tenant if it authorises, else why not: with the tenant and token id when the token is
   * known (revoked, expired, of an inactive tenant), so that the refusal reaches the tenant's request log.
   * Dependency failures throw: the caller must answer them with a 5xx, never a 401.
   */
  async check(tokenHash: string): Promise<TokenCheck> {
    const { Item: item } = await send(() =>
      this.db.send(new GetCommand(tokenAccessPatterns.getToken(this.table, tokenHash))),
    );
    if (item === undefined) return { ok: false, reason: 'unknown' };
    const known = { tenantId: String(item.tenantId), tokenId: String(item.tokenId) };
    if (item.status !== 'active') return { ok: false, reason: 'revoked', ...known };
    if (typeof item.expiresAt === 'string' && item.expiresAt <= this.now().toISOString())
      return { ok: false, reason: 'expired', ...known };
    const tenant = await this.activeTenant(known.tenantId);
    if (tenant === undefined) return { ok: false, reason: 'inactive_tenant', ...known };
    const lastUsedAt = typeof item.lastUsedAt === 'string' ? { lastUsedAt: item.lastUsedAt } : {};
    return { ok: true, token: { ...tenant, tokenId: known.tokenId, ...lastUsedAt } };
  }

  /**
   * The tenant if it is active, with its parsed policy (what a valid credential, token or client secret,
   * authorises), else undefined (unknown, disabled, being created or deleted). One consistent GetItem;
   * dependency failures throw.
   */
  async activeTenant(tenantId: string): Promise<ActiveTenant | undefined> {
    const tenant = await this.getTenant(tenantId);
    if (tenant === undefined || tenant.status !== 'active') return undefined;
    return {
      tenantId: tenant.tenantId,
      // A stored policy that does not parse throws: the authorizer then fails (503), it never guesses.
      policy: tenant.policy === undefined ? DEFAULT_TENANT_POLICY : parseTenantPolicy(tenant.policy),
      ...(tenant.apiKey === undefined ? {} : { apiKey: tenant.apiKey }),
    };
  }

  /**
   * Sets an active tenant's policy if it is still `previous` (undefined: none stored), on its record and
   * as the data table's POLICY item, in one transaction (tokenAccessPatterns.setTenantPolicy). False if
   * the tenant is not there, not active or its policy changed meanwhile.
   */
  async setTenantPolicy(
    tenantId: string,
    policy: TenantPolicy,
    previous: TenantPolicy | undefined,
    dataTable: string,
  ): Promise<boolean> {
    const tables = { tokens: this.table, data: dataTable };
    const now = this.now().toISOString();
    const written = tokenAccessPatterns.setTenantPolicy(tables, tenantId, policy, previous, now);
    try {
      // Two changes at once may meet as a TransactionConflict: tried again; a failed condition is an answer.
      await retryOnConflict(() => writeTransaction(this.db, written));
      return true;
    } catch (error) {
      if (failedConditions(error)?.has('tenant') === true) return false;
      throw error;
    }
  }

  /**
   * Records when a token, given by its hash, was last used (the authorizer calls this at most once per
   * interval per token).
   */
  async touch(tokenHash: string, tenantId: string): Promise<void> {
    const request = tokenAccessPatterns.updateToken(this.table, tokenHash, tenantId, {
      lastUsedAt: this.now().toISOString(),
    });
    await send(() => this.db.send(new UpdateCommand({ ...request, ReturnValues: 'NONE' })));
  }

  private queryAll(gsi1pk: string, prefix?: string): Promise<Record<string, unknown>[]> {
    return collect(this.db, tokenAccessPatterns.queryIndex(this.table, gsi1pk, prefix), (item) => item);
  }
}
