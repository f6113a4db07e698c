import { randomInt, randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { foldCase } from '../scim/filter/fold-case';
import type { ScimResource } from '../scim/schema/resource-schema';
import { ScimError } from '../scim/scim-error';
import { cancellationReasons, retryOnConflict, send } from './dynamo-errors';
import {
  accessPatterns,
  keys,
  membershipPatterns,
  type ResourceIdentity,
  type ResourceItem,
  type ResourceKind,
} from './table-design';

/** A resource as stored: the canonical representation plus what `meta` is made of. */
export interface StoredResource {
  readonly id: string;
  readonly version: number;
  readonly created: string;
  readonly lastModified: string;
  readonly resource: ScimResource;
}

/** A page of a tenant's resources and where the next page starts. */
export interface ResourcePage {
  readonly resources: readonly StoredResource[];
  readonly lastEvaluatedKey?: Record<string, unknown>;
}

export type ReplaceOutcome = { readonly ok: true; readonly stored: StoredResource } | { readonly ok: false };

/**
 * Items of other kinds written in the same transaction as a resource (a Group's membership items), so
 * that both become visible together or not at all. A cancelled transaction whose failed condition is
 * among them is rethrown for the caller to explain.
 */
export type RelatedItems = readonly Record<string, unknown>[];

/** The most items a create or replace of a resource puts in its own transaction; the rest is for related items. */
export const OWN_TRANSACTION_ITEMS = 5;

/** The attribute that must be unique per tenant, for each kind. */
const UNIQUE_ATTRIBUTE: Record<ResourceKind, string> = { User: 'userName', Group: 'displayName' };

/** Users or Groups of the data table. The tenant is an argument of every method and prefixes every key. */
export class ResourceStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    readonly kind: ResourceKind,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private identity(id: string, resource: ScimResource): ResourceIdentity {
    const name = resource[UNIQUE_ATTRIBUTE[this.kind]];
    const externalId = resource.externalId;
    return {
      kind: this.kind,
      id,
      foldedName: foldCase(typeof name === 'string' ? name : ''),
      externalId: typeof externalId === 'string' ? externalId : undefined,
    };
  }

  /**
   * Creates the resource; a taken name is a 409 `uniqueness`. `id` is the new resource's id when the caller
   * chose it, `related` the items written with it.
   */
  async create(
    tenant: string,
    resource: ScimResource,
    options: { readonly id?: string; readonly related?: (id: string) => RelatedItems } = {},
  ): Promise<StoredResource> {
    return retryOnConflict(async () => {
      const id = options.id ?? randomUUID();
      const timestamp = this.now().toISOString();
      const item: ResourceItem = {
        ...keys.resource(tenant, this.kind, id),
        type: this.kind,
        id,
        version: 1,
        created: timestamp,
        lastModified: timestamp,
        resource,
      };
      const request = accessPatterns.createResource(
        this.table,
        tenant,
        item,
        this.identity(id, resource),
        randomInt(keys.counterShards),
      );
      const related = options.related?.(id) ?? [];
      if (related.length > 0)
        request.TransactItems = [...(request.TransactItems ?? []), ...(related as never[])];
      try {
        await send(() => this.db.send(new TransactWriteCommand(request)));
      } catch (error) {
        if (cancellationReasons(error)?.[1] === 'ConditionalCheckFailed') {
          throw ScimError.conflict(`A ${this.kind} with this ${UNIQUE_ATTRIBUTE[this.kind]} already exists`);
        }
        throw error;
      }
      return toStored(item);
    });
  }

  /** The resource, or undefined if there is none (or it is being deleted). */
  async get(tenant: string, id: string): Promise<StoredResource | undefined> {
    const request = accessPatterns.getResource(this.table, tenant, this.kind, id);
    const { Item } = await send(() => this.db.send(new GetCommand(request)));
    return Item === undefined || Item.deleting === true ? undefined : toStored(Item as ResourceItem);
  }

  /** Several resources by id, in no particular order; ids without a resource are skipped. */
  async getMany(tenant: string, ids: readonly string[]): Promise<StoredResource[]> {
    const found: StoredResource[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let request = accessPatterns.getResources(this.table, tenant, this.kind, unique.slice(i, i + 100));
      for (let attempt = 0; ; attempt++) {
        const current = request;
        const result = await send(() => this.db.send(new BatchGetCommand(current)));
        for (const item of result.Responses?.[this.table] ?? []) {
          if (item.deleting !== true) found.push(toStored(item as ResourceItem));
        }
        const unprocessed = result.UnprocessedKeys?.[this.table];
        if (unprocessed?.Keys === undefined || unprocessed.Keys.length === 0) break;
        if (attempt >= 5)
          throw ScimError.unavailable('The data store is temporarily unavailable, retry later');
        await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
        request = { RequestItems: { [this.table]: unprocessed } };
      }
    }
    return found;
  }

  /** The id holding a unique name (`userName` or Group `displayName`), compared case-insensitively. */
  async findIdByName(tenant: string, name: string): Promise<string | undefined> {
    const request = accessPatterns.getUniqueName(this.table, tenant, this.kind, foldCase(name));
    const { Item } = await send(() => this.db.send(new GetCommand(request)));
    return typeof Item?.id === 'string' ? Item.id : undefined;
  }

  /** The ids of the resources whose externalId is exactly `externalId`. */
  async findIdsByExternalId(tenant: string, externalId: string): Promise<string[]> {
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const request = {
        ...accessPatterns.queryExternalId(this.table, tenant, this.kind, externalId),
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      };
      const result = await send(() => this.db.send(new QueryCommand(request)));
      for (const item of result.Items ?? []) ids.push(String(item.sk));
      startKey = result.LastEvaluatedKey;
    } while (startKey !== undefined);
    return ids;
  }

  /**
   * Replaces `current` with `resource` if nobody changed it since it was read. `{ok: false}` means
   * somebody did (or it is being deleted): read again and retry, or answer 412 to an If-Match.
   */
  async replace(
    tenant: string,
    current: StoredResource,
    resource: ScimResource,
    related: RelatedItems = [],
  ): Promise<ReplaceOutcome> {
    const item: ResourceItem = {
      ...keys.resource(tenant, this.kind, current.id),
      type: this.kind,
      id: current.id,
      version: current.version + 1,
      created: current.created,
      lastModified: this.now().toISOString(),
      resource,
    };
    const before = this.identity(current.id, current.resource);
    const after = this.identity(current.id, resource);
    const request = accessPatterns.replaceResource(this.table, tenant, item, current.version, before, after);
    if (related.length > 0)
      request.TransactItems = [...(request.TransactItems ?? []), ...(related as never[])];
    try {
      await retryOnConflict(() => send(() => this.db.send(new TransactWriteCommand(request))));
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[0] === 'ConditionalCheckFailed') return { ok: false };
      // Index 1 is the new name's uniqueness only when the name changes; otherwise it is another item.
      if (before.foldedName !== after.foldedName && reasons?.[1] === 'ConditionalCheckFailed') {
        throw ScimError.conflict(`A ${this.kind} with this ${UNIQUE_ATTRIBUTE[this.kind]} already exists`);
      }
      throw error;
    }
    return { ok: true, stored: toStored(item) };
  }

  /**
   * Marks the resource as being deleted and returns it: from then on it is gone for the API and cannot
   * become a group member, while its memberships are removed. With `expectedVersion` (an If-Match), only
   * that version is marked. Undefined if there is no such resource (or version); a resource already being
   * deleted is returned again, so an interrupted DELETE can be retried to completion.
   */
  async markDeleting(
    tenant: string,
    id: string,
    expectedVersion?: number,
  ): Promise<StoredResource | undefined> {
    try {
      const request = accessPatterns.markDeleting(this.table, tenant, this.kind, id, expectedVersion);
      const { Attributes } = await send(() => this.db.send(new UpdateCommand(request)));
      return Attributes === undefined ? undefined : toStored(Attributes as ResourceItem);
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  /** Removes the resource's own items (resource, unique name, externalId) and uncounts it. */
  async delete(tenant: string, stored: StoredResource): Promise<void> {
    const identity = this.identity(stored.id, stored.resource);
    const request = accessPatterns.deleteResource(
      this.table,
      tenant,
      identity,
      randomInt(keys.counterShards),
    );
    try {
      await retryOnConflict(() => send(() => this.db.send(new TransactWriteCommand(request))));
    } catch (error) {
      // Already deleted by a concurrent request: the outcome the caller wanted.
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return;
      throw error;
    }
  }

  /**
   * A new version for a resource whose computed attributes changed (a Group's members); undefined if it is
   * gone or being deleted.
   */
  async touch(tenant: string, id: string): Promise<StoredResource | undefined> {
    try {
      const request = membershipPatterns.touchResource(
        this.table,
        tenant,
        this.kind,
        id,
        this.now().toISOString(),
      );
      const { Attributes } = await send(() => this.db.send(new UpdateCommand(request)));
      return Attributes === undefined ? undefined : toStored(Attributes as ResourceItem);
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  /** How many resources of this kind the tenant has. */
  async count(tenant: string): Promise<number> {
    const request = accessPatterns.getCounters(this.table, tenant, this.kind);
    const result = await send(() => this.db.send(new BatchGetCommand(request)));
    const items = result.Responses?.[this.table] ?? [];
    if (result.UnprocessedKeys?.[this.table] !== undefined) {
      throw ScimError.unavailable('The data store is temporarily unavailable, retry later');
    }
    return items.reduce((sum, item) => sum + (typeof item.count === 'number' ? item.count : 0), 0);
  }

  /** One page of the tenant's resources in id order, at most `limit` items read. */
  async page(
    tenant: string,
    startKey: Record<string, unknown> | undefined,
    limit?: number,
  ): Promise<ResourcePage> {
    const request = accessPatterns.queryResources(this.table, tenant, this.kind, startKey, limit);
    const result = await send(() => this.db.send(new QueryCommand(request)));
    const resources = (result.Items ?? [])
      .filter((item) => item.deleting !== true)
      .map((item) => toStored(item as ResourceItem));
    return result.LastEvaluatedKey === undefined
      ? { resources }
      : { resources, lastEvaluatedKey: result.LastEvaluatedKey };
  }
}

function toStored(item: ResourceItem): StoredResource {
  return {
    id: item.id,
    version: item.version,
    created: item.created,
    lastModified: item.lastModified,
    resource: item.resource,
  };
}
