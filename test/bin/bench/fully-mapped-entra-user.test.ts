import { describe, expect, it } from 'vitest';
import { entraUser } from '../../../bin/bench/entra-user';
import { fullyMappedEntraUser } from '../../../bin/bench/fully-mapped-entra-user';
import { ENTERPRISE } from '../../../test/support/users';

const MANAGER = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('fullyMappedEntraUser', () => {
  it.each([0, 1, 49_999])('user %i: the small user with every default mapping filled in', (index) => {
    const small = entraUser(index, 'r1');
    const full = fullyMappedEntraUser(index, 'r1', MANAGER);
    expect(full.userName).toBe(small.userName);
    expect(full.body).toMatchObject({
      userName: small.userName,
      active: true,
      title: expect.any(String),
      preferredLanguage: 'en-US',
      emails: [{ type: 'work', value: small.userName, primary: true }],
      name: { givenName: expect.any(String), familyName: expect.any(String), formatted: expect.any(String) },
      addresses: [
        expect.objectContaining({ type: 'work', streetAddress: expect.any(String), country: 'US' }),
      ],
      phoneNumbers: [{ type: 'work' }, { type: 'mobile' }, { type: 'fax' }],
      externalId: small.externalId,
      [ENTERPRISE]: {
        employeeNumber: expect.any(String),
        department: expect.any(String),
        costCenter: expect.any(String),
        organization: expect.any(String),
        division: expect.any(String),
        manager: { value: MANAGER },
      },
    });
  });

  it('is about 1 KB of JSON, where the small user is about 600 B', () => {
    const small = JSON.stringify(entraUser(7, 'abc123').body).length;
    const full = JSON.stringify(fullyMappedEntraUser(7, 'abc123', MANAGER).body).length;
    expect(small).toBeLessThan(700);
    expect(full).toBeGreaterThan(1024);
    expect(full).toBeLessThan(1300);
  });
});
