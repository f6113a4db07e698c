/**
 * Provisioning events: what the vendor's application receives on the EventBridge bus after a SCIM write,
 * a purge or a tenant's policy change committed (issue 11; docs/events.md). Types only, exported for
 * consumers (`scim-endpoint-aws/events`).
 */
import type { ResourceKind } from '../scim/schema/resource-type';
import type { TenantPolicy } from '../scim/tenant-policy';

export type { TenantPolicy } from '../scim/tenant-policy';

/** The EventBridge `detail-type` of a resource's event. */
export type ResourceEventType =
  | 'scim.user.created'
  | 'scim.user.updated'
  | 'scim.user.deactivated'
  | 'scim.user.reactivated'
  | 'scim.user.deleted'
  | 'scim.user.purged'
  | 'scim.group.created'
  | 'scim.group.updated'
  | 'scim.group.deleted'
  | 'scim.group.purged';

/** The resource events whose detail says why the resource's data was removed for good. */
export type PurgedEventType = Extract<ResourceEventType, `${string}.purged`>;

/** The resource events of a DELETE, whose detail may say until when the resource is retained. */
export type DeletedEventType = Extract<ResourceEventType, `${string}.deleted`>;

/** The EventBridge `detail-type` of a change of a group's members. */
export type MemberEventType = 'scim.group.member_added' | 'scim.group.member_removed';

/** The EventBridge `detail-type` of a change of a tenant's own settings: not a SCIM resource's. */
export type TenantEventType = 'scim.tenant.policy_changed';

export type ScimEventType = ResourceEventType | MemberEventType | TenantEventType;

/**
 * The SCIM provisioning event URIs of RFC 9967 (SCIM Profile for SETs) these events match: create §2.4.1,
 * patch §2.4.2, delete §2.4.4, activate §2.4.5, deactivate §2.4.6 (the sections of draft-ietf-scim-events-16,
 * published as RFC 9967). A `:full` event carries the resource, a `:notice` one only the names of what
 * changed (member events: `members`). A purge is a delete (§2.4.4): RFC 9967 has no event of its own for it.
 */
export const SCIM_EVENT_URIS = {
  create: 'urn:ietf:params:scim:event:prov:create:full',
  patch: 'urn:ietf:params:scim:event:prov:patch:full',
  patchNotice: 'urn:ietf:params:scim:event:prov:patch:notice',
  delete: 'urn:ietf:params:scim:event:prov:delete',
  activate: 'urn:ietf:params:scim:event:prov:activate',
  deactivate: 'urn:ietf:params:scim:event:prov:deactivate',
} as const;

export type ScimEventUri = (typeof SCIM_EVENT_URIS)[keyof typeof SCIM_EVENT_URIS];

/** What every event's detail holds, tenant events included. */
export interface CommonEventDetail {
  /**
   * Stable across redeliveries (the stream record's eventID and the event's type): consumers de-duplicate
   * on it.
   */
  readonly id: string;
  readonly tenantId: string;
  /** When the write committed (ISO 8601): the stream record's ApproximateCreationDateTime. */
  readonly committedAt: string;
}

/** What the detail of every event about a SCIM resource (a User, a Group, a group's members) holds. */
export interface EventDetailBase extends CommonEventDetail {
  readonly resourceType: ResourceKind;
  /** The resource's SCIM `id` (for member events, the group's). */
  readonly resourceId: string;
  readonly eventUri: ScimEventUri;
}

/** The detail of a User's or Group's created, updated, (de|re)activated, deleted or purged event. */
export interface ResourceEventDetail extends EventDetailBase {
  readonly externalId?: string;
  /** Users only. */
  readonly userName?: string;
  /** Groups always; Users when they have one. */
  readonly displayName?: string;
  /**
   * The SCIM representation (RFC 7643 §3) after the change, before it for `deleted` and `purged`. `meta.location` is
   * relative (`/Users/<id>`): an event has no request, so no base URL. A Group's carries no `members`
   * (member events carry them). Absent, with `truncated: true`, when the detail would exceed EventBridge's
   * 256 KB entry (functions/storage/event-bus.ts): read the resource with the reader then.
   */
  readonly resource?: Readonly<Record<string, unknown>>;
  readonly truncated?: true;
  /** The top-level attributes whose values changed, as stored (extension attributes by schema URN). */
  readonly changedAttributes: readonly string[];
  /** `meta.version` after the change (before it, for `deleted` and `purged`), e.g. `W/"3"`. */
  readonly version: string;
}

