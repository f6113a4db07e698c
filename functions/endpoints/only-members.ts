import type { PatchOperation } from '../scim/patch/patch-request';
import { isPlainObject } from '../scim/schema/resource-schema';

/**
 * Whether every operation of a PATCH targets `members` only: by a path starting with `members`, or with a
 * path-less value holding only `members` (and `schemas`).
 */
export function onlyMembers(patch: readonly PatchOperation[]): boolean {
  return patch.every((operation) =>
    operation.path === undefined
      ? isPlainObject(operation.value) &&
        Object.keys(operation.value).length > 0 &&
        Object.keys(operation.value).every((key) => /^(members|schemas)$/i.test(key))
      : /^members(\[|\.|$)/i.test(operation.path.trim()),
  );
}
