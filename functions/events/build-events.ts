/**
 * Provisioning events from committed changes: pure, so that the same changes always give the same events
 * (and the same ids) on redelivery. docs/events.md gives the rules and an example of each event.
 */
import { deepEqual } from '../scim/patch/deep-equal';
import { etagOf, type ResourceState, toRepresentation } from '../scim/representation';
import { GROUP_RESOURCE_TYPE, type ResourceKind, USER_RESOURCE_TYPE } from '../scim/schema/resource-type';
import { DEFAULT_TENANT_POLICY } from '../scim/tenant-policy';
import type {
  CommittedChange,
  MembershipChange,
  PolicyChange,
  ResourceChange,
  TombstoneChange,
} from './committed-change';
import {
  type DeletedEventType,
  type PolicyChangedEventDetail,
  type ProvisioningEvent,
  type PurgedEventType,
  type ResourceEventDetail,
  type ResourceEventType,
  SCIM_EVENT_URIS,
  type ScimEventUri,
  type TenantPolicyAttribute,
} from './provisioning-event';

export interface BuildOptions {
  /**
   * Whether a resource is being deleted or gone (the caller reads the table; the builder is pure). A
   * membership removed because its group or member is deleted emits nothing: the deletion is the event.
   */
  readonly deleting: (tenantId: string, id: string) => boolean;
}

/** The events of some committed changes, in the order of the changes. */
export function buildEvents(changes: readonly CommittedChange[], options: BuildOptions): ProvisioningEvent[] {
  const deletedHere = new Set(
    changes.flatMap((c) =>
      deletes(c) && c.before !== undefined ? [idKey(c.tenantId, c.before.state.id)] : [],
    ),
  );
  const deleting = (tenantId: string, id: string) =>
    deletedHere.has(idKey(tenantId, id)) || options.deleting(tenantId, id);
  return changes.flatMap((change): ProvisioningEvent[] => {
    if (change.kind === 'resource') return resourceEvents(change);
    if (change.kind === 'membership') return memberEvents(change, deleting);
    if (change.kind === 'tombstone') return tombstoneEvents(change);
    return policyEvents(change);
  });
}

function idKey(tenantId: string, id: string): string {
  return `${tenantId}/${id}`;
}

/** Whether a change is a resource disappearing for SCIM: marked by a DELETE, or removed unmarked. */
function deletes(change: CommittedChange): change is ResourceChange {
  if (change.kind !== 'resource' || change.before === undefined || change.before.deleting) return false;
  return change.after === undefined || change.after.deleting;
}

/**
 * A resource's events. A deletion is `deleted`, or `purged` (reason `deactivated`) when the daily sweep
 * marked a deactivated User: that purge is its deletion, one event.
 */
function resourceEvents(change: ResourceChange): ProvisioningEvent[] {
  const { before, after } = change;
  if (deletes(change) && before !== undefined) {
    if (after?.purgeReason === 'deactivated') {
      const detail = resourceDetail(change, purgedType(change), SCIM_EVENT_URIS.delete, before.state);
      return [{ detailType: purgedType(change), detail: { ...detail, reason: 'deactivated' } }];
    }
    return [deletedEvent(change, before.state)];
  }
  if (after === undefined || after.deleting) return []; // final removal, or a DELETE marking again
  if (before === undefined) {
    return [resourceEvent(change, 'created', after.state, Object.keys(after.state.resource))];
  }
  if (before.deleting) return [];
  return updateEvents(change, before.state, after.state);
}

/**
 * A change of attributes: `deactivated` or `reactivated` when `active` turned false or back (RFC 7643
 * §4.1.1; absent counts as active), with `changedAttributes` ['active'], and `updated` with every other
 * attribute that changed. A write that changed no attribute (a retried PATCH, a member change's version
 * bump) emits nothing.
 */
function updateEvents(
  change: ResourceChange,
  before: ResourceState,
  after: ResourceState,
): ProvisioningEvent[] {
  const changed = changedAttributes(before.resource, after.resource);
  const flipped = change.resourceType === 'User' && isActive(before) !== isActive(after);
  const others = flipped ? changed.filter((name) => name !== 'active') : changed;
  const events = others.length === 0 ? [] : [resourceEvent(change, 'updated', after, others)];
  if (flipped) {
    events.push(resourceEvent(change, isActive(after) ? 'reactivated' : 'deactivated', after, ['active']));
  }
  return events;
}

function isActive(state: ResourceState): boolean {
  return state.resource.active !== false;
}

/** The top-level attributes whose values differ, in the order of `after` then of `before` (removed ones). */
export function changedAttributes<T extends object>(before: T, after: T): (keyof T & string)[] {
  const names = [...new Set([...Object.keys(after), ...Object.keys(before)])] as (keyof T & string)[];
  return names.filter((name) => !deepEqual(before[name], after[name]));
}

type ResourceVerb = 'created' | 'updated' | 'deactivated' | 'reactivated';

const URI_OF: Readonly<Record<ResourceVerb, ScimEventUri>> = {
  created: SCIM_EVENT_URIS.create,
  updated: SCIM_EVENT_URIS.patch,
  deactivated: SCIM_EVENT_URIS.deactivate,
  reactivated: SCIM_EVENT_URIS.activate,
};

