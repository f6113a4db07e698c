import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadBytes } from '../../../functions/http/lambda-payload';
import { GROUP_SCHEMA } from '../../support/groups';
import {
  type ScimResult,
  startScimServer,
  type TestServer,
  type TestTenant,
} from '../../support/scim-server';
import { createUser, patchOp } from '../../support/users';

/**
 * Lambda refuses a response payload over 6291556 bytes, and a member's `display` (the member's displayName,
 * cut to 256 characters of anything) makes it up to 2,004 of them: members are bounded by bytes as well as by count. The budget is
 * configured small here (the default, MAX_MEMBER_BYTES_PER_RESPONSE, is about 5 MB) so that 30 members
 * exceed it; the rule is the count's: the first members in member-id order, up to the first that does not
 * fit, measured as Lambda's payload carries them (payloadBytes: the body is a JSON string in it).
 */
const BUDGET = 10_000;
const MEMBERS = 30;

let server: TestServer;
let tenant: TestTenant;
let users: string[];

beforeAll(async () => {
  server = await startScimServer(undefined, { maxMemberBytesPerResponse: BUDGET });
  tenant = await server.newTenant();
});

/** MEMBERS users whose displayName is `name` (over 256 characters: a member's display is cut to 256). */
async function usersNamed(name: string): Promise<string[]> {
  const run = Math.random().toString(36).slice(2, 8);
  return Promise.all(
    Array.from({ length: MEMBERS }, (_, i) =>
      createUser(tenant, `wide${i}.${run}@contoso.example`, { displayName: name }),
    ),
  );
}
afterAll(() => server.close());

type Member = { value: string; $ref: string; type: string; display: string };

/** The bytes of a `members` array in Lambda's response payload. */
const bytesOf = (members: readonly Member[]) => payloadBytes(JSON.stringify(members));

/** All the members of a group, as an answer carrying all of them would show them: in member-id order. */
function everyMember(display: string): Member[] {
  return [...users].sort().map((value) => ({
    value,
    $ref: `${server.baseUrl}/Users/${value}`,
    type: 'User',
    display,
  }));
}

/** The members answered are the longest prefix, in member-id order, that fits in the budget. */
function expectLongestFittingPrefix(answered: readonly Member[], display: string): void {
  const all = everyMember(display);
  expect(bytesOf(all)).toBeGreaterThan(BUDGET); // else the case proves nothing
  expect(answered).toEqual(all.slice(0, answered.length));
  expect(bytesOf(answered)).toBeLessThanOrEqual(BUDGET);
  expect(bytesOf(all.slice(0, answered.length + 1))).toBeGreaterThan(BUDGET);
}

function ok(response: ScimResult, status = 200): ScimResult {
  expect(response.status, response.text).toBe(status);
  return response;
}

const filterBy = (name: string) => `filter=${encodeURIComponent(`displayName eq "${name}"`)}`;

/** Every answer that carries a group's members, given the group (its name, id and the POST's answer). */
const answers: [string, (group: { name: string; id: string; created: ScimResult }) => Promise<Member[]>][] = [
  ['POST /Groups', async ({ created }) => created.body.members],
  ['GET /Groups/{id}', async ({ id }) => ok(await tenant.request('GET', `/Groups/${id}`)).body.members],
  [
    'PUT /Groups/{id}',
    async ({ name, id }) =>
      ok(
        await tenant.request('PUT', `/Groups/${id}`, {
          schemas: [GROUP_SCHEMA],
          displayName: name,
          members: users.map((value) => ({ value })),
        }),
      ).body.members,
  ],
  [
    'PATCH /Groups/{id}?attributes=members',
    async ({ id }) =>
      ok(
        await tenant.request(
          'PATCH',
          `/Groups/${id}?attributes=members`,
          patchOp({ op: 'replace', path: 'externalId', value: `patched-${id}` }),
        ),
      ).body.members,
  ],
  [
    'GET /Groups?filter=…',
    async ({ name }) =>
      ok(await tenant.request('GET', `/Groups?${filterBy(name)}`)).body.Resources[0].members,
  ],
  [
    'POST /Groups/.search',
    async ({ name }) =>
      ok(
        await tenant.request('POST', '/Groups/.search', {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
          filter: `displayName eq "${name}"`,
        }),
      ).body.Resources[0].members,
  ],
];

// The bytes of one character of `display` in Lambda's payload: 1, 2 (UTF-8), 4 (`\"` escaped again as
// `\\\"`) and 7 (`\u0001` escaped again as `\\u0001`).
describe.each([
  ['ASCII', 'a'],
  ['two-byte UTF-8', 'é'],
  ['quote', '"'],
  ['backslash', '\\'],
  ['control character', '\u0001'],
])('members whose display is 256 × %s', (kind, character) => {
  const display = character.repeat(256);
  const name = `Wide ${kind}`;
  let group: { name: string; id: string; created: ScimResult };

  beforeAll(async () => {
    users = await usersNamed(character.repeat(300));
    const created = ok(
      await tenant.request('POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: name,
        // What the client says a member's display is does not count: the user's displayName does.
        members: users.map((value) => ({ value, display: 'made up' })),
      }),
      201,
    );
    group = { name, id: created.body.id, created };
  });

  it.each(answers)(
    '%s answers with the first members in member-id order that fit in the budget',
    async (_, answer) => {
      expectLongestFittingPrefix(await answer(group), display);
    },
  );

  it('keeps every member, whatever the answers show', async () => {
    const replaced = ok(
      await tenant.request(
        'PATCH',
        `/Groups/${group.id}?attributes=members`,
        patchOp({ op: 'remove', path: `members[value eq "${[...users].sort()[0]}"]` }),
      ),
    );
    // With the first member gone, the answer starts at the second: the others were there all along.
    expect(replaced.body.members[0].value).toBe([...users].sort()[1]);
    expect(bytesOf(replaced.body.members)).toBeLessThanOrEqual(BUDGET);
  });
});

it('shares one budget among the groups of a list page', async () => {
  const display = 'x'.repeat(256);
  users = await usersNamed('x'.repeat(300));
  for (const name of ['Shared A', 'Shared B']) {
    ok(
      await tenant.request('POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName: name,
        members: users.map((value) => ({ value })),
      }),
      201,
    );
  }
  const page = ok(
    await tenant.request('GET', `/Groups?filter=${encodeURIComponent('displayName sw "Shared"')}`),
  );
  expect(page.body.Resources).toHaveLength(2);
  const bytes = page.body.Resources.map((group: { members?: Member[] }) =>
    group.members === undefined ? 0 : bytesOf(group.members),
  );
  expect(bytes[0] + bytes[1]).toBeLessThanOrEqual(BUDGET);
  expectLongestFittingPrefix(page.body.Resources[0].members, display);
});
