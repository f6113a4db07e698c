/**
 * Promise 4: DynamoDB failing. Faults are injected only through the storage layer's client
 * (test/reliability/fault-injector.ts: middleware on the DynamoDBDocumentClient that the handlers, the
 * token store or the authorizer function use); everything else runs against DynamoDB Local.
 *
 * - Every read and write of Users and Groups, under throttling, exceeded throughput, internal errors,
 *   timeouts, network errors and a transaction cancelled by throttling: 503 with a SCIM error and
 *   Retry-After (never 401), and nothing changed (read back with the fault removed).
 * - An outage that begins at any DynamoDB call of a write, or a single failed call anywhere in it, leaves
 *   the resources as before or as after, never half-way, and the client's retry completes the request.
 * - A DynamoDB request that never answers is aborted by the client's own time limit: the request
 *   completes (within this test's timeout) with a 503.
 * - The authorizer: a failing tokens table is 503 through the gateway, and the Lambda authorizer throws
 *   something other than 'Unauthorized' (API Gateway's AUTHORIZER_FAILURE, a 503).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { localGateway } from '../../bin/local/local-gateway';
import { authorize } from '../../functions/auth/authorize';
import { handler as discovery } from '../../functions/discovery';
import { createGroupsHandler } from '../../functions/endpoints/group-endpoints';
import { createUsersHandler } from '../../functions/endpoints/user-endpoints';
import { foldCase } from '../../functions/scim/filter/fold-case';
import { ClientStore } from '../../functions/storage/client-store';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import { keys } from '../../functions/storage/table-design';
import { TokenStore } from '../../functions/storage/token-store';
import { GROUP_SCHEMA } from '../support/groups';
import {
  dynamoEndpoint,
  type ScimResult,
  scimRequest,
  startScimServer,
  type TestServer,
  type TestTenant,
} from '../support/scim-server';
import { TEST_TABLES } from '../support/test-tables';
import { patchOp, userBody } from '../support/users';
import { type FaultInjector, faultInjector, faults } from './fault-injector';
import { expectRetryLater, expectScimError, membershipsOf, partition, storedItem } from './helpers';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
let injector: FaultInjector;
let server: TestServer;
let tenant: TestTenant;
let sequence = 0;
/** A name no other case of this file uses; `normalise` removes the suffix again. */
const unique = (prefix: string) => `${prefix}~${++sequence}~${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  injector = await faultInjector(db);
  server = await startScimServer(db);
  tenant = await server.newTenant();
});
afterEach(() => injector.clear());
afterAll(async () => {
  await server.close();
  await injector.close();
});

const q = (filter: string) => encodeURIComponent(filter);

async function createUser(name = unique('user')): Promise<string> {
  const response = await tenant.request('POST', '/Users', userBody(`${name}@contoso.example`));
  if (response.status !== 201) throw new Error(`create user: ${response.status} ${response.text}`);
  return response.body.id;
}

async function createGroup(members: string[] = [], displayName = unique('Group')): Promise<string> {
  const response = await tenant.request('POST', '/Groups', {
    schemas: [GROUP_SCHEMA],
    displayName,
    members: members.map((value) => ({ value })),
  });
  if (response.status !== 201) throw new Error(`create group: ${response.status} ${response.text}`);
  return response.body.id;
}

/**
 * What a client can see of some resources, with their ids replaced by labels, and unique suffixes and
 * timestamps removed, so that states of different runs compare equal.
 */
function normalise(value: unknown, labels: Readonly<Record<string, string>>): unknown {
  let text = JSON.stringify(value ?? null);
  for (const [label, id] of Object.entries(labels)) text = text.replaceAll(id, label);
  text = text.replace(/~\d+~[a-z0-9]*/g, '');
  text = text.replace(/"(created|lastModified)":"[^"]*",?/g, '').replace(/,}/g, '}');
  text = text.replaceAll(server.baseUrl, '');
  // Member and group lists come in id order, which differs from run to run: compare them as sets.
  return JSON.parse(text, (_key, item: unknown) =>
    Array.isArray(item) && item.every((x) => typeof x === 'string') ? [...item].sort() : item,
  );
}

/** A resource as GET shows it (members and groups included), or its status when there is none. */
async function visible(path: string): Promise<unknown> {
  const response = await tenant.request('GET', path);
  if (response.status !== 200) return { status: response.status };
  const { members, groups, ...rest } = response.body;
  const ids = (list: { value: string }[] | undefined) => (list ?? []).map((m) => m.value);
  return {
    ...rest,
    ...(members ? { members: ids(members) } : {}),
    ...(groups ? { groups: ids(groups) } : {}),
  };
}

/* ------------------------------------------------------------------------------------------------ *
 * The operations under test
 * ------------------------------------------------------------------------------------------------ */

interface Prepared {
  send(): Promise<ScimResult>;
  /** What a client sees of everything the request touches. */
  observe(): Promise<unknown>;
  /** The ids and names of this run, replaced by their labels so that runs compare equal. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The answers a retry may get once the fault is gone. */
  readonly retryStatuses: readonly number[];
  /** Checks of the table after the retry (DELETE: no item left). */
  verify?(): Promise<void>;
}

interface Operation {
  readonly name: string;
  readonly writes: boolean;
  /**
   * For a DELETE: the part of the observed state that is the deleted resource. A DELETE marks it first
   * (gone for the API from then on) and then removes its memberships; if it stops part-way the identity
   * provider's retry finishes the job (docs/table-design.md, "Deleting"). So part-way, each part of the
   * state is as before or as after, and the resource itself is gone as soon as anything changed.
   */
  readonly deletes?: string;
  prepare(): Promise<Prepared>;
}

const OPERATIONS: readonly Operation[] = [
  {
    name: 'GET /Users/{id}?attributes=groups',
    writes: false,
    prepare: async () => {
      const user = await createUser();
      await createGroup([user]);
      return {
        send: () => tenant.request('GET', `/Users/${user}?attributes=groups`),
        observe: () => visible(`/Users/${user}?attributes=groups`),
        retryStatuses: [200],
      };
    },
  },
  {
    name: 'GET /Users?filter=userName eq',
    writes: false,
    prepare: async () => {
      const name = unique('lookup');
      await createUser(name);
      const path = `/Users?filter=${q(`userName eq "${name}@contoso.example"`)}`;
      return { send: () => tenant.request('GET', path), observe: () => visible(path), retryStatuses: [200] };
    },
  },
  {
    name: 'GET /Users (a page)',
    writes: false,
    prepare: async () => ({
      send: () => tenant.request('GET', '/Users?count=5'),
      observe: async () => (await tenant.request('GET', '/Users?count=0')).body,
      retryStatuses: [200],
    }),
  },
  {
    name: 'POST /Users/.search',
    writes: false,
    prepare: async () => ({
      send: () => tenant.request('POST', '/Users/.search', { filter: 'title pr', count: 3 }),
      observe: async () => (await tenant.request('GET', '/Users?count=0')).body,
      retryStatuses: [200],
    }),
  },
  {
    name: 'GET /Groups/{id}',
    writes: false,
    prepare: async () => {
      const group = await createGroup([await createUser()]);
      return {
        send: () => tenant.request('GET', `/Groups/${group}`),
        observe: () => visible(`/Groups/${group}`),
        retryStatuses: [200],
      };
    },
  },
  {
    name: 'GET /Groups?filter=displayName eq',
    writes: false,
    prepare: async () => {
      const name = unique('Lookup Group');
      await createGroup([], name);
      const path = `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${name}"`)}`;
      return { send: () => tenant.request('GET', path), observe: () => visible(path), retryStatuses: [200] };
    },
  },
  {
    name: 'POST /Users',
    writes: true,
    prepare: async () => {
      const name = `${unique('new')}@contoso.example`;
      const path = `/Users?filter=${q(`userName eq "${name}"`)}`;
      return {
        send: () => tenant.request('POST', '/Users', userBody(name)),
        observe: async () => {
          const found = (await tenant.request('GET', path)).body;
          return { ...found, Resources: found.Resources.map((r: { userName: string }) => r.userName) };
        },
        retryStatuses: [201, 409],
      };
    },
  },
  {
    name: 'PATCH /Users/{id}',
    writes: true,
    prepare: async () => {
      const user = await createUser();
      return {
        send: () =>
          tenant.request(
            'PATCH',
            `/Users/${user}`,
            patchOp(
              { op: 'replace', path: 'title', value: 'Engineer' },
              { op: 'replace', path: 'active', value: false },
            ),
          ),
        observe: () => visible(`/Users/${user}`),
        labels: { user },
        retryStatuses: [204],
      };
    },
  },
  {
    name: 'PUT /Users/{id}',
    writes: true,
    prepare: async () => {
      const name = unique('put');
      const user = await createUser(name);
      return {
        send: () =>
          tenant.request(
            'PUT',
            `/Users/${user}`,
            userBody(`${name}@contoso.example`, { title: 'Replaced', nickName: 'R' }),
          ),
        observe: () => visible(`/Users/${user}`),
        labels: { user },
        retryStatuses: [200],
      };
    },
  },
  {
    name: 'DELETE /Users/{id} (a group member)',
    writes: true,
    deletes: 'user',
    prepare: async () => {
      const name = unique('gone');
      const user = await createUser(name);
      const keeper = await createUser();
      const group = await createGroup([user, keeper]);
      return {
        send: () => tenant.request('DELETE', `/Users/${user}`),
        observe: async () => ({
          user: await visible(`/Users/${user}`),
          group: await visible(`/Groups/${group}`),
        }),
        labels: { user, keeper, group },
        retryStatuses: [204, 404],
        verify: async () => {
          const t = tenant.tenantId;
          expect(await storedItem(server.db, t, 'User', user)).toBeUndefined();
          expect(
            await partition(server.db, keys.uniqueName(t, 'User', foldCase(`${name}@contoso.example`)).pk),
          ).toEqual([]);
          expect(
            await partition(server.db, keys.externalIdPartition(t, 'User', `ext-${name}@contoso.example`)),
          ).toEqual([]);
          expect(await membershipsOf(server.db, t, user)).toEqual([]);
        },
      };
    },
  },
  {
    name: 'POST /Groups with members',
    writes: true,
    prepare: async () => {
      const [a, b] = [await createUser(), await createUser()] as [string, string];
      const name = unique('New Group');
      const path = `/Groups?filter=${q(`displayName eq "${name}"`)}`;
      return {
        send: () =>
          tenant.request('POST', '/Groups', {
            schemas: [GROUP_SCHEMA],
            displayName: name,
            members: [{ value: a }, { value: b }],
          }),
        observe: async () => {
          const found = (await tenant.request('GET', path)).body;
          const groups = found.Resources.map((g: { displayName: string; members?: { value: string }[] }) => ({
            displayName: g.displayName,
            members: (g.members ?? []).map((m) => m.value).sort(),
          }));
          return { totalResults: found.totalResults, groups };
        },
        labels: { a, b },
        retryStatuses: [201, 409],
      };
    },
  },
  {
    name: 'PATCH /Groups/{id} members',
    writes: true,
    prepare: async () => {
      const [a, b] = [await createUser(), await createUser()] as [string, string];
      const group = await createGroup([a]);
      return {
        send: () =>
          tenant.request(
            'PATCH',
            `/Groups/${group}`,
            patchOp(
              { op: 'add', path: 'members', value: [{ value: b }] },
              { op: 'remove', path: `members[value eq "${a}"]` },
            ),
          ),
        // Member changes bump the version outside the membership transaction (docs/table-design.md), so a
        // failure between the two leaves the members changed and the version behind: members are compared.
        observe: async () => ((await visible(`/Groups/${group}`)) as { members?: string[] }).members,
        labels: { a, b },
        retryStatuses: [204],
      };
    },
  },
  {
    name: 'PATCH /Groups/{id} displayName and members',
    writes: true,
    prepare: async () => {
      const [a, b] = [await createUser(), await createUser()] as [string, string];
      const group = await createGroup([a], unique('Patched'));
      return {
        send: () =>
          tenant.request(
            'PATCH',
            `/Groups/${group}`,
            patchOp(
              { op: 'replace', path: 'displayName', value: unique('Renamed') },
              { op: 'add', path: 'members', value: [{ value: b }] },
              { op: 'remove', path: `members[value eq "${a}"]` },
            ),
          ),
        observe: () => visible(`/Groups/${group}`),
        labels: { group, a, b },
        retryStatuses: [204],
      };
    },
  },
  {
    name: 'PUT /Groups/{id}',
    writes: true,
    prepare: async () => {
      const [a, b] = [await createUser(), await createUser()] as [string, string];
      const group = await createGroup([a], unique('Put'));
      const renamed = unique('Put Renamed');
      return {
        send: () =>
          tenant.request('PUT', `/Groups/${group}`, {
            schemas: [GROUP_SCHEMA],
            displayName: renamed,
            members: [{ value: b }],
          }),
        observe: () => visible(`/Groups/${group}`),
        labels: { group, a, b },
        retryStatuses: [200],
      };
    },
  },
  {
    name: 'DELETE /Groups/{id} (with members, itself a member)',
    writes: true,
    deletes: 'group',
    prepare: async () => {
      const a = await createUser();
      const name = unique('Doomed');
      const group = await createGroup([a], name);
      const parent = await createGroup([group, a]);
      return {
        send: () => tenant.request('DELETE', `/Groups/${group}`),
        observe: async () => ({
          group: await visible(`/Groups/${group}`),
          parent: await visible(`/Groups/${parent}`),
          user: await visible(`/Users/${a}?attributes=groups`),
        }),
        labels: { a, group, parent },
        retryStatuses: [204, 404],
        verify: async () => {
          const t = tenant.tenantId;
          expect(await storedItem(server.db, t, 'Group', group)).toBeUndefined();
          expect(await partition(server.db, keys.membersOf(t, group))).toEqual([]);
          expect(await membershipsOf(server.db, t, group)).toEqual([]);
          expect(await partition(server.db, keys.uniqueName(t, 'Group', foldCase(name)).pk)).toEqual([]);
        },
      };
    },
  },
];

