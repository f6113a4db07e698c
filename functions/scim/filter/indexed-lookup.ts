import type { Filter } from './filter-ast';

/** A key lookup that finds every resource a filter can match: by id, unique name, externalId or email. */
export interface IndexedLookup {
  readonly by: 'id' | 'name' | 'externalId' | 'email';
  readonly value: string;
}

type Leaf = (filter: Filter) => IndexedLookup[] | undefined;

/**
 * The key lookups that together find a superset of the filter's matches, or undefined if the filter
 * needs a scan. `x eq "v"` is one lookup; `and` needs one indexed operand; `or` needs all operands indexed.
 * `uniqueName` is the attribute with a uniqueness item (`userName`, Group `displayName`).
 */
export function indexedLookup(filter: Filter, uniqueName: string): IndexedLookup[] | undefined {
  return combined(filter, (leaf) => {
    if (leaf.kind === 'valuePath')
      return leaf.path.attribute.name === 'emails' && !leaf.path.inExtension
        ? combined(leaf.filter, emailInValuePath)
        : undefined;
    if (leaf.kind !== 'compare' || leaf.operator !== 'eq' || typeof leaf.value !== 'string') return undefined;
    if (leaf.path.inExtension) return undefined;
    const name = leaf.path.attribute.name;
    const sub = leaf.path.subAttribute?.name;
    // `emails eq` compares each email's value (RFC 7644 §3.4.2.2), as `emails.value eq` does.
    if (name === 'emails' && (sub === undefined || sub === 'value'))
      return [{ by: 'email', value: leaf.value }];
    if (sub !== undefined) return undefined;
    if (name === 'id') return [{ by: 'id', value: leaf.value }];
    if (name === 'externalId') return [{ by: 'externalId', value: leaf.value }];
    if (name === uniqueName) return [{ by: 'name', value: leaf.value }];
    return undefined;
  });
}

/**
 * Inside `emails[…]`, a `value eq "…"` (alone, or in an `and`, as Entra's `emails[type eq "work"].value eq
 * "…"` is parsed) names an email that every match has.
 */
const emailInValuePath: Leaf = (leaf) =>
  leaf.kind === 'compare' &&
  leaf.operator === 'eq' &&
  typeof leaf.value === 'string' &&
  leaf.path.subAttribute?.name === 'value'
    ? [{ by: 'email', value: leaf.value }]
    : undefined;

/** `and` needs one indexed operand, `or` all of them; anything else is a leaf. */
function combined(filter: Filter, leaf: Leaf): IndexedLookup[] | undefined {
  if (filter.kind === 'and') {
    for (const operand of filter.filters) {
      const lookups = combined(operand, leaf);
      if (lookups !== undefined) return lookups;
    }
    return undefined;
  }
  if (filter.kind === 'or') {
    const all: IndexedLookup[] = [];
    for (const operand of filter.filters) {
      const lookups = combined(operand, leaf);
      if (lookups === undefined) return undefined;
      all.push(...lookups);
    }
    return all;
  }
  return leaf(filter);
}
