import type { ResourceType } from '../schema/resource-type';
import type { Filter } from './filter-ast';
import { FilterParser } from './filter-parser';

/** Parses a `filter` (RFC 7644 §3.4.2.2) for `resourceType`; a malformed filter is a 400 `invalidFilter`. */
export function parseFilter(text: string, resourceType: ResourceType): Filter {
  return new FilterParser(text, resourceType, 'invalidFilter').parseFilter();
}
