import { describe, expect, it } from 'vitest';
import { etagOf, ifMatchAdmits } from '../../../functions/scim/representation';

/**
 * RFC 7232 §3.1: `If-Match: "*" / 1#entity-tag`, compared weakly as RFC 7644 §3.14 allows: a weak tag
 * (`W/"7"`, case-sensitive `W/`) and a strong one (`"7"`) with the same opaque value match. The current
 * version is 7 in every case.
 */
const CASES: readonly { header: string | undefined; admits: boolean; why: string }[] = [
  { header: undefined, admits: true, why: 'no If-Match: the request is unconditional' },
  { header: '', admits: true, why: 'an empty header is no condition' },
  { header: '   ', admits: true, why: 'a blank header is no condition' },
  { header: '*', admits: true, why: '"*" matches any current representation' },
  { header: ' * ', admits: true, why: '"*" with optional whitespace around it' },
  { header: 'W/"7"', admits: true, why: 'the weak tag the server sent (meta.version)' },
  { header: '"7"', admits: true, why: 'a strong tag with the same opaque value, compared weakly' },
  { header: 'W/"6"', admits: false, why: 'an older version' },
  { header: '"8"', admits: false, why: 'a version not yet written' },
  { header: 'W/"6", W/"7"', admits: true, why: 'a list that holds the current version' },
  { header: '"5","6" ,  W/"7"  ', admits: true, why: 'a list with whitespace around its members (OWS)' },
  { header: 'W/"5", "6"', admits: false, why: 'a list without the current version' },
  { header: ', W/"7",', admits: true, why: 'empty list elements are ignored (RFC 7230 §7)' },
  { header: 'w/"7"', admits: false, why: '"W/" is case-sensitive' },
  { header: 'W/ "7"', admits: false, why: 'no space belongs between "W/" and the tag' },
  { header: '7', admits: false, why: 'an unquoted value is no entity-tag' },
  { header: 'W/"77"', admits: false, why: 'tags are compared whole, not by prefix' },
  { header: '"6", *', admits: false, why: '"*" matches anything only alone, not as a list member' },
];

describe('ifMatchAdmits (RFC 7232 §3.1) for the current version 7', () => {
  it.each(CASES)('$header: $why', ({ header, admits }) => {
    expect(ifMatchAdmits(header, 7)).toBe(admits);
  });

  it("admits the tag etagOf gives for the version, and no other version's", () => {
    for (const version of [0, 1, 7, 123_456]) {
      expect(ifMatchAdmits(etagOf(version), version)).toBe(true);
      expect(ifMatchAdmits(etagOf(version + 1), version)).toBe(false);
    }
  });
});
