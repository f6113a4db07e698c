/**
 * Client values in keys (userName, Group displayName, externalId) are encoded one way, without collisions:
 * a value longer than 512 bytes is keyed by its SHA-256, and a value that merely looks like such a hash
 * (`sha256:<hex>`) is never mistaken for one. Every key stays within DynamoDB's key size limits for the
 * longest values the schema admits (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-partition-sort-keys).
 * On DynamoDB Local, through the real handlers.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../functions/scim/schema/resource-schema';
import type { ResourceKind } from '../../../functions/scim/schema/resource-type';
import { keys } from '../../../functions/storage/table-design';
import { GROUP_SCHEMA } from '../../support/groups';
import { startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { patchOp, userBody } from '../../support/users';

let server: TestServer;

beforeAll(async () => {
  server = await startScimServer();
});
afterAll(() => server.close());

const sha256 = (value: string) => `sha256:${createHash('sha256').update(value).digest('hex')}`;
const long = 'long'.repeat(150); // 600 bytes
const longMultibyte = '\u00e9'.repeat(300); // 300 characters, 600 bytes
/** The longest in bytes that the schema admits: LIMITS.stringLength characters of 3 bytes each. */
const longest = '\u20ac'.repeat(LIMITS.stringLength);

/** A user whose userName and externalId are `value` (its other attributes short). */
const userWith = (userName: string, externalId: string) =>
  userBody(userName, {
    externalId,
    displayName: 'Test User',
    name: { givenName: 'Test', familyName: 'User' },
    emails: [],
  });

/** Distinct values (already case-folded, so that userName and externalId keys see the same strings). */
const VALUES: readonly [string, string][] = [
  ['short', 'ada@contoso.example'],
  ['exactly 512 bytes', 'a'.repeat(512)],
  ['513 bytes', 'a'.repeat(513)],
  ['600 bytes', long],
  ['600 bytes in 300 characters', longMultibyte],
  // Were the threshold raised, a value just below it would push the partition key over 2,048 bytes.
  ['1,960 bytes', 'c'.repeat(1960)],
  ['2,048 bytes', 'd'.repeat(2048)],
  ['the longest the schema admits', longest],
  ['literally the hash form of the 600-byte value', sha256(long)],
  ['literally the hash form of the 513-byte value', sha256('a'.repeat(513))],
  ['literally the hash form of the multibyte value', sha256(longMultibyte)],
  ['literally the hash form of the longest value', sha256(longest)],
  ['the hash prefix alone', 'sha256:'],
  ['the hash prefix twice', `sha256:${sha256(long)}`],
  ['the hash prefix on a short value', 'sha256:ada@contoso.example'],
  ['the hash prefix, long', `sha256:${long}`],
  ['the hash prefix in upper case (externalId is case-exact)', 'SHA256:ADA'],
];

const byUserName = (tenant: TestTenant, value: string) =>
  tenant.request('POST', '/Users/.search', { filter: `userName eq ${JSON.stringify(value)}` });
const byExternalId = (tenant: TestTenant, kind: ResourceKind, value: string) =>
  tenant.request('POST', `/${kind}s/.search`, { filter: `externalId eq ${JSON.stringify(value)}` });
const ids = (response: { body: { Resources?: { id: string }[] } }) =>
  (response.body.Resources ?? []).map((r) => r.id).sort();

describe.each([
  ['in table order', VALUES],
  ['in reverse order', [...VALUES].reverse()],
])('every value is its own key (%s)', (_, values) => {
  let tenant: TestTenant;
  const created = new Map<string, string>();
  beforeAll(async () => {
    tenant = await server.newTenant();
  });

  it.each(values)('a user whose userName and externalId are %s is created (201)', async (_, value) => {
    const response = await tenant.request('POST', '/Users', userWith(value, value));
    expect(response.status, response.text).toBe(201);
    created.set(value, response.body.id);
  });

  it.each(values)('a group whose displayName and externalId are %s is created (201)', async (_, value) => {
    const response = await tenant.request('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: value,
      externalId: value,
    });
    expect(response.status, response.text).toBe(201);
  });

  it.each(values)('userName eq and externalId eq find exactly the user of %s', async (_, value) => {
    expect(ids(await byUserName(tenant, value))).toEqual([created.get(value)]);
    expect(ids(await byExternalId(tenant, 'User', value))).toEqual([created.get(value)]);
  });
});

