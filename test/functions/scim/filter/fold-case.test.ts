import { describe, expect, it } from 'vitest';
import { foldCase } from '../../../../functions/scim/filter/fold-case';

// Names a case-insensitive attribute (userName, Group displayName) treats as one: they fold alike, so a
// filter finds either and uniqueness refuses the second.
const sameName: readonly [string, string, string][] = [
  ['upper and lower case', 'BJensen@Contoso.com', 'bjensen@contoso.com'],
  ['a composed and a decomposed accent', 'JOSÉ', 'jose\u0301'],
  ['German capitals', 'STRAẞE', 'straße'],
  ['Greek word-final sigma', 'ΟΔΥΣΣΕΥΣ', 'Οδυσσευς'],
  ['Greek final and medial sigma', 'οδυσσευς', 'οδυσσευσ'],
  ['Cyrillic', 'АННА', 'анна'],
];

// Names that only look alike stay distinct: folding is not transliteration or accent stripping.
const differentNames: readonly [string, string, string][] = [
  ['an accent', 'jose', 'josé'],
  ['Latin and Cyrillic a', 'anna', 'аnna'],
  ['a dotless i', 'ıvan', 'ivan'],
];

describe('foldCase: the one rule for caseExact false (RFC 7643 §2.3.1)', () => {
  it.each(sameName)('folds %s alike', (_, a, b) => {
    expect(foldCase(a)).toBe(foldCase(b));
  });
  it.each(differentNames)('keeps names differing by %s apart', (_, a, b) => {
    expect(foldCase(a)).not.toBe(foldCase(b));
  });
});
