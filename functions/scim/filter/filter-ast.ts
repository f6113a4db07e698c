import type { AttributePath } from '../schema/attribute-path';

/** RFC 7644 §3.4.2.2, table 3. */
export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A `compValue`: a JSON string, number, boolean or null. */
export type CompValue = string | number | boolean | null;

/**
 * A parsed filter. Paths are resolved against the resource type when parsing, so evaluation never meets an
 * unknown attribute. Inside a `valuePath`, paths name sub-attributes of the value-path's attribute.
 */
export type Filter =
  | { readonly kind: 'and' | 'or'; readonly filters: readonly Filter[] }
  | { readonly kind: 'not'; readonly filter: Filter }
  | { readonly kind: 'present'; readonly path: AttributePath }
  | {
      readonly kind: 'compare';
      readonly operator: CompareOperator;
      readonly path: AttributePath;
      readonly value: CompValue;
    }
  | { readonly kind: 'valuePath'; readonly path: AttributePath; readonly filter: Filter };