const WRITES = OPERATIONS.filter((o) => o.writes);
const observe = async (prepared: Prepared) => normalise(await prepared.observe(), prepared.labels ?? {});

/* ------------------------------------------------------------------------------------------------ *
 * Every fault, on every operation
 * ------------------------------------------------------------------------------------------------ */

const ERRORS = {
  ThrottlingException: faults.throttling,
  ProvisionedThroughputExceededException: faults.provisionedThroughput,
  InternalServerError: faults.internalServerError,
  TimeoutError: faults.timeout,
  'a network error (ENOTFOUND)': faults.network,
} as const;

describe('a DynamoDB outage: 503 with Retry-After, never 401, nothing changed', () => {
  const cases = [
    ...Object.entries(ERRORS).flatMap(([error, make]) =>
      OPERATIONS.map((operation) => [`${operation.name} — ${error}`, operation, { error: make }] as const),
    ),
    // A DELETE marks its resource first (gone for the API), so a failed transaction later in it is a
    // failure part-way: the next describe covers it.
    ...WRITES.filter((o) => !o.name.startsWith('DELETE')).map(
      (operation) =>
        [
          `${operation.name} — TransactionCanceledException [None, ThrottlingError]`,
          operation,
          { commands: ['TransactWriteItems'], error: faults.transactionThrottled },
        ] as const,
    ),
  ];

  it.each(cases)('%s', async (_name, operation, fault) => {
    const prepared = await operation.prepare();
    const before = await observe(prepared);
    injector.fail(fault);
    const response = await prepared.send();
    injector.clear();
    expectRetryLater(response, operation.name);
    expect(await observe(prepared)).toEqual(before);
  });
});

