/**
 * A change the data table committed, in SCIM's terms: what the event builder is given. Storage decodes
 * stream records into it (functions/storage/stream-changes.ts); the builder never sees an item.
 */
import type { ResourceState } from '../scim/representation';
import type { MemberRef } from '../scim/resource-store-port';
import type { TenantPolicy } from '../scim/tenant-policy';

/** A resource as one side of a change: its state, and whether a DELETE had marked it. */
export interface ChangedResource {
  readonly state: ResourceState;
  /** Marked by a DELETE: gone for SCIM from then on (docs/table-design.md, Deleting). */
  readonly deleting: boolean;
  /** Marked by the daily sweep's purge of a deactivated User rather than by a DELETE. */
  readonly purgeReason?: 'deactivated';
  /** Marked by a DELETE under retention: when the tombstone it leaves expires (ISO 8601). */
  readonly retainUntil?: string;
}

/** What every change holds. */
interface ChangeBase {
  /** The stream record's eventID: the same on redelivery, so event ids derived from it are stable. */
  readonly streamEventId: string;
  /** When the write committed (ISO 8601). */
  readonly committedAt: string;
  readonly tenantId: string;
}

/** A User or Group item written: created (no `before`), changed, or removed (no `after`). */
export interface ResourceChange extends ChangeBase {
  readonly kind: 'resource';
  readonly resourceType: 'User' | 'Group';
  readonly before?: ChangedResource;
  readonly after?: ChangedResource;
}

/** A membership item written or removed. */
export interface MembershipChange extends ChangeBase {
  readonly kind: 'membership';
  readonly groupId: string;
  readonly member: MemberRef;
  readonly change: 'added' | 'removed';
}

/**
 * A retained deletion's tombstone (the resource as it was when deleted) written, or removed: `expired`
 * when Time to Live removed it, its retention over; `removed` otherwise (a tenant's purge).
 */
export interface TombstoneChange extends ChangeBase {
  readonly kind: 'tombstone';
  readonly resourceType: 'User' | 'Group';
  readonly change: 'written' | 'expired' | 'removed';
  readonly state: ResourceState;
  /** When the DELETE happened (ISO 8601). */
  readonly deletedAt: string;
}

/** A tenant's policy set (no `before` the first time). */
export interface PolicyChange extends ChangeBase {
  readonly kind: 'policy';
  readonly before?: TenantPolicy;
  readonly after: TenantPolicy;
}

export type CommittedChange = ResourceChange | MembershipChange | TombstoneChange | PolicyChange;
