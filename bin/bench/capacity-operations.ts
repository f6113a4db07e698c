import { randomUUID } from 'node:crypto';
import { patchOp } from '../../test/support/users';
import { addMembers, entraGroup } from './entra-group';
import { type EntraUser, entraUser } from './entra-user';
import { fullyMappedEntraUser } from './fully-mapped-entra-user';

/** What a capacity step sends. */
export interface ScimCall {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

/** The tenant as the steps find it: seeded, with one of its users and 101 user ids at hand. */
export interface SeededTenant {
  readonly size: number;
  readonly run: string;
  readonly existing: EntraUser;
  readonly existingId: string;
  /** Users to add to the group: the first alone, the next 100 in one PATCH. */
  readonly candidates: readonly string[];
}

/** Ids the steps create, filled in as they run. */
export interface CreatedIds {
  userId: string;
  groupId: string;
  /** The fully mapped user's. */
  fullUserId?: string;
}

/** The suffix of the rows of the fully mapped user (fully-mapped-entra-user.ts). */
export const FULLY_MAPPED = ' (fully mapped user)';

export interface CapacityStep {
  /** The row's name in the report (cost.ts finds its operations by it). */
  readonly operation: string;
  readonly call: () => ScimCall;
  /** Keeps what the response created. */
  readonly keep?: (id: string) => void;
}

export const filterEq = (attribute: string, value: string) =>
  `filter=${attribute}+eq+%22${encodeURIComponent(value)}%22`;

/** Entra's lookup when email is the matching attribute (issue 13 §2): `emails[type eq "work"].value eq "…"`. */
export const workEmailEq = (value: string) =>
  `filter=${encodeURIComponent(`emails[type eq "work"].value eq "${value}"`)}`;

/** Every operation Entra and Okta use, once each, in this order: users first, then a group. */
export function capacitySteps(tenant: SeededTenant, created: CreatedIds): CapacityStep[] {
  const { existing, existingId, candidates, run } = tenant;
  const groupName = `Group ${run}`;
  const user = () => `/Users/${created.userId}`;
  const group = () => `/Groups/${created.groupId}`;
  const replace = (path: string, value: unknown) => patchOp({ op: 'replace', path, value });
  const newcomer = entraUser(tenant.size + 1, run);
  return [
    { operation: 'Test Connection probe', call: () => get(`/Users?${filterEq('userName', randomUUID())}`) },
    {
      operation: 'user filter by userName',
      call: () => get(`/Users?${filterEq('userName', existing.userName)}`),
    },
    {
      operation: 'user filter by externalId',
      call: () => get(`/Users?${filterEq('externalId', existing.externalId)}`),
    },
    {
      operation: 'user filter by work email',
      call: () => get(`/Users?${workEmailEq(existing.userName)}`),
    },
    {
      operation: 'user filter by emails.value',
      call: () => get(`/Users?${filterEq('emails.value', existing.userName)}`),
    },
    {
      operation: 'user filter by emails',
      call: () => get(`/Users?${filterEq('emails', existing.userName)}`),
    },
    // Email matching as Entra runs it: look the user up, find nothing, create it, look it up again.
    {
      operation: 'email match before create (none)',
      call: () => get(`/Users?${workEmailEq(newcomer.userName)}`),
    },
    {
      operation: 'user create',
      call: () => ({ method: 'POST', path: '/Users', body: newcomer.body }),
      keep: (id) => {
        created.userId = id;
      },
    },
    {
      operation: 'email match after create',
      call: () => get(`/Users?${workEmailEq(newcomer.userName)}`),
    },
    { operation: 'user get', call: () => get(`/Users/${existingId}`) },
    { operation: 'user PATCH replace', call: () => patch(user(), replace('displayName', 'Renamed')) },
    { operation: 'user disable', call: () => patch(user(), replace('active', false)) },
    { operation: 'user delete', call: () => ({ method: 'DELETE', path: user() }) },
    ...fullyMappedUserSteps(tenant, created),
    {
      operation: 'group create',
      call: () => ({ method: 'POST', path: '/Groups', body: entraGroup(groupName, `aad-group-${run}`) }),
      keep: (id) => {
        created.groupId = id;
      },
    },
    {
      operation: 'group filter, excludedAttributes=members',
      call: () => get(`/Groups?excludedAttributes=members&${filterEq('displayName', groupName)}`),
    },
    { operation: 'group add 1 member', call: () => patch(group(), addMembers(candidates.slice(0, 1))) },
    { operation: 'group add 100 members', call: () => patch(group(), addMembers(candidates.slice(1, 101))) },
    {
      operation: 'group remove 1 member',
      call: () => patch(group(), patchOp({ op: 'remove', path: `members[value eq "${candidates[0]}"]` })),
    },
    { operation: 'group rename', call: () => patch(group(), replace('displayName', `${groupName} 2`)) },
    { operation: 'group delete (100 members)', call: () => ({ method: 'DELETE', path: group() }) },
  ];
}

/**
 * The user steps whose cost depends on the item's size, again for a user with Entra's default mappings
 * filled in (over 1 KB, where a write costs another unit per item); the lookups read under 4 KB either way.
 */
function fullyMappedUserSteps(tenant: SeededTenant, created: CreatedIds): CapacityStep[] {
  const full = fullyMappedEntraUser(tenant.size + 2, tenant.run, tenant.existingId);
  const user = () => `/Users/${created.fullUserId}`;
  const replace = (path: string, value: unknown) => patchOp({ op: 'replace', path, value });
  return [
    {
      operation: `user create${FULLY_MAPPED}`,
      call: () => ({ method: 'POST', path: '/Users', body: full.body }),
      keep: (id) => {
        created.fullUserId = id;
      },
    },
    { operation: `user get${FULLY_MAPPED}`, call: () => get(user()) },
    {
      operation: `user PATCH replace${FULLY_MAPPED}`,
      call: () => patch(user(), replace('displayName', 'Renamed')),
    },
    { operation: `user disable${FULLY_MAPPED}`, call: () => patch(user(), replace('active', false)) },
    { operation: `user delete${FULLY_MAPPED}`, call: () => ({ method: 'DELETE', path: user() }) },
  ];
}

const get = (path: string): ScimCall => ({ method: 'GET', path });
const patch = (path: string, body: unknown): ScimCall => ({ method: 'PATCH', path, body });
