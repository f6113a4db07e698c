import { FilterParser, type PatchPath } from '../filter/filter-parser';
import type { ResourceType } from '../schema/resource-type';

export type { PatchPath };

/** Parses a PATCH `path` (RFC 7644 §3.5.2); a malformed or unknown path is a 400 `invalidPath`. */
export function parsePatchPath(text: string, resourceType: ResourceType): PatchPath {
  return new FilterParser(text, resourceType, 'invalidPath').parsePatchPath();
}