/** The detail of a member added to or removed from a group. */
export interface MemberEventDetail extends EventDetailBase {
  readonly resourceType: 'Group';
  readonly groupId: string;
  readonly memberId: string;
  readonly memberType: ResourceKind;
  readonly display?: string;
}

/**
 * The detail of `scim.user.deleted` / `scim.group.deleted`. Under the tenant's `deletion: retain`, the
 * resource is kept as a tombstone (the reader's `getDeleted`) until `retainedUntil`; then a `purged`
 * event (reason `retention`) follows. Absent: deleted for good at once (`deletion: hard`).
 */
export interface DeletedEventDetail extends ResourceEventDetail {
  /** When the retention of the deleted resource ends (ISO 8601). */
  readonly retainedUntil?: string;
}

/**
 * Why a resource's data was removed for good: `retention`, its tombstone's retention (the tenant's
 * `deletion: retain`) ended, and Time to Live deleted it; `deactivated`, the User had been inactive for
 * the tenant's `purgeDeactivatedAfterDays`, and the daily sweep deleted it (no tombstone).
 */
export type PurgeReason = 'retention' | 'deactivated';

/**
 * The detail of `scim.user.purged` / `scim.group.purged`: a resource event (the resource as it was when
 * last seen, its version, all its attributes as `changedAttributes`), with `eventUri` the delete URI, and
 * why. A purge for `retention` follows the resource's `deleted` event (by the retention's days) and
 * carries when that DELETE happened; a purge of a `deactivated` User is its deletion: no `deleted` event
 * comes for it.
 */
export type PurgedEventDetail = ResourceEventDetail &
  (
    | {
        readonly reason: 'retention';
        /** When the DELETE that left the tombstone happened (ISO 8601). */
        readonly deletedAt: string;
      }
    | { readonly reason: 'deactivated' }
  );

/** A tenant policy's attributes (TenantPolicy's keys), as `changedAttributes` names them. */
export type TenantPolicyAttribute = keyof TenantPolicy;

/**
 * The detail of `scim.tenant.policy_changed`: the tenant's policy (functions/scim/tenant-policy.ts) as
 * `scim-admin tenants set` left it. A tenant event, not a SCIM resource's: no `resourceType`,
 * `resourceId` or `eventUri` (RFC 9967 defines no event for a service provider's settings).
 */
export interface PolicyChangedEventDetail extends CommonEventDetail {
  readonly policy: TenantPolicy;
  /** The policy before the change; absent when the policy was set for the first time (the default before). */
  readonly previous?: TenantPolicy;
  /**
   * The policy's attributes whose values changed (compared with the default policy when set for the first
   * time); never empty: a `tenants set` that changed nothing emits no event.
   */
  readonly changedAttributes: readonly TenantPolicyAttribute[];
}

export type ProvisioningEventDetail =
  | ResourceEventDetail
  | DeletedEventDetail
  | PurgedEventDetail
  | MemberEventDetail
  | PolicyChangedEventDetail;

/**
 * An event as it is put on the bus: `detailType` becomes EventBridge's `detail-type`. A union
 * discriminated by `detailType`: narrowing on it types the detail.
 */
export type ProvisioningEvent =
  | {
      readonly detailType: Exclude<ResourceEventType, PurgedEventType | DeletedEventType>;
      readonly detail: ResourceEventDetail;
    }
  | { readonly detailType: DeletedEventType; readonly detail: DeletedEventDetail }
  | { readonly detailType: PurgedEventType; readonly detail: PurgedEventDetail }
  | { readonly detailType: MemberEventType; readonly detail: MemberEventDetail }
  | { readonly detailType: TenantEventType; readonly detail: PolicyChangedEventDetail };
