/**
 * The store port: what the SCIM endpoints ask of storage, in SCIM's own terms (resources, versions, members
 * and member changes), and nothing of how it is stored. The endpoints depend on these interfaces only;
 * functions/storage/ implements them on DynamoDB (transactions and their limits, cancellation reasons,
 * compensation) and is the only side that knows the database. Types only: no AWS, no process.env.
 */
import type { ResourceState } from './representation';
import type { ScimResource } from './schema/resource-schema';
import type { ResourceKind } from './schema/resource-type';
import type { TenantPolicy } from './tenant-policy';

/** The resource a member refers to: a User or Group of the same tenant. */
export interface MemberRef {
  readonly id: string;
  readonly type: ResourceKind;
  readonly display?: string;
}

/** A change of a group's members: members to add (with their types) and ids to remove. */
export interface MemberChange {
  readonly adds: readonly MemberRef[];
  readonly removes: readonly string[];
}

/** Which of some member references name an existing User or Group, with its type, and which do not. */
export interface ResolvedMembers {
  readonly found: MemberRef[];
  readonly missing: string[];
}

/**
 * A write conditional on the version read: `written` with the new version; `modified` when somebody changed
 * the resource since (or it is being deleted): read again and retry, or answer 412 to an If-Match; `gone`
 * when a group was deleted while its members were written (what was written is taken back out).
 */
export type WriteOutcome =
  | { readonly status: 'written'; readonly stored: ResourceState }
  | { readonly status: 'modified' }
  | { readonly status: 'gone' };

/** One page of a listing as the store read it, before projection. */
export interface ListedPage {
  readonly resources: readonly ResourceState[];
  readonly totalResults?: number;
  /** RFC 9865: where the next page starts, when another page may hold matches. */
  readonly nextCursor?: string;
}

/** Where a listing's page is: by 1-based index (RFC 7644 §3.4.2.4) or after a cursor (RFC 9865). */
export type ListWindow =
  | { readonly by: 'index'; readonly startIndex: number; readonly count: number }
  /** `after` is the cursor: the id of the last resource of the previous page; undefined for the first. */
  | { readonly by: 'cursor'; readonly after: string | undefined; readonly count: number };

/**
 * How a listing is read, as data (computed by a pure function from the request, executed by the store):
 * `lookup` reads only the resources a filter names (by id, unique name or externalId), whatever the size
 * of the tenant; `scan` reads the tenant's resources in id order. `matches` (the filter) is applied to what
 * is read, except for what the plan says every item matches.
 */
export type ListPlan =
  | {
      readonly read: 'lookup';
      readonly ids: readonly string[];
      /** Unique names (`userName`, Group `displayName`), compared case-insensitively. */
      readonly names: readonly string[];
      readonly externalIds: readonly string[];
      /** Email addresses (any value of `emails`), compared case-insensitively. */
      readonly emails: readonly string[];
      readonly window: ListWindow;
    }
  | {
      readonly read: 'scan';
      readonly window: ListWindow;
      /** Whether every resource matches (no filter): totals come from the counters, not from reading. */
      readonly everyResourceMatches: boolean;
      /** A bound on the resources one cursor page examines, so that a rare match never reads the tenant. */
      readonly maxExamined?: number;
    };

/** How a DELETE deletes: at which version (an If-Match), and as the tenant's policy says (hard or retained). */
export interface DeleteOptions {
  readonly expectedVersion?: number;
  readonly deletion?: TenantPolicy['deletion'];
}

/** A resource marked as being deleted, with what its mark recorded for the tombstone of a retained delete. */
export interface MarkedResource extends ResourceState {
  readonly retention?: {
    /** When the mark was set: from then on the resource is gone for SCIM. */
    readonly deletedAt: string;
    /** When the tombstone expires. */
    readonly retainUntil: string;
    /** A User's groups when the DELETE began (at most 1,000; `truncated` beyond). */
    readonly groups?: { readonly ids: readonly string[]; readonly truncated: boolean };
  };
}

