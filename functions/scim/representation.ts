import type { ScimResource } from './schema/resource-schema';
import { findExtension, type ResourceType } from './schema/resource-type';

/**
 * A resource as stored: its canonical attributes (`resource`, without id and meta) and what `id` and `meta`
 * are made of. The store port speaks it; storage's item is derived from it.
 */
export interface ResourceState {
  readonly id: string;
  readonly version: number;
  readonly created: string;
  readonly lastModified: string;
  readonly resource: ScimResource;
}

/** A weak entity tag for a version (RFC 7644 §3.14): only equivalence is promised, not byte equality. */
export function etagOf(version: number): string {
  return `W/"${version}"`;
}

/**
 * The full SCIM representation: `schemas` (the core schema and the extensions present), `id`, the
 * attributes, and `meta` (RFC 7643 §3.1). Projection happens afterwards.
 */
/** A resource's URI (RFC 7643 §3.1 `meta.location`), which Location and Content-Location repeat. */
export function locationOf(baseUrl: string, resourceType: ResourceType, id: string): string {
  return `${baseUrl}${resourceType.endpoint}/${id}`;
}

export function toRepresentation(
  state: ResourceState,
  resourceType: ResourceType,
  baseUrl: string,
): Record<string, unknown> {
  const schemas = [resourceType.schema.id];
  for (const key of Object.keys(state.resource)) {
    const extension = findExtension(resourceType, key);
    // A key under a URN that no declared extension has is an undeclared extension (canonical-attribute-keys.ts).
    if (extension !== undefined) schemas.push(extension.id);
    else if (/^urn:/i.test(key)) schemas.push(key);
  }
  return {
    schemas,
    id: state.id,
    ...state.resource,
    meta: {
      resourceType: resourceType.name,
      created: state.created,
      lastModified: state.lastModified,
      location: locationOf(baseUrl, resourceType, state.id),
      version: etagOf(state.version),
    },
  };
}

/**
 * Whether an `If-Match` header (RFC 7232 §3.1, weak comparison as RFC 7644 §3.14 uses) admits `version`.
 * No header admits everything.
 */
export function ifMatchAdmits(header: string | undefined, version: number): boolean {
  if (header === undefined || header.trim() === '') return true;
  if (header.trim() === '*') return true;
  const current = `"${version}"`;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === current);
}
