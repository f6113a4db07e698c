import { randomInt, randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { foldCase } from '../scim/filter/fold-case';
import type { ScimResource } from '../scim/schema/resource-schema';
import { ScimError } from '../scim/scim-error';
import { batchGet } from './batch-retry';
import { cancellationReasons, retryOnConflict, send, sendIfConditionHolds } from './dynamo-errors';
import { MembershipStore, type MembershipStoreOptions } from './membership-store';
import { collect, readPage } from './paginate';
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

/**
 * How long after its mark a DELETE may still be working on a resource. A DELETE runs in a function with a
 * 28-second timeout (lib/scim-api.ts), and Lambda stops a function at its timeout
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html); every DELETE marks again. A
 * mark older than this (twice the timeout, and clock skew) belongs to a DELETE that stopped and was never
 * retried: the next request that meets it finishes that delete, rather than racing one still running.
 */
export const ABANDONED_DELETE_MILLIS = 60_000;

/** The attribute that must be unique per tenant, for each kind. */
const UNIQUE_ATTRIBUTE: Record<ResourceKind, string> = { User: 'userName', Group: 'displayName' };

/** Users or Groups of the data table. The tenant is an argument of every method and prefixes every key. */
export class ResourceStore {
  /** What a delete removes besides the resource's own items: its memberships, a Group's members. */
  private readonly memberships: MembershipStore;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    readonly kind: ResourceKind,
    private readonly now: () => Date = () => new Date(),
    options: MembershipStoreOptions = {},
  ) {
    this.memberships = new MembershipStore(db, table, now, options);
  }

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
      await this.writeClaimingName(tenant, request, 1, this.identity(id, resource).foldedName);
      return toStored(item);
    });
  }

  /**
   * Sends a transaction whose item `nameIndex` claims `foldedName`. A name still held by a resource whose
   * DELETE was abandoned is released by finishing that delete, and the transaction sent again; a name held
   * otherwise is a 409 `uniqueness`.
   */
  private async writeClaimingName(
    tenant: string,
    request: TransactWriteCommandInput,
    nameIndex: number,
    foldedName: string,
  ): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await send(() => this.db.send(new TransactWriteCommand(request)));
        return;
      } catch (error) {
        // Item 0 is the resource itself: its own condition failing (a replace's version) comes first.
        const reasons = cancellationReasons(error);
        if (reasons?.[nameIndex] !== 'ConditionalCheckFailed' || reasons[0] === 'ConditionalCheckFailed')
          throw error;
        if (attempt > 0 || !(await this.releaseAbandonedName(tenant, foldedName))) {
          throw ScimError.conflict(`A ${this.kind} with this ${UNIQUE_ATTRIBUTE[this.kind]} already exists`);
        }
      }
    }
  }

  /** Finishes the delete of the resource holding `foldedName` if it was abandoned; whether it did. */
  private async releaseAbandonedName(tenant: string, foldedName: string): Promise<boolean> {
    const request = accessPatterns.getUniqueName(this.table, tenant, this.kind, foldedName);
    const { Item: holder } = await send(() => this.db.send(new GetCommand(request)));
    if (typeof holder?.id !== 'string') return false;
    const item = await this.read(tenant, holder.id);
    if (item === undefined || !this.abandoned(item)) return false;
    await this.finishDeleting(tenant, toStored(item));
    return true;
  }

  /** Whether the resource is marked as being deleted by a DELETE that stopped (see ABANDONED_DELETE_MILLIS). */
  private abandoned(item: ResourceItem): boolean {
    if (item.deleting !== true) return false;
    const since = item.deletingSince === undefined ? 0 : Date.parse(item.deletingSince);
    return this.now().getTime() - since >= ABANDONED_DELETE_MILLIS;
  }

  /** The stored item, marked or not (strongly consistent). */
  private async read(tenant: string, id: string): Promise<ResourceItem | undefined> {
    const request = accessPatterns.getResource(this.table, tenant, this.kind, id);
    const { Item } = await send(() => this.db.send(new GetCommand(request)));
    return Item as ResourceItem | undefined;
  }

  /**
   * The resource, or undefined if there is none (or it is being deleted). A resource whose DELETE was
   * abandoned is deleted now, so that its name is free again.
   */
  async get(tenant: string, id: string): Promise<StoredResource | undefined> {
    const item = await this.read(tenant, id);
    if (item === undefined) return undefined;
    if (item.deleting !== true) return toStored(item);
    if (this.abandoned(item)) await this.finishDeleting(tenant, toStored(item));
    return undefined;
  }

  /** Several resources by id, in no particular order; ids without a resource are skipped. */
  async getMany(tenant: string, ids: readonly string[]): Promise<StoredResource[]> {
    const request = accessPatterns.getResources(this.table, tenant, this.kind, [...new Set(ids)]);
    const items = await batchGet(this.db, request);
    return items.filter((item) => item.deleting !== true).map((item) => toStored(item as ResourceItem));
  }

  /** The id holding a unique name (`userName` or Group `displayName`), compared case-insensitively. */
  async findIdByName(tenant: string, name: string): Promise<string | undefined> {
    const request = accessPatterns.getUniqueName(this.table, tenant, this.kind, foldCase(name));
    const { Item } = await send(() => this.db.send(new GetCommand(request)));
    return typeof Item?.id === 'string' ? Item.id : undefined;
  }

  /** The ids of the resources whose externalId is exactly `externalId`. */
  async findIdsByExternalId(tenant: string, externalId: string): Promise<string[]> {
    const request = accessPatterns.queryExternalId(this.table, tenant, this.kind, externalId);
    return collect(this.db, request, (item) => String(item.sk));
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
      // Index 1 is the new name's uniqueness only when the name changes; otherwise it is another item.
      await retryOnConflict(() =>
        before.foldedName === after.foldedName
          ? send(() => this.db.send(new TransactWriteCommand(request))).then(() => undefined)
          : this.writeClaimingName(tenant, request, 1, after.foldedName),
      );
    } catch (error) {
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return { ok: false };
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
    const request = accessPatterns.markDeleting(
      this.table,
      tenant,
      this.kind,
      id,
      this.now().toISOString(),
      expectedVersion,
    );
    const marked = await sendIfConditionHolds(() => this.db.send(new UpdateCommand(request)));
    return marked?.Attributes === undefined ? undefined : toStored(marked.Attributes as ResourceItem);
  }

  /**
   * Finishes deleting a marked resource: its memberships in groups (and a Group's members), then its own
   * items. Every step is idempotent, so an interrupted delete can run again to completion.
   */
  async finishDeleting(tenant: string, stored: StoredResource): Promise<void> {
    if (this.kind === 'Group') await this.memberships.removeAllMembers(tenant, stored.id);
    await this.memberships.removeFromAllGroups(tenant, stored.id);
    await this.delete(tenant, stored);
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
    const request = membershipPatterns.touchResource(
      this.table,
      tenant,
      this.kind,
      id,
      this.now().toISOString(),
    );
    const touched = await sendIfConditionHolds(() => this.db.send(new UpdateCommand(request)));
    return touched?.Attributes === undefined ? undefined : toStored(touched.Attributes as ResourceItem);
  }

  /** How many resources of this kind the tenant has. */
  async count(tenant: string): Promise<number> {
    const items = await batchGet(this.db, accessPatterns.getCounters(this.table, tenant, this.kind));
    return items.reduce((sum, item) => sum + (typeof item.count === 'number' ? item.count : 0), 0);
  }

  /** One page of the tenant's resources in id order, at most `limit` items read. */
  async page(
    tenant: string,
    startKey: Record<string, unknown> | undefined,
    limit?: number,
  ): Promise<ResourcePage> {
    const request = accessPatterns.queryResources(this.table, tenant, this.kind, limit);
    const { items, lastEvaluatedKey } = await readPage(this.db, request, startKey);
    const resources = items
      .filter((item) => item.deleting !== true)
      .map((item) => toStored(item as ResourceItem));
    return lastEvaluatedKey === undefined ? { resources } : { resources, lastEvaluatedKey };
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