describe('an outage that begins part-way through a write, or one failed call in it', () => {
  /** The DynamoDB calls each write makes when nothing fails, and what it leaves. */
  const baseline = new Map<string, { calls: string[]; before: unknown; after: unknown }>();

  beforeAll(async () => {
    for (const operation of WRITES) {
      const prepared = await operation.prepare();
      const before = await observe(prepared);
      injector.resetCalls();
      const response = await prepared.send();
      const calls = injector.calls.map((c) => c.command);
      expect(prepared.retryStatuses, `${operation.name}: ${response.text}`).toContain(response.status);
      baseline.set(operation.name, { calls, before, after: await observe(prepared) });
      await prepared.verify?.();
    }
  });

  const cases = WRITES.flatMap((operation) =>
    (['outage from', 'one failed call at'] as const).map(
      (mode) => [`${operation.name} — ${mode} each call`, operation, mode] as const,
    ),
  );

  it.each(cases)('%s', async (_name, operation, mode) => {
    const { calls, before, after } = baseline.get(operation.name) as {
      calls: string[];
      before: unknown;
      after: unknown;
    };
    expect(calls.length).toBeGreaterThan(0);
    for (let k = 1; k <= calls.length; k++) {
      const what = `${operation.name}, ${mode} call ${k} of ${calls.length} (${calls[k - 1]})`;
      const prepared = await operation.prepare();
      expect(await observe(prepared), what).toEqual(before);
      if (mode === 'outage from') {
        injector.fail({ calls: (n) => n >= k, error: faults.internalServerError });
      } else {
        // A transaction is cancelled by a throttled item; any other call is throttled itself.
        injector.fail({
          calls: (n) => n === k,
          error: () =>
            calls[k - 1] === 'TransactWriteItems'
              ? faults.transactionThrottled()
              : faults.provisionedThroughput(),
        });
      }
      const response = await prepared.send();
      injector.clear();
      expectRetryLater(response, what);
      const seen = await observe(prepared);
      const halfWay = `${what}: half-way ${JSON.stringify(seen)}`;
      if (operation.deletes === undefined) {
        expect([before, after], halfWay).toContainEqual(seen);
      } else {
        const part = (state: unknown, key: string) => (state as Record<string, unknown>)[key];
        for (const key of Object.keys(after as object)) {
          expect([part(before, key), part(after, key)], `${halfWay} (${key})`).toContainEqual(
            part(seen, key),
          );
        }
        if (JSON.stringify(seen) !== JSON.stringify(before)) {
          expect(part(seen, operation.deletes), halfWay).toEqual(part(after, operation.deletes));
        }
      }
      // The identity provider retries; the request completes.
      const retry = await prepared.send();
      expect(prepared.retryStatuses, `${what}: retry ${retry.status} ${retry.text}`).toContain(retry.status);
      expect(await observe(prepared), `${what}: after the retry`).toEqual(after);
      await prepared.verify?.();
    }
  });
});

