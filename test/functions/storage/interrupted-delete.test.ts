/**
 * A DELETE that stops after marking its resource (the function timed out or DynamoDB failed), and that the
 * client never retries, does not leave a hidden resource holding its name forever: once no request can still
 * be working on it, the next create or rename to that name, or a read of its id, completes the delete. A
 * DELETE still in progress is left to finish its own work.
 *
 * On DynamoDB Local through the real handlers. The interruption is a fault injected through the handlers'
 * own client (test/reliability/fault-injector.ts): every DynamoDB call after the DELETE's mark fails.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceKind } from '../../../functions/scim/schema/resource-type';
import { ABANDONED_DELETE_MILLIS } from '../../../functions/storage/abandoned-delete';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { keys } from '../../../functions/storage/table-design';
import { synthesize } from '../../lib/synth';
import { type FaultInjector, faultInjector, faults } from '../../reliability/fault-injector';
import { countOf, expectScimError, membershipsOf, partition, storedItem } from '../../reliability/helpers';
import { createGroup } from '../../support/groups';
import { dynamoEndpoint, startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';
import { createUser, patchOp } from '../../support/users';

const db: DynamoDBDocumentClient = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
let injector: FaultInjector;
let server: TestServer;

beforeAll(async () => {
  injector = await faultInjector(db);
  server = await startScimServer(db);
});
afterEach(() => injector.clear());
afterAll(async () => {
  await server.close();
  await injector.close();
});

/** What differs between Users and Groups here: the endpoint, the unique name, and how to make one. */
const KINDS = {
  User: {
    endpoint: '/Users',
    name: 'userName',
    create: (tenant: TestTenant, name: string) => createUser(tenant, name),
  },
  Group: {
    endpoint: '/Groups',
    name: 'displayName',
    create: (tenant: TestTenant, name: string, members: string[] = []) => createGroup(tenant, name, members),
  },
} as const;

/** The DELETE marks its resource, then every further DynamoDB call fails: 503, and nobody retries. */
async function interruptedDelete(tenant: TestTenant, kind: ResourceKind, id: string): Promise<void> {
  injector.fail({
    commands: ['Query', 'GetItem', 'BatchGetItem', 'BatchWriteItem', 'TransactWriteItems'],
    error: faults.internalServerError,
  });
  const response = await tenant.request('DELETE', `${KINDS[kind].endpoint}/${id}`);
  injector.clear();
  expect(response.status, response.text).toBe(503);
  expect((await storedItem(db, tenant.tenantId, kind, id))?.deleting, 'marked, not removed').toBe(true);
}

/** Stands in for the time passing after the interruption: the mark dates from an hour ago. */
async function anHourPasses(tenant: TestTenant, kind: ResourceKind, id: string): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: TEST_TABLES.data,
      Key: keys.resource(tenant.tenantId, kind, id),
      UpdateExpression: 'SET deletingSince = :then',
      ExpressionAttributeValues: { ':then': new Date(Date.now() - 3_600_000).toISOString() },
    }),
  );
}

/**
 * A tenant with the resource to delete, named `name`, in a group (a User) or with a member (a Group), plus
 * another resource of the same kind that can be renamed.
 */
async function setUp(kind: ResourceKind, name: string) {
  const tenant = await server.newTenant();
  const member = await createUser(tenant, `member.${kind}@contoso.example`);
  const id =
    kind === 'User'
      ? await KINDS.User.create(tenant, name)
      : await KINDS.Group.create(tenant, name, [member]);
  const holder = kind === 'User' ? await createGroup(tenant, 'Holder', [id]) : undefined;
  const other = await KINDS[kind].create(tenant, `other ${kind}`);
  return { tenant, id, holder, other };
}

/** A create of a resource of `kind` named `name`, and nothing else. */
const createNamed = (tenant: TestTenant, kind: ResourceKind, name: string) =>
  tenant.request('POST', KINDS[kind].endpoint, {
    schemas: [`urn:ietf:params:scim:schemas:core:2.0:${kind}`],
    [KINDS[kind].name]: name,
  });

type Next = (
  tenant: TestTenant,
  kind: ResourceKind,
  name: string,
  other: string,
) => Promise<{ status: number }>;

