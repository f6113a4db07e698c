import { ENTERPRISE } from '../../test/support/users';
import { type EntraUser, entraUser } from './entra-user';

const TITLES = ['Staff Engineer', 'Financial Controller', 'Account Executive', 'Operations Manager'];
const CITIES = [
  { locality: 'Redmond', region: 'WA', postalCode: '98052', street: 'One Microsoft Way' },
  { locality: 'Seattle', region: 'WA', postalCode: '98101', street: '1420 Fifth Avenue, Suite 2200' },
];

/**
 * User `index` of a run tagged `tag` with every attribute of Entra's default user mappings filled in
 * (https://learn.microsoft.com/entra/identity/app-provisioning/customize-application-attributes, the
 * "customappsso" defaults): userName, active, displayName, title, the work email, preferredLanguage, the
 * name, the work address, the work, mobile and fax numbers, externalId, and the enterprise extension's
 * employeeNumber, department, costCenter, organization, division and manager. About 1 KB of JSON, where
 * entraUser's is about 600 B: a stored user over 1 KB costs another write unit per item written.
 * `managerId` is the id of the user's manager (Entra sends the manager's id in the target app).
 */
export function fullyMappedEntraUser(index: number, tag: string, managerId: string): EntraUser {
  const small = entraUser(index, tag);
  const body = small.body as { name: { givenName: string; familyName: string }; [key: string]: unknown };
  const enterprise = body[ENTERPRISE] as Record<string, string>;
  const city = CITIES[index % CITIES.length] as (typeof CITIES)[number];
  const phone = (suffix: number) => `+1 425 555 ${String((index * 3 + suffix) % 10_000).padStart(4, '0')}`;
  return {
    ...small,
    body: {
      ...body,
      title: TITLES[index % TITLES.length],
      preferredLanguage: 'en-US',
      addresses: [
        {
          type: 'work',
          streetAddress: city.street,
          locality: city.locality,
          region: city.region,
          postalCode: city.postalCode,
          country: 'US',
          formatted: `${city.street}\n${city.locality}, ${city.region} ${city.postalCode}\nUS`,
          primary: true,
        },
      ],
      phoneNumbers: [
        { type: 'work', value: phone(0) },
        { type: 'mobile', value: phone(1) },
        { type: 'fax', value: phone(2) },
      ],
      [ENTERPRISE]: {
        ...enterprise,
        costCenter: `CC-${1000 + (index % 50)}`,
        organization: 'Contoso Ltd.',
        division: `${enterprise.department} Division`,
        manager: { value: managerId },
      },
    },
  };
}