describe("the SDK's own retries and time limits", () => {
  it('a throttled first attempt is retried by the SDK and the request succeeds', async () => {
    const user = await createUser();
    injector.fail({ perAttempt: true, calls: (n) => n === 1, error: faults.throttling });
    const response = await tenant.request(
      'PATCH',
      `/Users/${user}`,
      patchOp({ op: 'replace', path: 'title', value: 'Retried' }),
    );
    expect(response.status, response.text).toBe(204);
    expect((await tenant.request('GET', `/Users/${user}`)).body.title).toBe('Retried');
  });

  it('a plain write that meets a transaction (TransactionConflictException) is 503, not 500', async () => {
    const user = await createUser();
    injector.fail({ commands: ['UpdateItem'], error: faults.transactionConflict });
    const response = await tenant.request('DELETE', `/Users/${user}`);
    injector.clear();
    expectRetryLater(response, 'DELETE whose mark met a transaction');
    expect((await tenant.request('GET', `/Users/${user}`)).status).toBe(200);
    expect((await tenant.request('DELETE', `/Users/${user}`)).status).toBe(204);
  });

  it('timeouts on every attempt: the SDK gives up and the answer is 503', async () => {
    const user = await createUser();
    injector.fail({ perAttempt: true, error: faults.timeout });
    const response = await tenant.request('GET', `/Users/${user}`);
    injector.clear();
    expectRetryLater(response, 'GET with timeouts');
  });

  it("a request DynamoDB never answers is aborted by the client's requestTimeout: 503, and the request completes", async () => {
    // The production client (functions/storage/dynamo-client.ts), with its time limit shortened through its
    // own request handler so that three attempts fit in this test's timeout.
    const hanging = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
    (
      hanging.config.requestHandler as unknown as { updateHttpClientConfig(k: string, v: unknown): void }
    ).updateHttpClientConfig('requestTimeout', 300);
    const hangInjector = await faultInjector(hanging);
    const hangServer = await startScimServer(hanging);
    try {
      const hangTenant = await hangServer.newTenant();
      const created = await hangTenant.request('POST', '/Users', userBody('hang@contoso.example'));
      expect(created.status).toBe(201);
      hangInjector.fail({ commands: ['GetItem', 'TransactWriteItems'], hang: true });
      expectRetryLater(await hangTenant.request('GET', `/Users/${created.body.id}`), 'GET that hangs');
      expectRetryLater(
        await hangTenant.request(
          'PATCH',
          `/Users/${created.body.id}`,
          patchOp({ op: 'replace', path: 'title', value: 'x' }),
        ),
        'PATCH that hangs',
      );
      hangInjector.clear();
      expect((await hangTenant.request('GET', `/Users/${created.body.id}`)).body.title).toBeUndefined();
    } finally {
      await hangServer.close();
      await hangInjector.close();
      hanging.destroy();
    }
  }, 10_000);
});

