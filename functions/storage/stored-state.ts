import { foldCase } from '../scim/filter/fold-case';
import type { ResourceState } from '../scim/representation';
import { isPlainObject, type ScimResource } from '../scim/schema/resource-schema';
import { type ResourceKind, UNIQUE_ATTRIBUTE } from '../scim/schema/resource-type';
import { ScimError } from '../scim/scim-error';
import { MAX_EMAILS, type ResourceIdentity, type ResourceItem } from './table-design';

/** A resource item's state, without its keys and marks. */
export function toStored(item: ResourceItem): ResourceState {
  return {
    id: item.id,
    version: item.version,
    created: item.created,
    lastModified: item.lastModified,
    resource: item.resource,
  };
}

/**
 * What a resource's uniqueness and lookup items are derived from: its folded unique name, its externalId,
 * its folded email addresses.
 */
export function resourceIdentity(kind: ResourceKind, id: string, resource: ScimResource): ResourceIdentity {
  const name = resource[UNIQUE_ATTRIBUTE[kind]];
  const externalId = resource.externalId;
  return {
    kind,
    id,
    foldedName: foldCase(typeof name === 'string' ? name : ''),
    externalId: typeof externalId === 'string' ? externalId : undefined,
    emails: emailsOf(resource),
  };
}

/** A new state's identity, refused (400 invalidValue) if it has more email addresses than can be indexed. */
export function writableIdentity(kind: ResourceKind, id: string, resource: ScimResource): ResourceIdentity {
  const identity = resourceIdentity(kind, id, resource);
  if (identity.emails.length > MAX_EMAILS)
    throw ScimError.badRequest(
      'invalidValue',
      `A ${kind} has at most ${MAX_EMAILS} different email addresses; this one has ${identity.emails.length}`,
    );
  return identity;
}

/** The distinct values of `emails`, case-folded: what the email items are keyed by. */
function emailsOf(resource: ScimResource): string[] {
  const emails = Array.isArray(resource.emails) ? resource.emails : [];
  const values = emails.flatMap((email) =>
    isPlainObject(email) && typeof email.value === 'string' ? [foldCase(email.value)] : [],
  );
  return [...new Set(values)];
}
