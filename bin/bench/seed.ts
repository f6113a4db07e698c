import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { parseOrThrow, resourceSchema } from '../../functions/scim/schema/resource-schema';
import { USER_RESOURCE_TYPE } from '../../functions/scim/schema/resource-type';
import { batchWrite, MAX_BATCH_WRITE } from '../../functions/storage/batch-retry';
import { resourceIdentity } from '../../functions/storage/stored-state';
import { accessPatterns, keys, type ResourceItem } from '../../functions/storage/table-design';
import { entraUser } from './entra-user';
import type { Progress } from './progress';
import { pool } from './stats';

const USER_SCHEMA = resourceSchema(USER_RESOURCE_TYPE);

/** The items a create of user `index` writes (`accessPatterns.createResource`, the single source of truth). */
function createItems(table: string, tenant: string, index: number, run: string, timestamp: string) {
  const id = randomUUID();
  const user = entraUser(index, run);
  const item: ResourceItem = {
    ...keys.resource(tenant, 'User', id),
    type: 'User',
    id,
    version: 1,
    created: timestamp,
    lastModified: timestamp,
    // The body as a create stores it.
    resource: parseOrThrow(USER_SCHEMA, user.body, 'The seeded user'),
  };
  const identity = resourceIdentity('User', id, item.resource);
  const actions = accessPatterns.createResource(table, tenant, item, identity, 0).TransactItems ?? [];
  return { id, puts: actions.flatMap((action) => (action.Put?.Item === undefined ? [] : [action.Put.Item])) };
}

/**
 * Writes `count` users of a tenant (`entraUser(0…count-1, run)`) straight into the table, with the same
 * items the create transaction writes, but in batches: the benchmark needs tenants of 50,000 users in
 * seconds, not in the minutes 50,000 API creates take.
 */
export async function seedUsers(
  db: DynamoDBDocumentClient,
  table: string,
  tenant: string,
  count: number,
  run: string,
  progress?: Progress,
): Promise<string[]> {
  const timestamp = new Date().toISOString();
  const created = Array.from({ length: count }, (_, index) =>
    createItems(table, tenant, index, run, timestamp),
  );
  const puts = created.flatMap((user) => user.puts);
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < puts.length; i += MAX_BATCH_WRITE) batches.push(puts.slice(i, i + MAX_BATCH_WRITE));
  let written = 0;
  await pool(batches, 8, async (batch) => {
    await batchWrite(
      db,
      table,
      batch.map((Item) => ({ PutRequest: { Item } })),
    );
    written += batch.length;
    progress?.tick(Math.round((written / puts.length) * count));
  });
  await db.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.counter(tenant, 'User', 0),
      UpdateExpression: 'ADD #count :n',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':n': count },
    }),
  );
  return created.map((user) => user.id);
}
