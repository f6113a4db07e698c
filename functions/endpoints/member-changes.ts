import { evaluateFilter } from '../scim/filter/evaluate-filter';
import type { Filter } from '../scim/filter/filter-ast';
import { filterExpressions } from '../scim/filter/filter-expressions';
import type { ComputedAttributeChange } from '../scim/patch/apply-patch';
import { isResourceId } from '../scim/resource-id';
import type { MemberRef } from '../scim/resource-store-port';
import { isPlainObject } from '../scim/schema/resource-schema';
import { ScimError } from '../scim/scim-error';
import { workMeter } from '../scim/work-meter';

/** Bounds one request's member list: Okta's AIW apps PUT a group's whole list (see GROUP_MAX_BODY_BYTES). */
const MAX_MEMBERS_PER_REQUEST = 100_000;

/**
 * A value filter that names no member (`members[type eq "Group"]`, unlike `members[value eq "id"]`) must
 * be checked against every member, so a request may hold only this many expressions of such filters: its
 * work then stays linear in its members. Unbounded, 40,000 members and 1,000 filtered removes took 16 s.
 * RFC 7644 §3.12 `tooMany`: more than the server is willing to process.
 */
export const MAX_SCANNING_FILTER_EXPRESSIONS = 32;

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
  /** Removals by a filter that names no member, resolved against every current member. */
  readonly removedBy: Filter[] = [];
  /** Removals by a filter that names members (`value eq "id" and …`), resolved against those members only. */
  readonly removedIf = new Map<string, Filter[]>();
  private scanningExpressions = 0;

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
    this.removedIf.clear();
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

  /**
   * Removes the members `filter` matches, in order: those added by earlier operations now (they are matched
   * as added), the current ones when resolved. An `or` is split: each operand that names its member by
   * `value eq` is checked against that member alone, so that many filtered removes cost one check each.
   */
  private removeMatching(filter: Filter): void {
    const operands = filter.kind === 'or' ? filter.filters : [filter];
    const scanning: Filter[] = [];
    for (const operand of operands) {
      const anchor = namedMember(operand);
      if (anchor === undefined) scanning.push(operand);
      else if (anchor !== null) this.removeNamed(anchor, operand);
    }
    if (scanning.length > 0) {
      this.removeScanning(
        scanning.length === 1 ? (scanning[0] as Filter) : { kind: 'or', filters: scanning },
      );
    }
  }

  /** `check` matches at most the member `id`: a bare `value eq` is that member, else it is tested. */
  private removeNamed(id: string, check: Filter): void {
    if (check.kind === 'compare') {
      this.remove([id]);
      return;
    }
    const member = this.added.get(id);
    if (member !== undefined && matchesMember(check, member)) this.remove([id]);
    if (this.replaceAll) return;
    const checks = this.removedIf.get(id) ?? [];
    checks.push(check);
    this.removedIf.set(id, checks);
  }

  private removeScanning(filter: Filter): void {
    this.scanningExpressions += filterExpressions(filter);
    if (this.scanningExpressions > MAX_SCANNING_FILTER_EXPRESSIONS) {
      throw ScimError.badRequest(
        'tooMany',
        `Member filters that name no member by value may have at most ${MAX_SCANNING_FILTER_EXPRESSIONS} expressions per request`,
      );
    }
    // Deleting the entry being visited is safe while iterating a Map.
    for (const [id, member] of this.added) if (matchesMember(filter, member)) this.remove([id]);
    if (!this.replaceAll) this.removedBy.push(filter);
  }

  /**
   * The writes to make against the current members: `current` is consulted (and only then read) when all
   * members are replaced or some are removed by a filter other than a bare `value eq`.
   */
  async resolve(
    current: () => AsyncIterable<MemberRef[]>,
  ): Promise<{ adds: MemberRef[]; removes: string[] }> {
    const removes = new Set(this.removed);
    const adds = new Map(this.added);
    if (this.replaceAll || this.removedBy.length > 0 || this.removedIf.size > 0) {
      for await (const page of current()) {
        for (const member of page) {
          if (this.replaceAll) {
            if (adds.has(member.id)) adds.delete(member.id);
            else removes.add(member.id);
          } else if (!adds.has(member.id) && this.removesCurrent(member)) {
            removes.add(member.id);
          }
        }
      }
    }
    return { adds: [...adds.values()], removes: [...removes] };
  }

  /** Whether a filtered remove matches a current member (one the request did not add after it). */
  private removesCurrent(member: MemberRef): boolean {
    const checks = this.removedIf.get(member.id);
    if (checks?.some((f) => matchesMember(f, member))) return true;
    return this.removedBy.some((f) => matchesMember(f, member));
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
    const type = typeKey === undefined ? undefined : object[typeKey];
    // `type` is only a hint of where to look the member up; what it is, and its `display`, come from the
    // resource it references (resolve-members.ts), never from what the client sent (issue 13).
    return {
      id: id.toLowerCase(),
      type: typeof type === 'string' && type.toLowerCase() === 'group' ? 'Group' : 'User',
    };
  });
}

/**
 * The member a filter can match, when it names one: `value eq "id"`, alone or in an `and`. Null when it
 * can match none (`value eq null`), undefined when it may match any member.
 */
function namedMember(filter: Filter): string | null | undefined {
  const isValueEq = (f: Filter) =>
    f.kind === 'compare' && f.operator === 'eq' && f.path.subAttribute?.name === 'value';
  const anchor =
    filter.kind === 'and' ? filter.filters.find(isValueEq) : isValueEq(filter) ? filter : undefined;
  if (anchor === undefined || anchor.kind !== 'compare') return undefined;
  return typeof anchor.value === 'string' ? anchor.value.toLowerCase() : null;
}

function matchesMember(filter: Filter, member: MemberRef): boolean {
  workMeter.count();
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
