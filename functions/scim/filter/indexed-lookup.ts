import type { Filter } from './filter-ast';

/** A key lookup that finds every resource a filter can match: by id, unique name, or externalId. */
export interface IndexedLookup {
  readonly by: 'id' | 'name' | 'externalId';
  readonly value: string;
}

/**
 * The key lookups that together find a superset of the filter's matches, or undefined if the filter
 * needs a scan. `x eq "v"` is one lookup; `and` needs one indexed operand; `or` needs all operands indexed.
 * `uniqueName` is the attribute with a uniqueness item (`userName`, Group `displayName`).
 */
export function indexedLookup(filter: Filter, uniqueName: string): IndexedLookup[] | undefined {
  switch (filter.kind) {
    case 'compare': {
      if (filter.operator !== 'eq' || typeof filter.value !== 'string') return undefined;
      if (filter.path.inExtension || filter.path.subAttribute !== undefined) return undefined;
      const name = filter.path.attribute.name;
      if (name === 'id') return [{ by: 'id', value: filter.value }];
      if (name === 'externalId') return [{ by: 'externalId', value: filter.value }];
      if (name === uniqueName) return [{ by: 'name', value: filter.value }];
      return undefined;
    }
    case 'and': {
      for (const operand of filter.filters) {
        const lookups = indexedLookup(operand, uniqueName);
        if (lookups !== undefined) return lookups;
      }
      return undefined;
    }
    case 'or': {
      const all: IndexedLookup[] = [];
      for (const operand of filter.filters) {
        const lookups = indexedLookup(operand, uniqueName);
        if (lookups === undefined) return undefined;
        all.push(...lookups);
      }
      return all;
    }
    default:
      return undefined;
  }
}
