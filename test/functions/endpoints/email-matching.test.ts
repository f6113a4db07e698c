import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { keys, MAX_EMAILS } from '../../../functions/storage/table-design';
import { dynamoEndpoint, startScimServer, type TestServer, type TestTenant } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';
import { createUser, patchOp, userBody } from '../../support/users';

/**
 * Issue 13 §2: when email is the matching attribute, Entra looks users up with
 * `emails[type eq "work"].value eq "…"`. That filter, `emails.value eq` and `emails eq` are answered from the
 * email items (one per address and user), kept in the same transaction as every write of the user, so the
 * work of a lookup does not depend on how many users the tenant has. The requests the handlers send are
 * recorded (a middleware on their DynamoDB client, nothing mocked) to count that work.
 */
const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const sent: string[] = [];
db.middlewareStack.add(
  (next, context) => async (args) => {
    const input = args.input as {
      KeyConditionExpression?: string;
      ExpressionAttributeValues?: Record<string, unknown>;
    };
    const partition = String(input.ExpressionAttributeValues?.[':pk'] ?? '').replace(
      /^TENANT#[^#]+/,
      'TENANT#t',
    );
    sent.push(
      `${context.commandName}${partition === '' ? '' : ` ${partition.replace(/#EMAIL#.*/, '#EMAIL#…')}`}`,
    );
    return next(args);
  },
  { step: 'initialize', name: 'recordRequests' },
);

let server: TestServer;
let tenant: TestTenant;
const ids: Record<string, string> = {};

const emails = (...pairs: [string, string][]) => pairs.map(([type, value]) => ({ type, value }));
const find = (t: TestTenant, filter: string) =>
  t.request('GET', `/Users?filter=${encodeURIComponent(filter)}`);
const userNames = async (t: TestTenant, filter: string) => {
  const response = await find(t, filter);
  expect(response.status, response.text).toBe(200);
  return (response.body.Resources as { userName: string }[]).map((u) => u.userName).sort();
};

beforeAll(async () => {
  server = await startScimServer(db);
  tenant = await server.newTenant();
  for (const [name, mails] of [
    ['ada', emails(['work', 'ada@contoso.example'], ['home', 'shared@contoso.example'])],
    ['bob', emails(['work', 'bob@contoso.example'], ['other', 'Shared@Contoso.example'])],
  ] as const) {
    ids[name] = await createUser(tenant, `${name}@contoso.example`, { emails: mails });
  }
});
afterAll(() => server.close());

describe('email lookups', () => {
  it.each([
    [
      'Entra’s form, the work email',
      'emails[type eq "work"].value eq "ADA@contoso.example"',
      ['ada@contoso.example'],
    ],
    ['Entra’s form, an email of another type', 'emails[type eq "home"].value eq "ada@contoso.example"', []],
    [
      'Entra’s form, the other type',
      'emails[type eq "other"].value eq "shared@contoso.example"',
      ['bob@contoso.example'],
    ],
    [
      'emails.value, any type, two users',
      'emails.value eq "shared@contoso.example"',
      ['ada@contoso.example', 'bob@contoso.example'],
    ],
    ['emails, meaning its value', 'emails eq "bob@contoso.example"', ['bob@contoso.example']],
    ['an address nobody has', 'emails[type eq "work"].value eq "nobody@contoso.example"', []],
  ])('%s: %s', async (_name, filter, expected) => {
    expect(await userNames(tenant, filter)).toEqual(expected);
  });

  it('read by key: the same requests in a tenant of 2 users and of 62, none of them a read of the tenant', async () => {
    const big = await server.newTenant();
    await createUser(big, 'ada@contoso.example', { emails: emails(['work', 'ada@contoso.example']) });
    for (let i = 0; i < 60; i++) await createUser(big, `filler${i}@contoso.example`);
    const filter = 'emails[type eq "work"].value eq "ada@contoso.example"';
    const requestsOf = async (t: TestTenant) => {
      sent.length = 0;
      expect(await userNames(t, filter)).toEqual(['ada@contoso.example']);
      return [...sent];
    };
    const small = await requestsOf(tenant);
    expect(await requestsOf(big)).toEqual(small);
    expect(small).toEqual(['QueryCommand TENANT#t#User#EMAIL#…', 'BatchGetItemCommand']);
  });
});

/** The user ids the table's email items hold for an address: what the lookups read. */
async function emailItems(t: TestTenant, email: string): Promise<string[]> {
  const partition = keys.emailPartition(t.tenantId, 'User', email);
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: TEST_TABLES.data,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
    }),
  );
  return Items.map((item) => String(item.sk));
}

