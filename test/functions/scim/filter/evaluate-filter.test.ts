import { afterAll, describe, expect, it } from 'vitest';
import { evaluateFilter } from '../../../../functions/scim/filter/evaluate-filter';
import { parseFilter } from '../../../../functions/scim/filter/parse-filter';
import { ScimError } from '../../../../functions/scim/scim-error';
import {
  type ExpectedError,
  expectScimError,
  loadFixture,
  named,
  prototypeSnapshot,
  resourceTypeNamed,
} from '../load-fixture';

interface FilterCase {
  readonly name: string;
  readonly resourceType?: 'User' | 'Group';
  readonly filter?: string;
  readonly filterParts?: readonly [string, number][];
  readonly matches?: readonly string[];
  readonly error?: ExpectedError;
}

interface FilterFixture {
  readonly users: readonly Record<string, unknown>[];
  readonly groups: readonly Record<string, unknown>[];
  readonly cases: readonly FilterCase[];
}

const fixture = loadFixture<FilterFixture>('filter-cases.json');
const prototypeBefore = prototypeSnapshot();

function filterText(c: FilterCase): string {
  return c.filter ?? (c.filterParts ?? []).map(([text, times]) => text.repeat(times)).join('');
}

/** The userNames (displayNames for Groups) of the fixture resources that `filter` matches, in fixture order. */
function matching(c: FilterCase): string[] {
  const resourceType = resourceTypeNamed(c.resourceType);
  const filter = parseFilter(filterText(c), resourceType);
  const resources = c.resourceType === 'Group' ? fixture.groups : fixture.users;
  const label = c.resourceType === 'Group' ? 'displayName' : 'userName';
  return resources.filter((r) => evaluateFilter(filter, r)).map((r) => r[label] as string);
}

const sorted = (names: readonly string[]) => [...names].sort();

describe('filters that match (RFC 7644 §3.4.2.2)', () => {
  it.each(named(fixture.cases.filter((c) => c.matches !== undefined)))('%s', (_, c) => {
    expect(sorted(matching(c))).toEqual(sorted(c.matches ?? []));
  });
});

describe('filters that are refused', () => {
  it.each(named(fixture.cases.filter((c) => c.error !== undefined)))('%s', (_, c) => {
    expectScimError(() => matching(c), c.error as ExpectedError);
  });
});

describe('a truncated filter is a 400 invalidFilter or still a filter, never another error', () => {
  it.each(named(fixture.cases.filter((c) => c.matches !== undefined && c.filter !== undefined)))(
    '%s',
    (_, c) => {
      const text = filterText(c);
      const resourceType = resourceTypeNamed(c.resourceType);
      for (let end = 0; end < text.length; end++) {
        try {
          parseFilter(text.slice(0, end), resourceType);
        } catch (error) {
          expect(error).toBeInstanceOf(ScimError);
          expect((error as ScimError).scimType).toBe('invalidFilter');
        }
      }
    },
  );
});

afterAll(() => {
  expect(prototypeSnapshot()).toEqual(prototypeBefore);
});
