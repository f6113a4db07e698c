import type { AttributeDefinition } from '../schema/attribute-definition';
import type { AttributePath } from '../schema/attribute-path';

/**
 * The attribute whose values a comparison reads: the named sub-attribute, or for a complex attribute
 * without one its `value` sub-attribute (RFC 7644 §3.4.2.2: `emails eq "x"` compares `emails.value`).
 * Undefined when the path names a complex attribute that has no `value`.
 */
export function comparedAttribute(path: AttributePath): AttributeDefinition | undefined {
  if (path.subAttribute !== undefined) return path.subAttribute;
  if (path.attribute.type !== 'complex') return path.attribute;
  return path.attribute.subAttributes?.find((s) => s.name === 'value');
}