/** Users or Groups of a tenant: the tenant is an argument of every method. */
export interface ResourceStorePort {
  readonly kind: ResourceKind;
  /** Creates the resource; a taken unique name is a 409 `uniqueness`. */
  create(tenant: string, resource: ScimResource): Promise<ResourceState>;
  /** The resource, or undefined if there is none (or it is being deleted). */
  get(tenant: string, id: string): Promise<ResourceState | undefined>;
  /** Several resources by id, in no particular order; ids without a resource are skipped. */
  getMany(tenant: string, ids: readonly string[]): Promise<ResourceState[]>;
  /** Replaces `current` with `resource` if nobody changed it since it was read. */
  replace(tenant: string, current: ResourceState, resource: ScimResource): Promise<WriteOutcome>;
  /**
   * Marks the resource as being deleted (only at `expectedVersion`, if given) and returns it; undefined if
   * there is no such resource (or version). A resource already being deleted is returned again. With
   * `deletion` retain (the tenant's policy), the mark records the retention, and the delete leaves a
   * tombstone that the reader sees for that many days (whoever finishes it).
   */
  markDeleting(tenant: string, id: string, options?: DeleteOptions): Promise<MarkedResource | undefined>;
  /** Finishes deleting a marked resource, its memberships (and a Group's members) included; idempotent. */
  finishDeleting(tenant: string, marked: MarkedResource): Promise<void>;
  /** Executes a listing's plan; `matches` is its filter. */
  list(tenant: string, plan: ListPlan, matches: (stored: ResourceState) => boolean): Promise<ListedPage>;
}

/** Reading a tenant's memberships. */
export interface MembershipReader {
  /** A group's members in member-id order, a page at a time; members that no longer exist are left out. */
  livePages(tenant: string, groupId: string, pageSize?: number): AsyncIterable<MemberRef[]>;
  /** A group's members in member-id order, a page at a time, as recorded. */
  pages(tenant: string, groupId: string, pageSize?: number): AsyncIterable<MemberRef[]>;
  /** All member ids of a group. */
  memberIds(tenant: string, groupId: string): Promise<Set<string>>;
  /** The ids of the groups `memberId` is a direct member of. */
  groupIdsOf(tenant: string, memberId: string): Promise<string[]>;
  /** Which references name an existing User or Group (its `type` is a hint), and of which type. */
  resolve(tenant: string, references: readonly MemberRef[]): Promise<ResolvedMembers>;
  /**
   * The references that name an existing User or Group, with their types; any that does not is a 400
   * `invalidValue` naming it (checked before anything is written).
   */
  existing(tenant: string, references: readonly MemberRef[]): Promise<MemberRef[]>;
  /** Of a change, what changes something (RFC 7644 §3.5.2.1): adds not there yet, removes that are there. */
  effective(tenant: string, groupId: string, change: MemberChange): Promise<MemberChange>;
}

/** Groups, whose members are written with them. Added members must exist: resolved by the caller. */
export interface GroupStorePort extends ResourceStorePort {
  readonly members: MembershipReader;
  /**
   * Creates a group with its members: all or nothing. A member deleted since it was resolved is a 400
   * `invalidValue`.
   */
  createWithMembers(
    tenant: string,
    resource: ScimResource,
    members: readonly MemberRef[],
  ): Promise<ResourceState>;
  /**
   * Replaces a group's attributes and changes its members, conditional on the version read (a member
   * deleted since it was resolved is a 400 `invalidValue`).
   */
  replaceWithMembers(
    tenant: string,
    current: ResourceState,
    resource: ScimResource,
    change: MemberChange,
  ): Promise<WriteOutcome>;
  /**
   * Changes a group's members whatever its version (adding a member that is there, or removing one that is
   * not, changes nothing); `undefined` when nothing changed, else the group's new version or `gone`.
   */
  changeMembers(tenant: string, groupId: string, change: MemberChange): Promise<WriteOutcome | undefined>;
}
