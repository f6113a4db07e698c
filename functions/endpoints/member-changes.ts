import { evaluateFilter } from '../scim/filter/evaluate-filter';
import type { Filter } from '../scim/filter/filter-ast';
import type { ComputedAttributeChange } from '../scim/patch/apply-patch';
import { isResourceId } from '../scim/resource-id';
import { isPlainObject } from '../scim/schema/resource-schema';
import { ScimError } from '../scim/scim-error';
import type { MemberRef } from '../storage/membership-store';

/** Bounds one request's member list: Okta's AIW apps PUT a group's whole list (see GROUP_MAX_BODY_BYTES). */
const MAX_MEMBERS_PER_REQUEST = 100_000;

/**
 * The net effect of a request's operations on a Group's `members`, in order (RFC 7644 §3.5.2):
 * `add` adds, `remove` with a filter or a value list removes those, `remove` without either removes all,
 * `replace` replaces all. Only the members named are touched, unless everything is removed or replaced.
 */
export class MemberChanges {
  /** Start from no members rather than the current ones. */
  replaceAll = false;
  readonly added = new Map<string, MemberRef>();
  readonly removed = new Set<string>();
  /** Removals by a filter other than `value eq`, resolved against the current members. */
  readonly removedBy: Filter[] = [];

  get isEmpty(): boolean {
    return (
      !this.replaceAll && this.added.size === 0 && this.removed.size === 0 && this.removedBy.length === 0
    );
  }

  add(members: readonly MemberRef[]): void {
    for (const member of members) {
      this.removed.delete(member.id);
      this.added.set(member.id, member);
    }
  }

  remove(ids: readonly string[]): void {
    for (const id of ids) {
      this.added.delete(id);
      if (!this.replaceAll) this.removed.add(id);
    }
  }

  removeAll(): void {
    this.replaceAll = true;
    this.added.clear();
    this.removed.clear();
    this.removedBy.length = 0;
  }

  /** Applies one PATCH operation on `members` (the hook of applyPatch). */
  record(change: ComputedAttributeChange): void {
    const { op, valueFilter, value } = change;
    if (change.path.subAttribute !== undefined) {
      throw ScimError.badRequest('invalidPath', 'Sub-attributes of members cannot be patched; patch members');
    }
    if (op === 'remove') {
      // Entra's legacy dialect removes with a value list: [{"value": id}] (with "$ref": null, sometimes).
      if (valueFilter !== undefined) this.removeMatching(valueFilter);
      else if (value !== undefined && value !== null) this.remove(memberRefs(value).map((m) => m.id));
      else this.removeAll();
      return;
    }
    if (valueFilter !== undefined) {
      // `replace members[value eq "x"]` with a value: the matched members give way to the value.
      this.removeMatching(valueFilter);
      this.add(memberRefs(value));
      return;
    }
    if (op === 'replace') this.removeAll();
    this.add(memberRefs(value));
  }

  private removeMatching(filter: Filter): void {
    const ids = valueEqualities(filter);
    if (ids !== undefined) this.remove(ids);
    else if (!this.replaceAll) this.removedBy.push(filter);
    else for (const [id, member] of this.added) if (matchesMember(filter, member)) this.added.delete(id);
  }

  /**
   * The writes to make against the current members: `current` is consulted (and only then read) when all
   * members are replaced or removed by a general filter.
   */
  async resolve(
    current: () => AsyncIterable<MemberRef[]>,
  ): Promise<{ adds: MemberRef[]; removes: string[] }> {
    const removes = new Set(this.removed);
    const adds = new Map(this.added);
    if (this.replaceAll || this.removedBy.length > 0) {
      for await (const page of current()) {
        for (const member of page) {
          if (this.replaceAll) {
            if (adds.has(member.id)) adds.delete(member.id);
            else removes.add(member.id);
          } else if (!adds.has(member.id) && this.removedBy.some((f) => matchesMember(f, member))) {
            removes.add(member.id);
          }
        }
      }
    }
    return { adds: [...adds.values()], removes: [...removes] };
  }
}

/** The member entries of a PATCH value or a POST/PUT body; a value that is no id of ours is invalidValue. */
export function memberRefs(value: unknown): MemberRef[] {
  const entries = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  if (entries.length > MAX_MEMBERS_PER_REQUEST) {
    throw ScimError.badRequest('invalidValue', `At most ${MAX_MEMBERS_PER_REQUEST} members per request`);
  }
  return entries.map((entry) => {
    const object: Record<string, unknown> = isPlainObject(entry) ? entry : { value: entry };
    const keyOf = (name: string) => Object.keys(object).find((k) => k.toLowerCase() === name);
    const valueKey = keyOf('value');
    const id = valueKey === undefined ? undefined : object[valueKey];
    if (typeof id !== 'string' || !isResourceId(id)) {
      throw ScimError.badRequest(
        'invalidValue',
        'Each member needs a value that is the id of a User or Group',
      );
    }
    const typeKey = keyOf('type');
    // Microsoft's reference implementation sends a member's `displayName`; it means `display`.
    const displayKey = keyOf('display') ?? keyOf('displayname');
    const type = typeKey === undefined ? undefined : object[typeKey];
    const display = displayKey === undefined ? undefined : object[displayKey];
    return {
      id: id.toLowerCase(),
      type: typeof type === 'string' && type.toLowerCase() === 'group' ? 'Group' : 'User',
      ...(typeof display === 'string' && display !== '' ? { display: display.slice(0, 256) } : {}),
    };
  });
}

/** `value eq "a"`, or an `or` of those: the ids named; undefined for any other filter. */
function valueEqualities(filter: Filter): string[] | undefined {
  if (filter.kind === 'compare' && filter.operator === 'eq' && filter.path.subAttribute?.name === 'value') {
    return typeof filter.value === 'string' ? [filter.value.toLowerCase()] : [];
  }
  if (filter.kind === 'or') {
    const parts = filter.filters.map(valueEqualities);
    return parts.some((p) => p === undefined) ? undefined : (parts.flat() as string[]);
  }
  return undefined;
}

function matchesMember(filter: Filter, member: MemberRef): boolean {
  const entry = {
    value: member.id,
    type: member.type,
    ...(member.display ? { display: member.display } : {}),
  };
  return evaluateFilter({ kind: 'valuePath', path: pathOf(filter), filter }, { members: [entry] });
}

/** The `members` path a value filter's operands hang off. */
function pathOf(filter: Filter): Extract<Filter, { kind: 'valuePath' }>['path'] {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return pathOf(filter.filters[0] as Filter);
    case 'not':
      return pathOf(filter.filter);
    default:
      return filter.path;
  }
}