/** Pairs of values that used to share a key, or sit either side of the hashing threshold. */
const CHANGES: readonly [string, string, string][] = [
  ['600 bytes → its hash form', long, sha256(long)],
  ['a hash form → the value it is the hash of', sha256(long), long],
  ['the longest value → its hash form', longest, sha256(longest)],
  ['513 bytes → exactly 512 bytes', 'a'.repeat(513), 'a'.repeat(512)],
  ['short → 600 bytes', 'ada@contoso.example', long],
];

describe('changing externalId between values that look alike', () => {
  it.each(CHANGES)('%s: 204, and each value finds only its own user', async (_, from, to) => {
    const tenant = await server.newTenant();
    const other = await tenant.request(
      'POST',
      '/Users',
      userWith(`other.${Math.random()}@contoso.example`, from),
    );
    expect(other.status, other.text).toBe(201);
    const user = await tenant.request(
      'POST',
      '/Users',
      userWith(`moved.${Math.random()}@contoso.example`, from),
    );
    expect(user.status, user.text).toBe(201);
    const patched = await tenant.request(
      'PATCH',
      `/Users/${user.body.id}`,
      patchOp({ op: 'replace', path: 'externalId', value: to }),
    );
    expect(patched.status, patched.text).toBe(204);
    expect(ids(await byExternalId(tenant, 'User', to))).toEqual([user.body.id]);
    expect(ids(await byExternalId(tenant, 'User', from))).toEqual([other.body.id]);
    // And back again, with PUT.
    const put = await tenant.request('PUT', `/Users/${user.body.id}`, userWith(user.body.userName, from));
    expect(put.status, put.text).toBe(200);
    expect(ids(await byExternalId(tenant, 'User', from))).toEqual([other.body.id, user.body.id].sort());
    expect(ids(await byExternalId(tenant, 'User', to))).toEqual([]);
  });
});

describe('key sizes', () => {
  // DynamoDB: a partition key value is at most 2,048 bytes, a sort key value at most 1,024 bytes (also for
  // the keys of a global secondary index).
  const tenant = 'a'.repeat(63); // the longest tenant id the authorizer admits: [a-z0-9][a-z0-9-]{0,62}
  const id = '00000000-0000-4000-8000-000000000000';
  const bytes = (key: Record<string, string>) =>
    Object.fromEntries(Object.entries(key).map(([name, value]) => [name, Buffer.byteLength(value)]));
  const limits = { pk: 2048, sk: 1024, gsi1pk: 2048, gsi1sk: 1024 } as Record<string, number>;

  it.each(
    VALUES.flatMap(([what, value]) =>
      (['User', 'Group'] as const).flatMap((kind): [string, Record<string, string>][] => [
        [`${kind} unique name, ${what}`, keys.uniqueName(tenant, kind, value)],
        [`${kind} externalId, ${what}`, keys.externalId(tenant, kind, value, id)],
      ]),
    ),
  )('%s: within the limits', (_, key) => {
    for (const [name, size] of Object.entries(bytes(key)))
      expect(size, name).toBeLessThanOrEqual(limits[name] ?? 0);
  });

  it('ids only ever reach keys as UUIDs, so resource, membership and index keys are short', () => {
    for (const key of [
      keys.resource(tenant, 'Group', id),
      keys.membership(tenant, id, id),
      keys.membershipIndex(tenant, id, id),
      keys.counter(tenant, 'Group', 7),
    ]) {
      for (const [name, size] of Object.entries(bytes(key))) expect(size, name).toBeLessThanOrEqual(200);
    }
  });
});
