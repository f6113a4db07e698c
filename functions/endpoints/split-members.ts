import type { MemberRef } from '../scim/resource-store-port';
import { isPlainObject } from '../scim/schema/resource-schema';
import { memberRefs } from './member-changes';

/** A Group body split into the stored resource and its members (which live in their own items). */
export function splitMembers(body: unknown): { resource: unknown; members: MemberRef[] | undefined } {
  if (!isPlainObject(body)) return { resource: body, members: undefined };
  const resource: Record<string, unknown> = {};
  let members: MemberRef[] | undefined;
  for (const key of Object.keys(body)) {
    if (key.toLowerCase() === 'members') members = memberRefs(body[key]);
    else resource[key] = body[key];
  }
  return { resource, members };
}