function resourceEvent(
  change: ResourceChange,
  verb: ResourceVerb,
  state: ResourceState,
  changed: readonly string[],
): ProvisioningEvent {
  // Only Users (de|re)activate (updateEvents), so this is one of the ResourceEventTypes.
  const detailType = `scim.${change.resourceType === 'User' ? 'user' : 'group'}.${verb}` as Exclude<
    ResourceEventType,
    PurgedEventType | DeletedEventType
  >;
  return { detailType, detail: resourceDetail(change, detailType, URI_OF[verb], state, changed) };
}

/** A DELETE's event: the resource before it, and until when it is retained if it is. */
function deletedEvent(change: ResourceChange, state: ResourceState): ProvisioningEvent {
  const detailType: DeletedEventType =
    change.resourceType === 'User' ? 'scim.user.deleted' : 'scim.group.deleted';
  const detail = resourceDetail(change, detailType, SCIM_EVENT_URIS.delete, state);
  const retainedUntil = change.after?.retainUntil;
  return { detailType, detail: retainedUntil === undefined ? detail : { ...detail, retainedUntil } };
}

/** What a resource event's detail says of the resource; `changed` all its attributes unless given. */
function resourceDetail(
  change: ResourceChange | TombstoneChange,
  detailType: ResourceEventType,
  eventUri: ScimEventUri,
  state: ResourceState,
  changed: readonly string[] = Object.keys(state.resource),
): ResourceEventDetail {
  return {
    id: eventId(change.streamEventId, detailType),
    tenantId: change.tenantId,
    resourceType: change.resourceType,
    resourceId: state.id,
    committedAt: change.committedAt,
    eventUri,
    ...names(change.resourceType, state),
    resource: representation(change.resourceType, state),
    changedAttributes: changed,
    version: etagOf(state.version),
  };
}

function purgedType(change: ResourceChange | TombstoneChange): PurgedEventType {
  return change.resourceType === 'User' ? 'scim.user.purged' : 'scim.group.purged';
}

/**
 * A tombstone's events: `purged` (reason `retention`) when Time to Live removed it. Its writing emits
 * nothing (the DELETE's mark emitted `deleted`), nor its removal by a tenant's purge.
 */
function tombstoneEvents(change: TombstoneChange): ProvisioningEvent[] {
  if (change.change !== 'expired') return [];
  const detail = resourceDetail(change, purgedType(change), SCIM_EVENT_URIS.delete, change.state);
  return [
    {
      detailType: purgedType(change),
      detail: { ...detail, reason: 'retention', deletedAt: change.deletedAt },
    },
  ];
}

/**
 * A policy's change, against the default policy the first time (a tenant without a policy item has the
 * default): none when no attribute changed (a `tenants set` repeating the policy rewrites `updatedAt`).
 */
function policyEvents(change: PolicyChange): ProvisioningEvent[] {
  const { before, after } = change;
  const changed: TenantPolicyAttribute[] = changedAttributes(before ?? DEFAULT_TENANT_POLICY, after);
  if (changed.length === 0) return [];
  const detailType = 'scim.tenant.policy_changed';
  const detail: PolicyChangedEventDetail = {
    id: eventId(change.streamEventId, detailType),
    tenantId: change.tenantId,
    committedAt: change.committedAt,
    policy: after,
    ...(before === undefined ? {} : { previous: before }),
    changedAttributes: changed,
  };
  return [{ detailType, detail }];
}

/** The names an event carries outside the representation, so that rules can match on them. */
function names(kind: ResourceKind, state: ResourceState) {
  const { externalId, userName, displayName } = state.resource;
  return {
    ...(typeof externalId === 'string' ? { externalId } : {}),
    ...(kind === 'User' && typeof userName === 'string' ? { userName } : {}),
    ...(typeof displayName === 'string' ? { displayName } : {}),
  };
}

/** The representation with a relative `meta.location` (`/Users/<id>`): an event has no base URL. */
function representation(kind: ResourceKind, state: ResourceState): Record<string, unknown> {
  return toRepresentation(state, kind === 'User' ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE, '');
}

/** One stream record gives at most one event of each type, so its eventID and the type identify one. */
function eventId(streamEventId: string, detailType: string): string {
  return `${streamEventId}:${detailType}`;
}

function memberEvents(
  change: MembershipChange,
  deleting: (tenantId: string, id: string) => boolean,
): ProvisioningEvent[] {
  const { tenantId, groupId, member } = change;
  if (change.change === 'removed' && (deleting(tenantId, groupId) || deleting(tenantId, member.id))) {
    return [];
  }
  const detailType = change.change === 'added' ? 'scim.group.member_added' : 'scim.group.member_removed';
  return [
    {
      detailType,
      detail: {
        id: eventId(change.streamEventId, detailType),
        tenantId,
        resourceType: 'Group',
        resourceId: groupId,
        committedAt: change.committedAt,
        eventUri: SCIM_EVENT_URIS.patchNotice,
        groupId,
        memberId: member.id,
        memberType: member.type,
        ...(member.display === undefined ? {} : { display: member.display }),
      },
    },
  ];
}
