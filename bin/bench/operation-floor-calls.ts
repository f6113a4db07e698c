import { randomUUID } from 'node:crypto';
import {
  BatchGetItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

const TENANT = 'floor';
const S = (value: string) => ({ S: value });
const resourceKey = (type: string, id: string) => ({ pk: S(`TENANT#${TENANT}`), sk: S(`${type}#${id}`) });
const uniqueKey = (type: string, name: string) => ({
  pk: S(`TENANT#${TENANT}`),
  sk: S(`UNIQUE#${type}#${name}`),
});
const membershipKey = (group: string, member: string) => ({
  pk: S(`MEMBERS#${TENANT}#${group}`),
  sk: S(`MEMBER#${member}`),
});

/** What a floor request answers: a status and a body. */
export interface FloorAnswer {
  readonly status: number;
  readonly body?: unknown;
}

/**
 * For each operation class, the DynamoDB calls our handler makes for it (BENCHMARKS.md's capacity table,
 * "DynamoDB calls"), made with the bare AWS SDK client on items of the same shape, and nothing else: no
 * SCIM parsing or validation, no schema, no logging, no metrics. What our handler costs above this is what
 * its code adds to the SDK's.
 */
export function floorCalls(db: DynamoDBClient, table: string) {
  const putResource = (type: string, id: string, body: unknown, version: number) => ({
    Put: {
      TableName: table,
      Item: {
        ...resourceKey(type, id),
        id: S(id),
        version: { N: String(version) },
        resource: S(JSON.stringify(body)),
      },
    },
  });
  return {
    /** GetItem (the unique userName), BatchGetItem (the user). */
    async filter(userName: string): Promise<FloorAnswer> {
      const unique = await db.send(
        new GetItemCommand({ TableName: table, Key: uniqueKey('User', userName) }),
      );
      const id = unique.Item?.id?.S;
      if (id === undefined) return { status: 200, body: { totalResults: 0, Resources: [] } };
      const users = await db.send(
        new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [resourceKey('User', id)] } } }),
      );
      const found = users.Responses?.[table] ?? [];
      return {
        status: 200,
        body: { totalResults: found.length, Resources: found.map((i) => JSON.parse(i.resource?.S ?? '{}')) },
      };
    },
    /** One TransactWriteItems: the user, its unique userName, its externalId, the tenant's count. */
    async create(
      type: 'User' | 'Group',
      body: { userName?: string; displayName?: string; externalId?: string },
    ): Promise<FloorAnswer> {
      const id = randomUUID();
      const name = body.userName ?? body.displayName ?? id;
      const absent = 'attribute_not_exists(pk)';
      await db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            putResource(type, id, body, 1),
            {
              Put: {
                TableName: table,
                Item: { ...uniqueKey(type, name), id: S(id) },
                ConditionExpression: absent,
              },
            },
            {
              Put: {
                TableName: table,
                Item: { ...uniqueKey(`${type}Ext`, body.externalId ?? id), id: S(id) },
                ConditionExpression: absent,
              },
            },
            {
              Update: {
                TableName: table,
                Key: { pk: S(`TENANT#${TENANT}`), sk: S(`COUNT#${type}`) },
                UpdateExpression: 'ADD #c :one',
                ExpressionAttributeNames: { '#c': 'count' },
                ExpressionAttributeValues: { ':one': { N: '1' } },
              },
            },
          ],
        }),
      );
      return { status: 201, body: { id, ...body } };
    },
    /** GetItem (the version), TransactWriteItems (the user, conditional on it). */
    async patchUser(id: string, change: Record<string, unknown>): Promise<FloorAnswer> {
      const read = await db.send(new GetItemCommand({ TableName: table, Key: resourceKey('User', id) }));
      if (read.Item === undefined) return { status: 404 };
      const version = Number(read.Item.version?.N ?? '0');
      const resource = { ...JSON.parse(read.Item.resource?.S ?? '{}'), ...change };
      await db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              ...putResource('User', id, resource, version + 1),
              Put: {
                ...putResource('User', id, resource, version + 1).Put,
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':v': { N: String(version) } },
              },
            },
          ],
        }),
      );
      return { status: 204 };
    },
    /** BatchGetItem (the members), TransactWriteItems (check each, write its membership), UpdateItem (the group's version). */
    async addMembers(group: string, members: readonly string[]): Promise<FloorAnswer> {
      for (let start = 0; start < members.length; start += 100) {
        const keys = members.slice(start, start + 100).map((m) => resourceKey('User', m));
        await db.send(
          new BatchGetItemCommand({
            RequestItems: {
              [table]: {
                Keys: keys,
                ProjectionExpression: 'id, #t',
                ExpressionAttributeNames: { '#t': 'type' },
              },
            },
          }),
        );
      }
      for (let start = 0; start < members.length; start += 100) {
        const batch = members.slice(start, start + 100);
        const checks =
          batch.length === 1
            ? [
                {
                  ConditionCheck: {
                    TableName: table,
                    Key: resourceKey('User', batch[0] as string),
                    ConditionExpression: 'attribute_exists(pk)',
                  },
                },
              ]
            : [];
        const puts = batch.map((m) => ({
          Put: {
            TableName: table,
            Item: {
              ...membershipKey(group, m),
              memberType: S('User'),
              gsi1pk: S(`GROUPS#${TENANT}#${m}`),
              gsi1sk: S(`Group#${group}`),
            },
          },
        }));
        await db.send(new TransactWriteItemsCommand({ TransactItems: [...checks, ...puts] }));
      }
      return this.bump(group);
    },
    /** TransactWriteItems (delete the membership), UpdateItem (the group's version). */
    async removeMember(group: string, member: string): Promise<FloorAnswer> {
      await db.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Delete: { TableName: table, Key: membershipKey(group, member) } }],
        }),
      );
      return this.bump(group);
    },
    async bump(group: string): Promise<FloorAnswer> {
      await db.send(
        new UpdateItemCommand({
          TableName: table,
          Key: resourceKey('Group', group),
          UpdateExpression: 'ADD version :one',
          ExpressionAttributeValues: { ':one': { N: '1' } },
        }),
      );
      return { status: 204 };
    },
  };
}
