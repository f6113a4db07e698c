import type { Filter } from './filter-ast';

/**
 * The expressions of a filter, as the parser counts them against FILTER_LIMITS.nodes: what evaluating it
 * against one value costs at most, in steps.
 */
export function filterExpressions(filter: Filter): number {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return 1 + filter.filters.reduce((sum, f) => sum + filterExpressions(f), 0);
    case 'not':
      return 1 + filterExpressions(filter.filter);
    case 'valuePath':
      return 1 + filterExpressions(filter.filter);
    default:
      return 1;
  }
}
