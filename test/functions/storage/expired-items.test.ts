/**
 * purgeExpired, the local Time to Live (DynamoDB Local runs none), on DynamoDB Local: items whose
 * `expiresAt` has passed are deleted, those that expire later or carry no `expiresAt` stay.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { purgeExpired } from '../../../functions/storage/expired-items';
import { keys } from '../../../functions/storage/table-design';
import { dynamoEndpoint } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const tenant = `ttl-${randomUUID().slice(0, 8)}`;
const now = new Date();
const seconds = Math.floor(now.getTime() / 1000);

const ITEMS: readonly [string, number | undefined, boolean][] = [
  ['expired a day ago', seconds - 86_400, false],
  ['expiring this very second', seconds, false],
  ['expiring in a second', seconds + 1, true],
  ['expiring in a month', seconds + 30 * 86_400, true],
  ['without expiresAt', undefined, true],
];
const keyOf = (name: string) => keys.tombstone(tenant, 'User', name.replaceAll(' ', '-'));

beforeAll(async () => {
  for (const [name, expiresAt] of ITEMS) {
    const item = { ...keyOf(name), type: 'User', ...(expiresAt === undefined ? {} : { expiresAt }) };
    await db.send(new PutCommand({ TableName: TEST_TABLES.data, Item: item }));
  }
});

describe('purgeExpired', () => {
  it('deletes what has expired and counts it', async () => {
    // Other test files' expired items may be in the table too: at least this tenant's two.
    // The shared table holds every test file's items: enough pages to read it whole.
    expect(await purgeExpired(db, TEST_TABLES.data, now, { maxPages: 10_000 })).toBeGreaterThanOrEqual(2);
  });

  it.each(ITEMS)('an item %s (expiresAt %s) is kept: %s', async (name, _expiresAt, stays) => {
    const { Item } = await db.send(
      new GetCommand({ TableName: TEST_TABLES.data, Key: keyOf(name), ConsistentRead: true }),
    );
    expect(Item !== undefined).toBe(stays);
  });

  it('reads no more than its bound of pages per call', async () => {
    await expect(purgeExpired(db, TEST_TABLES.data, now, { pageSize: 1, maxPages: 0 })).resolves.toBe(0);
  });
});
