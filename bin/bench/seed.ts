import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { foldCase } from '../../functions/scim/filter/fold-case';
import { accessPatterns, keys, type ResourceItem } from '../../functions/storage/table-design';
import type { Progress } from './progress';
import { pool } from './stats';

/** An Entra-shaped user resource in canonical form. */
export function entraUser(index: number, run: string): Record<string, unknown> {
  const userName = `user${index}.${run}@contoso.example`;
  return {
    userName,
    name: {
      givenName: `Given${index}`,
      familyName: `Family${index}`,
      formatted: `Given${index} Family${index}`,
    },
    displayName: `Given${index} Family${index}`,
    active: true,
    emails: [{ value: userName, type: 'work', primary: true }],
    externalId: `aad-${index}-${run}`,
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
      department: 'Engineering',
      employeeNumber: String(index),
    },
  };
}

/**
 * Writes `count` users of a tenant straight into the table, with the same items the create transaction
 * writes (taken from `accessPatterns.createResource`, the single source of truth), but in batches: the
 * benchmark needs tenants of 50,000 users in seconds, not in the minutes 50,000 API creates take.
 */
export async function seedUsers(
  db: DynamoDBDocumentClient,
  table: string,
  tenant: string,
  count: number,
  run: string,
  progress?: Progress,
): Promise<string[]> {
  const ids: string[] = [];
  const puts: Record<string, unknown>[] = [];
  const timestamp = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    ids.push(id);
    const resource = entraUser(i, run);
    const item: ResourceItem = {
      ...keys.resource(tenant, 'User', id),
      type: 'User',
      id,
      version: 1,
      created: timestamp,
      lastModified: timestamp,
      resource,
    };
    const identity = {
      kind: 'User' as const,
      id,
      foldedName: foldCase(String(resource.userName)),
      externalId: String(resource.externalId),
    };
    for (const action of accessPatterns.createResource(table, tenant, item, identity, 0).TransactItems ??
      []) {
      if (action.Put?.Item !== undefined) puts.push(action.Put.Item);
    }
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < puts.length; i += 25) batches.push(puts.slice(i, i + 25));
  let written = 0;
  await pool(batches, 8, async (batch) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const result = await db.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
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
  return ids;
}
