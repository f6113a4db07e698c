import { randomInt, randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { foldCase } from '../scim/filter/fold-case';
import type { ResourceState } from '../scim/representation';
import type {
  DeleteOptions,
  ListedPage,
  ListPlan,
  MarkedResource,
  ResourceStorePort,
  WriteOutcome,
} from '../scim/resource-store-port';
import type { ScimResource } from '../scim/schema/resource-schema';
import { type ResourceKind, UNIQUE_ATTRIBUTE } from '../scim/schema/resource-type';
import { ScimError } from '../scim/scim-error';
import { isAbandoned } from './abandoned-delete';
import { batchGet } from './batch-retry';
import { marshalled, plainClientOf } from './dynamo-client';
import { retryOnConflict, send, sendIfConditionHolds } from './dynamo-errors';
import { executeListPlan, type ResourcePage } from './list-executor';
import { MembershipStore, type MembershipStoreOptions } from './membership-store';
import { collect, readPage } from './paginate';
import { ResourceDeletion, toMarked } from './resource-deletion';
import { resourceIdentity, toStored, writableIdentity } from './stored-state';
import {
  accessPatterns,
  keys,
  membershipPatterns,
  type ResourceIdentity,
  type ResourceItem,
} from './table-design';
import { failedConditions, joined, type Transaction, writeTransaction } from './transaction';

/** The most actions a create or replace of a resource puts in its own transaction; the rest is for related ones. */
export const OWN_TRANSACTION_ITEMS = 5;

/** Users or Groups of the data table. The tenant is an argument of every method and prefixes every key. */
export class ResourceStore implements ResourceStorePort {
  /** What a delete removes besides the resource's own items: its memberships, a Group's members. */
  protected readonly memberships: MembershipStore;

  /** The marks and the last step of a delete. */
  private readonly deletion: ResourceDeletion;

  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly table: string,
    readonly kind: ResourceKind,
    private readonly now: () => Date = () => new Date(),
    options: MembershipStoreOptions = {},
  ) {
    this.memberships = new MembershipStore(db, table, now, options);
    this.deletion = new ResourceDeletion(db, table, kind, now);
  }

  private identity(id: string, resource: ScimResource): ResourceIdentity {
    return resourceIdentity(this.kind, id, resource);
  }

  /**
   * Creates the resource; a taken name is a 409 `uniqueness`. `id` is the new resource's id when the caller
   * chose it, `related` the items written with it.
   */
  async create(
    tenant: string,
    resource: ScimResource,
    options: { readonly id?: string; readonly related?: (id: string) => Transaction } = {},
  ): Promise<ResourceState> {
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
      const identity = writableIdentity(this.kind, id, resource);
      const own = accessPatterns.createResource(
        this.table,
        tenant,
        item,
        identity,
        randomInt(keys.counterShards),
      );
      const related = options.related?.(id);
      await this.writeClaimingName(
        tenant,
        related === undefined ? own : joined(own, related),
        identity.foldedName,
      );
      return toStored(item);
    });
  }

  /**
   * Sends a transaction whose `uniqueName` action (if any) claims `foldedName`. A name still held by a
   * resource whose DELETE was abandoned is released by finishing that delete, and the transaction sent
   * again; a name held otherwise is a 409 `uniqueness`.
   */
  private async writeClaimingName(tenant: string, written: Transaction, foldedName: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await writeTransaction(this.db, written);
        return;
      } catch (error) {
        // The resource's own condition failing (a replace's version) comes first.
        const failed = failedConditions(error);
        if (failed?.has('uniqueName') !== true || failed.has('resource')) throw error;
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
    await this.finishDeleting(tenant, toMarked(item));
    return true;
  }

  private abandoned(item: ResourceItem): boolean {
    return isAbandoned(item, this.now());
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
  async get(tenant: string, id: string): Promise<ResourceState | undefined> {
    const item = await this.read(tenant, id);
    if (item === undefined) return undefined;
    if (item.deleting !== true) return toStored(item);
    if (this.abandoned(item)) await this.finishDeleting(tenant, toMarked(item));
    return undefined;
  }

  /** Several resources by id, in no particular order; ids without a resource are skipped. */
  async getMany(tenant: string, ids: readonly string[]): Promise<ResourceState[]> {
    const request = accessPatterns.getResources(this.table, tenant, this.kind, [...new Set(ids)]);
    const items = await batchGet(this.db, request);
    return items.filter((item) => item.deleting !== true).map((item) => toStored(item as ResourceItem));
  }

  /** The id holding a unique name (`userName` or Group `displayName`), compared case-insensitively. */
  async findIdByName(tenant: string, name: string): Promise<string | undefined> {
    const { Key, ...read } = accessPatterns.getUniqueName(this.table, tenant, this.kind, foldCase(name));
    // Before each of Entra's creates: the plain client (dynamo-client.ts, plainClientOf).
    const request = new GetItemCommand({ ...read, Key: marshalled(Key ?? {}) });
    const { Item } = await send(() => plainClientOf(this.db).send(request));
    const id = Item?.id?.S;
    return typeof id === 'string' ? id : undefined;
  }

  /** The ids of the resources with `email` among their emails, compared case-insensitively. */
  async findIdsByEmail(tenant: string, email: string): Promise<string[]> {
    const request = accessPatterns.queryEmail(this.table, tenant, this.kind, foldCase(email));
    return collect(this.db, request, (item) => String(item.sk));
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
    current: ResourceState,
    resource: ScimResource,
    related?: Transaction,
  ): Promise<WriteOutcome> {
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
    const after = writableIdentity(this.kind, current.id, resource);
    const own = accessPatterns.replaceResource(this.table, tenant, item, current.version, before, after);
    const written = related === undefined ? own : joined(own, related);
    try {
      await retryOnConflict(() => this.writeClaimingName(tenant, written, after.foldedName));
    } catch (error) {
      if (failedConditions(error)?.has('resource') === true) return { status: 'modified' };
      throw error;
    }
    return { status: 'written', stored: toStored(item) };
  }

  /**
   * Marks the resource as being deleted and returns it: from then on it is gone for the API and cannot
   * become a group member, while its memberships are removed. With `expectedVersion` (an If-Match), only
   * that version is marked. Undefined if there is no such resource (or version); a resource already being
   * deleted is returned again, so an interrupted DELETE can be retried to completion. A retained `deletion`
   * records the tombstone's expiry (and a User's groups) on the mark: see ResourceDeletion.
   */
  markDeleting(tenant: string, id: string, options: DeleteOptions = {}): Promise<MarkedResource | undefined> {
    return this.deletion.mark(tenant, id, options);
  }

  /** The daily sweep's mark of a deactivated user: see ResourceDeletion.markDeactivated. */
  markDeactivated(
    tenant: string,
    id: string,
    version: number,
    cutoff: string,
  ): Promise<MarkedResource | undefined> {
    return this.deletion.markDeactivated(tenant, id, version, cutoff);
  }

  /**
   * Finishes deleting a marked resource: its memberships in groups (and a Group's members), then its own
   * items. Every step is idempotent, so an interrupted delete can run again to completion.
   */
  async finishDeleting(tenant: string, marked: MarkedResource): Promise<void> {
    if (this.kind === 'Group') await this.memberships.removeAllMembers(tenant, marked.id);
    await this.memberships.removeFromAllGroups(tenant, marked.id);
    await this.delete(tenant, marked);
  }

  /**
   * Removes the resource's own items (resource, unique name, externalId) and uncounts it; a retained delete
   * puts its tombstone in the same transaction.
   */
  delete(tenant: string, marked: MarkedResource): Promise<void> {
    return this.deletion.removeItems(tenant, marked, this.identity(marked.id, marked.resource));
  }

  /**
   * A new version for a resource whose computed attributes changed (a Group's members); undefined if it is
   * gone or being deleted.
   */
  async touch(tenant: string, id: string): Promise<ResourceState | undefined> {
    const now = this.now().toISOString();
    return this.updated(membershipPatterns.touchResource(this.table, tenant, this.kind, id, now));
  }

  /** The resource after a conditional update that returns it; undefined if its condition does not hold. */
  private async updated(request: UpdateCommandInput): Promise<ResourceState | undefined> {
    const result = await sendIfConditionHolds(() => this.db.send(new UpdateCommand(request)));
    return result?.Attributes === undefined ? undefined : toStored(result.Attributes as ResourceItem);
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

  list(tenant: string, plan: ListPlan, matches: (stored: ResourceState) => boolean): Promise<ListedPage> {
    return executeListPlan(this, tenant, plan, matches);
  }
}
