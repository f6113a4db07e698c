import { foldCase } from '../filter/fold-case';
import type { AttributeDefinition } from '../schema/attribute-definition';
import { isPlainObject } from '../schema/resource-schema';
import { workMeter } from '../work-meter';
import { deepEqual } from './deep-equal';

/**
 * Two values of a multi-valued attribute are the same value when their `value` (and `type`) agree, compared
 * as those sub-attributes compare: `emails` "BJensen@example.com" is "bjensen@example.com" (RFC 7643 §2.3.1).
 */
export function sameValue(attribute: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (!isPlainObject(a) || !isPlainObject(b)) return deepEqual(a, b);
  const value = attribute.subAttributes?.find((s) => s.name === 'value');
  if (value === undefined || a.value === undefined) return deepEqual(a, b);
  const type = attribute.subAttributes?.find((s) => s.name === 'type');
  return (
    sameText(value, a.value, b.value) &&
    (a.type === undefined || b.type === undefined || sameText(type, a.type, b.type))
  );
}

function sameText(sub: AttributeDefinition | undefined, a: unknown, b: unknown): boolean {
  workMeter.count();
  if (sub?.caseExact === false && typeof a === 'string' && typeof b === 'string') {
    return foldedText(a) === foldedText(b);
  }
  return a === b;
}

/**
 * Folded strings of the PATCH being applied: an add compares each value it adds with each value there (up
 * to 100 × 100), and folding a 2,048-character value for every comparison cost 100 times the input.
 * Cleared when applyPatch returns (forgetFoldedTexts).
 */
const folded = new Map<string, string>();

function foldedText(text: string): string {
  let result = folded.get(text);
  if (result === undefined) {
    result = foldCase(text);
    folded.set(text, result);
  }
  return result;
}

/** Ends a PATCH: the folded strings it kept are not kept past it. */
export function forgetFoldedTexts(): void {
  folded.clear();
}
