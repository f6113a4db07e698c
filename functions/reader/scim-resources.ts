import { type ResourceState, toRepresentation } from '../scim/representation';
import type { ResourceType } from '../scim/schema/resource-type';

/** `meta` of a resource (RFC 7643 §3.1); `location` only when the reader was given the endpoint's base URL. */
export interface ScimMeta {
  readonly resourceType: 'User' | 'Group';
  readonly created: string;
  readonly lastModified: string;
  /** The weak entity tag of the version, as the endpoint's ETag header (`W/"3"`). */
  readonly version: string;
  readonly location?: string;
}

/** What every resource carries (RFC 7643 §3.1); every other attribute is kept as the client sent it. */
export interface ScimResourceBase {
  readonly schemas: readonly string[];
  readonly id: string;
  readonly externalId?: string;
  readonly meta: ScimMeta;
  readonly [attribute: string]: unknown;
}

/** A multi-valued attribute's value (RFC 7643 §2.4), as in `emails`. */
export interface ScimMultiValue {
  readonly value?: string;
  readonly type?: string;
  readonly primary?: boolean;
  readonly display?: string;
}

/** A User (RFC 7643 §4.1): the common attributes typed, the rest (the enterprise extension…) as stored. */
export interface ScimUser extends ScimResourceBase {
  readonly userName: string;
  readonly active?: boolean;
  readonly displayName?: string;
  readonly name?: {
    readonly formatted?: string;
    readonly givenName?: string;
    readonly familyName?: string;
    readonly middleName?: string;
  };
  readonly emails?: readonly ScimMultiValue[];
  readonly title?: string;
}

/**
 * A Group (RFC 7643 §4.2) without its `members`, which can be many: read them a page at a time with
 * `groups.members(id)`.
 */
export interface ScimGroup extends ScimResourceBase {
  readonly displayName: string;
}

/** A member of a group (RFC 7643 §4.2 `members`): the member's id as `value`, and whether a User or Group. */
export interface ScimMember {
  readonly value: string;
  readonly type: 'User' | 'Group';
  readonly display?: string;
}

/** One page of a listing: `nextCursor` (RFC 9865) is where the next page starts, absent after the last. */
export interface ReaderPage<T> {
  readonly resources: readonly T[];
  readonly nextCursor?: string;
}

/**
 * The resource as the endpoint returns it (the core's representation, RFC 7643 §3.1), without the table's
 * keys; without `meta.location` unless the endpoint's base URL is known.
 */
export function toScimResource(
  state: ResourceState,
  resourceType: ResourceType,
  baseUrl: string | undefined,
): ScimResourceBase {
  const representation = toRepresentation(state, resourceType, baseUrl ?? '');
  if (baseUrl !== undefined) return representation as unknown as ScimResourceBase;
  const { location: _location, ...meta } = representation.meta as ScimMeta;
  return { ...representation, meta } as unknown as ScimResourceBase;
}
