/**
 * Provisioning events: what the vendor's application receives on the EventBridge bus after a SCIM write
 * committed (issue 11; docs/events.md). Types only, exported for consumers.
 */
import type { ResourceKind } from '../scim/schema/resource-type';

/** The EventBridge `detail-type` of a resource's event. */
export type ResourceEventType =
  | 'scim.user.created'
  | 'scim.user.updated'
  | 'scim.user.deactivated'
  | 'scim.user.reactivated'
  | 'scim.user.deleted'
  | 'scim.group.created'
  | 'scim.group.updated'
  | 'scim.group.deleted';

/** The EventBridge `detail-type` of a change of a group's members. */
export type MemberEventType = 'scim.group.member_added' | 'scim.group.member_removed';

export type ScimEventType = ResourceEventType | MemberEventType;

/**
 * The SCIM provisioning event URIs of RFC 9967 (SCIM Profile for SETs) these events match: create §2.4.1,
 * patch §2.4.2, delete §2.4.4, activate §2.4.5, deactivate §2.4.6. A `:full` event carries the resource,
 * a `:notice` one only the names of what changed (member events: `members`).
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

/** What every event's detail holds. */
export interface EventDetailBase {
  /**
   * Stable across redeliveries (the stream record's eventID and the event's type): consumers de-duplicate
   * on it.
   */
  readonly id: string;
  readonly tenantId: string;
  readonly resourceType: ResourceKind;
  /** The resource's SCIM `id` (for member events, the group's). */
  readonly resourceId: string;
  /** When the write committed (ISO 8601): the stream record's ApproximateCreationDateTime. */
  readonly committedAt: string;
  readonly eventUri: ScimEventUri;
}

/** The detail of a User's or Group's created, updated, (de|re)activated or deleted event. */
export interface ResourceEventDetail extends EventDetailBase {
  readonly externalId?: string;
  /** Users only. */
  readonly userName?: string;
  /** Groups always; Users when they have one. */
  readonly displayName?: string;
  /**
   * The SCIM representation (RFC 7643 §3) after the change, before it for `deleted`. `meta.location` is
   * relative (`/Users/<id>`): an event has no request, so no base URL. A Group's carries no `members`
   * (member events carry them). Absent, with `truncated: true`, when the detail would exceed EventBridge's
   * 256 KB entry (functions/storage/event-bus.ts): read the resource with the reader then.
   */
  readonly resource?: Readonly<Record<string, unknown>>;
  readonly truncated?: true;
  /** The top-level attributes whose values changed, as stored (extension attributes by schema URN). */
  readonly changedAttributes: readonly string[];
  /** `meta.version` after the change (before it, for `deleted`), e.g. `W/"3"`. */
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

export type ProvisioningEventDetail = ResourceEventDetail | MemberEventDetail;

/** An event as it is put on the bus: `detailType` becomes EventBridge's `detail-type`. */
export type ProvisioningEvent =
  | { readonly detailType: ResourceEventType; readonly detail: ResourceEventDetail }
  | { readonly detailType: MemberEventType; readonly detail: MemberEventDetail };
