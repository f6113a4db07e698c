/**
 * At its deadline (Lambda's remaining time less a margin) a request answers 503 with Retry-After and
 * stops: it sends no DynamoDB request after its answer, since in Lambda the leftover work would resume on
 * the next invocation and race it. The retry continues where it stopped, so the work of the two adds up
 * to the work of one. The handler runs as Lambda runs it (event and context), on DynamoDB Local; the
 * context's remaining time counts down with the DynamoDB requests sent, so the deadline falls at the same
 * point of the work on every run.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { meterCapacity } from '../../bin/local/capacity-meter';
import { createGroupsHandler } from '../../functions/endpoints/group-endpoints';
import { DEFAULT_DEADLINE_MARGIN_MILLIS } from '../../functions/http/scim-handler';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import { MembershipStore } from '../../functions/storage/membership-store';
import { ResourceStore } from '../../functions/storage/resource-store';
import { keys } from '../../functions/storage/table-design';
import { dynamoEndpoint } from '../support/scim-server';
import { TEST_TABLES } from '../support/test-tables';
import { userBody } from '../support/users';
import { partition, sleep } from './helpers';

const MEMBERS = 60;
const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const meter = meterCapacity(db);
/** Every membership item a BatchWriteItem of the handler was asked to delete, by key. */
const deletes = new Map<string, number>();
db.middlewareStack.add(
  (next, context) => async (args) => {
    if (/^BatchWrite/.test(String(context.commandName))) {
      const items = (
        args.input as { RequestItems: Record<string, { DeleteRequest?: { Key: Record<string, string> } }[]> }
      ).RequestItems[TEST_TABLES.data];
      for (const request of items ?? []) {
        const key = request.DeleteRequest?.Key;
        if (key !== undefined)
          deletes.set(`${key.pk}|${key.sk}`, (deletes.get(`${key.pk}|${key.sk}`) ?? 0) + 1);
      }
    }
    return next(args);
  },
  { step: 'initialize', name: 'countDeletes' },
);
const handler = createGroupsHandler(db, TEST_TABLES.data);
const tenant = `t-${randomBytes(6).toString('hex')}`;
let group: string;

beforeAll(async () => {
  const users = new ResourceStore(db, TEST_TABLES.data, 'User');
  const members = await Promise.all(
    Array.from({ length: MEMBERS }, (_, i) => users.create(tenant, userBody(`deadline${i}@contoso.example`))),
  );
  const ids = members.map((u) => u.id);
  const created = await new ResourceStore(db, TEST_TABLES.data, 'Group').create(tenant, {
    displayName: 'Deadline',
  });
  group = created.id;
  await new MembershipStore(db, TEST_TABLES.data).apply(
    tenant,
    group,
    ids.map((id) => ({ id, type: 'User' as const })),
    [],
  );
}, 60_000);

function deleteEvent(id: string): APIGatewayProxyEvent {
  return {
    resource: '/scim/v2/Groups/{id}',
    path: `/scim/v2/Groups/${id}`,
    httpMethod: 'DELETE',
    headers: { Host: 'scim.example' },
    queryStringParameters: null,
    pathParameters: { id },
    body: null,
    isBase64Encoded: false,
    requestContext: {
      authorizer: { tenantId: tenant },
      path: `/scim/v2/Groups/${id}`,
      domainName: 'scim.example',
    },
  } as unknown as APIGatewayProxyEvent;
}

/** A Lambda context whose remaining time runs out after `requests` DynamoDB requests of this invocation. */
function contextFor(requests: number): Context {
  const start = meter.totals.requests;
  const budget = 60_000;
  return {
    getRemainingTimeInMillis: () =>
      DEFAULT_DEADLINE_MARGIN_MILLIS + budget - (budget / requests) * (meter.totals.requests - start),
    callbackWaitsForEmptyEventLoop: false,
  } as unknown as Context;
}

describe('a group DELETE that reaches its deadline', () => {
  it('answers 503 with Retry-After, sends nothing after, and its retry finishes with one delete per membership', async () => {
    const before = meter.totals.requests;
    // Mark the group, read the first page of members, delete some of them: then the time is up.
    const first = await handler(deleteEvent(group), contextFor(4));
    expect(first.statusCode, first.body).toBe(503);
    expect(first.headers?.['Retry-After']).toMatch(/^\d+$/);
    expect(JSON.parse(first.body)).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '503',
    });
    const atAnswer = meter.totals.requests;
    expect(atAnswer - before).toBe(4);
    // Nothing of that invocation reaches DynamoDB any more: its work stopped with the answer.
    await sleep(300);
    expect(meter.totals.requests).toBe(atAnswer);
    const left = (await partition(db, keys.membersOf(tenant, group))).length;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(MEMBERS);

    // The retry continues where the first stopped, with time to spare.
    const retry = await handler(deleteEvent(group), contextFor(1_000));
    expect(retry.statusCode, retry.body).toBe(204);
    expect(await partition(db, keys.membersOf(tenant, group))).toEqual([]);
    const memberDeletes = [...deletes].filter(([key]) => key.startsWith(`${keys.membersOf(tenant, group)}|`));
    // One sweep's worth of writes in all: each membership deleted exactly once.
    expect(memberDeletes).toHaveLength(MEMBERS);
    expect(memberDeletes.every(([, times]) => times === 1)).toBe(true);
    const again = await handler(deleteEvent(group), contextFor(1_000));
    expect(again.statusCode).toBe(404);
  });
});