describe('the email items follow every write', () => {
  it('PUT, PATCH in both dialects, and DELETE', async () => {
    const t = await server.newTenant();
    const id = await createUser(t, 'eve@contoso.example');
    expect(await emailItems(t, 'eve@contoso.example')).toEqual([id]);

    const put = await t.request(
      'PUT',
      `/Users/${id}`,
      userBody('eve@contoso.example', { emails: emails(['work', 'eve@fabrikam.example']) }),
    );
    expect(put.status).toBe(200);
    expect(await emailItems(t, 'eve@contoso.example')).toEqual([]);
    expect(await userNames(t, 'emails[type eq "work"].value eq "eve@fabrikam.example"')).toEqual([
      'eve@contoso.example',
    ]);

    // Entra with aadOptscim062020: a path with a value filter and a sub-attribute.
    const byPath = patchOp({
      op: 'replace',
      path: 'emails[type eq "work"].value',
      value: 'eve@northwind.example',
    });
    expect((await t.request('PATCH', `/Users/${id}`, byPath)).status).toBe(204);
    expect(await emailItems(t, 'eve@fabrikam.example')).toEqual([]);
    expect(await emailItems(t, 'eve@northwind.example')).toEqual([id]);

    // Entra without it: a path-less replace of several attributes.
    const pathless = patchOp({
      op: 'replace',
      value: { emails: emails(['work', 'eve@tailspin.example']), displayName: 'Eve' },
    });
    expect((await t.request('PATCH', `/Users/${id}`, pathless)).status).toBe(204);
    expect(await emailItems(t, 'eve@northwind.example')).toEqual([]);
    expect(await userNames(t, 'emails.value eq "EVE@TAILSPIN.EXAMPLE"')).toEqual(['eve@contoso.example']);

    expect((await t.request('PATCH', `/Users/${id}`, patchOp({ op: 'remove', path: 'emails' }))).status).toBe(
      204,
    );
    expect(await emailItems(t, 'eve@tailspin.example')).toEqual([]);

    await t.request(
      'PATCH',
      `/Users/${id}`,
      patchOp({ op: 'add', path: 'emails', value: emails(['work', 'eve@contoso.example']) }),
    );
    expect(await emailItems(t, 'eve@contoso.example')).toEqual([id]);
    expect((await t.request('DELETE', `/Users/${id}`)).status).toBe(204);
    expect(await emailItems(t, 'eve@contoso.example')).toEqual([]);
  });

  it(`a user with more than ${MAX_EMAILS} different addresses is a 400 invalidValue that writes nothing`, async () => {
    const t = await server.newTenant();
    const many = Array.from(
      { length: MAX_EMAILS + 1 },
      (_, i) => ['other', `m${i}@contoso.example`] as [string, string],
    );
    const refused = await t.request(
      'POST',
      '/Users',
      userBody('many@contoso.example', { emails: emails(...many) }),
    );
    expect(refused).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
    expect((await t.request('GET', '/Users')).body.totalResults).toBe(0);
    expect(await emailItems(t, 'm0@contoso.example')).toEqual([]);
    // As many as may be: each one found.
    const id = await createUser(t, 'many@contoso.example', { emails: emails(...many.slice(1)) });
    expect(await emailItems(t, `m${MAX_EMAILS}@contoso.example`)).toEqual([id]);
    // A PUT that changes all of them: 40 deletes and 40 puts beside the user's own actions, which one
    // transaction holds (DynamoDB Local refuses more than 100 actions, as DynamoDB does).
    const others = many.slice(1).map(([type, value]) => [type, `x${value}`] as [string, string]);
    const put = await t.request(
      'PUT',
      `/Users/${id}`,
      userBody('many@contoso.example', { emails: emails(...others) }),
    );
    expect(put.status, put.text).toBe(200);
    expect(await emailItems(t, `m${MAX_EMAILS}@contoso.example`)).toEqual([]);
    expect(await emailItems(t, `xm${MAX_EMAILS}@contoso.example`)).toEqual([id]);
  });

  it(`a user stored with 100 addresses (more than ${MAX_EMAILS}) before the limit can still be replaced and deleted`, async () => {
    const t = await server.newTenant();
    const id = await createUser(t, 'old@contoso.example');
    const legacy = Array.from({ length: 100 }, (_, i) => ({
      type: 'other',
      value: `old${i}@contoso.example`,
    }));
    await db.send(
      new UpdateCommand({
        TableName: TEST_TABLES.data,
        Key: keys.resource(t.tenantId, 'User', id),
        UpdateExpression: 'SET #resource.emails = :emails',
        ExpressionAttributeNames: { '#resource': 'resource' },
        ExpressionAttributeValues: { ':emails': legacy },
      }),
    );
    const put = await t.request('PUT', `/Users/${id}`, userBody('old@contoso.example'));
    expect(put.status, put.text).toBe(200);
    expect(await userNames(t, 'emails.value eq "old@contoso.example"')).toEqual(['old@contoso.example']);
    expect((await t.request('DELETE', `/Users/${id}`)).status).toBe(204);
  });
});