describe("the function's own deadline", () => {
  it("a handler whose DynamoDB request hangs answers 503 before Lambda's timeout (middy's timeoutEarly)", async () => {
    // The production client and time limits; only the function's remaining time is short.
    const hanging = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
    const hangInjector = await faultInjector(hanging);
    try {
      hangInjector.fail({ hang: true });
      const handler = createUsersHandler(hanging, TEST_TABLES.data);
      const id = '00000000-0000-4000-8000-000000000000';
      const event = {
        resource: '/scim/v2/Users/{id}',
        path: `/scim/v2/Users/${id}`,
        httpMethod: 'GET',
        headers: { Host: 'scim.example' },
        queryStringParameters: null,
        pathParameters: { id },
        body: null,
        isBase64Encoded: false,
        requestContext: {
          authorizer: { tenantId: tenant.tenantId },
          path: `/scim/v2/Users/${id}`,
          domainName: 'scim.example',
        },
      } as unknown as Parameters<typeof handler>[0];
      const started = Date.now();
      const context = {
        getRemainingTimeInMillis: () => 1_500 - (Date.now() - started),
        callbackWaitsForEmptyEventLoop: false,
      } as unknown as Parameters<typeof handler>[1];
      const result = await handler(event, context);
      expect(result.statusCode, result.body).toBe(503);
      expect(result.headers?.['Retry-After']).toMatch(/^\d+$/);
      expect(JSON.parse(result.body)).toMatchObject({
        status: '503',
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      });
    } finally {
      hanging.destroy();
      await hangInjector.close();
    }
  }, 5_000);
});

