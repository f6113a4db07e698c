import { ENTERPRISE, userBody } from '../../test/support/users';

const GIVEN = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Radia', 'Tim'];
const FAMILY = ['Lovelace', 'Turing', 'Hopper', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson'];
const DEPARTMENTS = ['Research', 'Engineering', 'Finance', 'Sales', 'Operations', 'Legal'];

export interface EntraUser {
  readonly userName: string;
  readonly externalId: string;
  /** The body of Entra's create, as the tests send it (test/support/users.ts). */
  readonly body: Record<string, unknown>;
}

/**
 * User `index` of a run tagged `tag`: the tests' user body with the fields Entra adds on create
 * (entra-users-aadoptscim062020.json's "Create User" step: meta, an empty roles, the enterprise extension).
 */
export function entraUser(index: number, tag: string): EntraUser {
  const given = GIVEN[index % GIVEN.length];
  const family = FAMILY[Math.floor(index / GIVEN.length) % FAMILY.length];
  const externalId = `${given}.${family}.${tag}${String(index).padStart(6, '0')}`.toLowerCase();
  const userName = `${externalId}@contoso.example`;
  return {
    userName,
    externalId,
    body: userBody(userName, {
      externalId,
      meta: { resourceType: 'User' },
      roles: [],
      [ENTERPRISE]: {
        department: DEPARTMENTS[index % DEPARTMENTS.length],
        employeeNumber: String(100_000 + index),
      },
    }),
  };
}
