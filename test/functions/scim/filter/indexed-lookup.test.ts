import { describe, expect, it } from 'vitest';
import { evaluateFilter } from '../../../../functions/scim/filter/evaluate-filter';
import { foldCase } from '../../../../functions/scim/filter/fold-case';
import { type IndexedLookup, indexedLookup } from '../../../../functions/scim/filter/indexed-lookup';
import { parseFilter } from '../../../../functions/scim/filter/parse-filter';
import { loadFixture, named, resourceTypeNamed } from '../load-fixture';

interface LookupCase {
  readonly name: string;
  readonly resourceType?: 'User' | 'Group';
  readonly filter: string;
  readonly lookups: readonly IndexedLookup[] | null;
}

interface FilterCase {
  readonly name: string;
  readonly resourceType?: 'User' | 'Group';
  readonly filter?: string;
  readonly matches?: readonly string[];
}

const cases = loadFixture<{ cases: LookupCase[] }>('indexed-lookup-cases.json').cases;
const filters = loadFixture<{
  users: Record<string, unknown>[];
  groups: Record<string, unknown>[];
  cases: FilterCase[];
}>('filter-cases.json');

/** The attribute with a uniqueness item, as the endpoints pass it. */
const uniqueNameOf = (resourceType: 'User' | 'Group' | undefined) =>
  resourceType === 'Group' ? 'displayName' : 'userName';

describe('indexedLookup', () => {
  it.each(named(cases))('%s', (_, c) => {
    const filter = parseFilter(c.filter, resourceTypeNamed(c.resourceType));
    expect(indexedLookup(filter, uniqueNameOf(c.resourceType)) ?? null).toEqual(c.lookups);
  });
});

/**
 * Whether the store would find `resource` by `lookup`: ids and externalIds exactly, names and emails (each
 * value of `emails`) after folding case.
 */
function finds(lookup: IndexedLookup, resource: Record<string, unknown>, uniqueName: string): boolean {
  if (lookup.by === 'id') return resource.id === lookup.value;
  if (lookup.by === 'externalId') return resource.externalId === lookup.value;
  if (lookup.by === 'email') {
    const emails = Array.isArray(resource.emails) ? (resource.emails as { value?: unknown }[]) : [];
    return emails.some((e) => typeof e.value === 'string' && foldCase(e.value) === foldCase(lookup.value));
  }
  const name = resource[uniqueName];
  return typeof name === 'string' && foldCase(name) === foldCase(lookup.value);
}

describe('lookups find every resource the filter matches (filter-cases.json)', () => {
  it.each(named(filters.cases.filter((c) => c.matches !== undefined && c.filter !== undefined)))(
    '%s',
    (_, c) => {
      const uniqueName = uniqueNameOf(c.resourceType);
      const filter = parseFilter(c.filter as string, resourceTypeNamed(c.resourceType));
      const lookups = indexedLookup(filter, uniqueName);
      if (lookups === undefined) return;
      const resources = c.resourceType === 'Group' ? filters.groups : filters.users;
      for (const resource of resources.filter((r) => evaluateFilter(filter, r))) {
        expect(lookups.some((l) => finds(l, resource, uniqueName))).toBe(true);
      }
    },
  );
});