/* ------------------------------------------------------------------------------------------------ *
 * The authorizer
 * ------------------------------------------------------------------------------------------------ */

describe('the tokens table failing', () => {
  it('the local gateway answers 503 with Retry-After, never 401; with the table back, 200', async () => {
    const tokensDb = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
    const tokensInjector = await faultInjector(tokensDb);
    const tokens = new TokenStore(tokensDb, TEST_TABLES.tokens);
    const clients = new ClientStore(tokensDb, TEST_TABLES.tokens);
    const gateway: Server = createServer(
      localGateway({
        handlers: {
          // gsi1 of DynamoDB Local is synchronous: no index lag to wait for (see test/support/scim-server.ts).
          users: createUsersHandler(db, TEST_TABLES.data, { indexLagMillis: 0 }),
          groups: createGroupsHandler(db, TEST_TABLES.data, { indexLagMillis: 0 }),
          discovery,
        },
        authorize: (header) => authorize(header, { tokens, clients }),
      }),
    );
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/scim/v2`;
    const get = () =>
      scimRequest(`${base}/Users?count=0`, 'GET', { Authorization: `Bearer ${tenant.token}` });
    try {
      for (const [name, make] of Object.entries(ERRORS)) {
        tokensInjector.fail({ error: make });
        expectRetryLater(await get(), `tokens table: ${name}`);
        tokensInjector.clear();
      }
      tokensInjector.fail({
        commands: ['GetItem'],
        calls: (n) => n === 2,
        error: faults.internalServerError,
      });
      expectRetryLater(await get(), 'the tenant read fails after the token read');
      tokensInjector.clear();
      expect((await get()).status).toBe(200);
      // A refusal stays a refusal: 401 needs a working table.
      const refused = await scimRequest(`${base}/Users`, 'GET', { Authorization: 'Bearer scim_not_a_token' });
      expectScimError(refused, 401);
    } finally {
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
      await tokensInjector.close();
      tokensDb.destroy();
    }
  });

  it("the Lambda authorizer throws something other than 'Unauthorized', which API Gateway answers 503", async () => {
    // The authorizer creates its client at import: it is wrapped, unchanged, to carry the fault injector.
    vi.resetModules();
    let authorizerDb: DynamoDBDocumentClient | undefined;
    vi.doMock('../../functions/storage/dynamo-client', async (importOriginal) => {
      const original = await importOriginal<typeof import('../../functions/storage/dynamo-client')>();
      return {
        ...original,
        createDocumentClient: (options: Parameters<typeof original.createDocumentClient>[0]) => {
          authorizerDb = original.createDocumentClient(options);
          return authorizerDb;
        },
      };
    });
    try {
      const { handler } = await import('../../functions/authorizer');
      const authorizerInjector = await faultInjector(authorizerDb as DynamoDBDocumentClient);
      const event = (token: string) =>
        ({
          type: 'REQUEST',
          methodArn: 'arn:aws:execute-api:eu-west-1:111111111111:abc123/prod/GET/scim/v2/Users',
          httpMethod: 'GET',
          path: '/scim/v2/Users',
          headers: { Authorization: `Bearer ${token}` },
          requestContext: { requestId: 'faults' },
        }) as unknown as APIGatewayRequestAuthorizerEvent;
      try {
        for (const [name, make] of Object.entries(ERRORS)) {
          authorizerInjector.fail({ commands: ['GetItem'], error: make });
          const outcome = await handler(event(tenant.token)).then(
            () => 'allowed',
            (error: unknown) => (error instanceof Error ? error.message : String(error)),
          );
          authorizerInjector.clear();
          expect(outcome, name).not.toBe('allowed');
          expect(outcome, name).not.toBe('Unauthorized');
        }
        // Recording lastUsedAt is best effort: its failure refuses nobody.
        authorizerInjector.fail({ commands: ['UpdateItem'], error: faults.internalServerError });
        const allowed = await handler(event(tenant.token));
        expect(allowed.context?.tenantId).toBe(tenant.tenantId);
        authorizerInjector.clear();
        // And a refusal is still 'Unauthorized'.
        const revoked = await server.newTenant();
        const [token] = await server.tokens.listTokens(revoked.tenantId);
        await server.tokens.revokeToken(revoked.tenantId, token?.tokenId as string);
        await expect(handler(event(revoked.token))).rejects.toThrow(/^Unauthorized$/);
      } finally {
        await authorizerInjector.close();
      }
    } finally {
      vi.doUnmock('../../functions/storage/dynamo-client');
      vi.resetModules();
    }
  });
});