/** What comes after the interrupted DELETE: the request, its status, and how it changes the count. */
const NEXT: readonly [string, number, number, Next][] = [
  ['a create of the same name', 201, +1, (tenant, kind, name) => createNamed(tenant, kind, name)],
  [
    'a rename of another resource to that name',
    204,
    0,
    (tenant, kind, name, other) =>
      tenant.request(
        'PATCH',
        `${KINDS[kind].endpoint}/${other}`,
        patchOp({ op: 'replace', path: KINDS[kind].name, value: name }),
      ),
  ],
];

describe.each(['User', 'Group'] as const)('%s: an interrupted DELETE, never retried', (kind) => {
  const name = kind === 'User' ? 'interrupted@contoso.example' : 'Interrupted';
  const get = (tenant: TestTenant, id: string) => tenant.request('GET', `${KINDS[kind].endpoint}/${id}`);

  it.each(NEXT)('completes on %s: %i', async (_, status, counted, next) => {
    const { tenant, id, other } = await setUp(kind, name);
    const before = await countOf(tenant, KINDS[kind].endpoint);
    await interruptedDelete(tenant, kind, id);
    await anHourPasses(tenant, kind, id);

    const response = await next(tenant, kind, name, other);
    expect(response.status, 'the name is free again').toBe(status);
    await expectGone(tenant, kind, id, name);
    expectScimError(await get(tenant, id), 404);
    expect(await countOf(tenant, KINDS[kind].endpoint), 'the old resource is uncounted').toBe(
      before - 1 + counted,
    );
  });

  it('completes on a read of its id: 404, and the name is free', async () => {
    const { tenant, id } = await setUp(kind, name);
    const before = await countOf(tenant, KINDS[kind].endpoint);
    await interruptedDelete(tenant, kind, id);
    await anHourPasses(tenant, kind, id);

    expectScimError(await get(tenant, id), 404);
    await expectGone(tenant, kind, id, name);
    expect(await countOf(tenant, KINDS[kind].endpoint)).toBe(before - 1);
    expect((await createNamed(tenant, kind, name)).status).toBe(201);
  });

  it('is not raced while it may still be running: 409 and 404, and a retried DELETE finishes it', async () => {
    const { tenant, id } = await setUp(kind, name);
    await interruptedDelete(tenant, kind, id);

    expectScimError(await createNamed(tenant, kind, name), 409, 'uniqueness');
    expectScimError(await get(tenant, id), 404);
    expect((await storedItem(db, tenant.tenantId, kind, id))?.deleting, 'left to its DELETE').toBe(true);

    expect((await tenant.request('DELETE', `${KINDS[kind].endpoint}/${id}`)).status).toBe(204);
    await expectGone(tenant, kind, id, name);
    expect((await createNamed(tenant, kind, name)).status).toBe(201);
  });
});

/** No item of the resource is left: its own, its externalId, a membership in a group, a member of it. */
async function expectGone(tenant: TestTenant, kind: ResourceKind, id: string, name: string): Promise<void> {
  expect(await storedItem(db, tenant.tenantId, kind, id), 'the resource item').toBeUndefined();
  const externalIds = await partition(db, keys.externalIdPartition(tenant.tenantId, kind, `ext-${name}`));
  expect(
    externalIds.map((item) => item.sk),
    'its externalId',
  ).not.toContain(id);
  expect(await membershipsOf(db, tenant.tenantId, id), 'its memberships').toEqual([]);
  expect(await partition(db, keys.membersOf(tenant.tenantId, id)), 'its members').toEqual([]);
}

describe('when a DELETE counts as abandoned', () => {
  it('only after twice the timeout of the functions that run DELETEs (/Users and /Groups)', () => {
    const { resources } = synthesize({});
    const timeouts = resources('AWS::Lambda::Function')
      .filter(([, fn]) => /^SCIM \/(Users|Groups)$/.test(String(fn.Properties.Description)))
      .map(([, fn]) => Number(fn.Properties.Timeout ?? 3));
    expect(timeouts).toHaveLength(2);
    expect(2 * 1000 * Math.max(...timeouts)).toBeLessThanOrEqual(ABANDONED_DELETE_MILLIS);
  });
});
