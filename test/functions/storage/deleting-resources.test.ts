/**
 * functions/storage/deleting-resources.ts, on DynamoDB Local: of the groups and members that membership
 * changes name, those marked by a DELETE or no longer there are being deleted; live ones and resources
 * the changes do not name are not. Ids are matched within their tenant.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MembershipChange } from '../../../functions/events/committed-change';
import type { ResourceKind } from '../../../functions/scim/schema/resource-type';
import { deletingResources } from '../../../functions/storage/deleting-resources';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { keys } from '../../../functions/storage/table-design';
import { dynamoEndpoint } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const run = randomUUID().slice(0, 8);
const acme = `acme-${run}`;
const globex = `globex-${run}`;

async function store(tenant: string, kind: ResourceKind, id: string, deleting = false): Promise<void> {
  const item = { ...keys.resource(tenant, kind, id), type: kind, id, version: 1, resource: {} };
  await db.send(
    new PutCommand({ TableName: TEST_TABLES.data, Item: deleting ? { ...item, deleting } : item }),
  );
}

const removed = (tenantId: string, groupId: string, memberId: string): MembershipChange => ({
  kind: 'membership',
  streamEventId: `${groupId}-${memberId}`,
  committedAt: '2026-12-02T01:00:00.000Z',
  tenantId,
  groupId,
  member: { id: memberId, type: 'User' },
  change: 'removed',
});

beforeAll(async () => {
  await store(acme, 'Group', 'sales');
  await store(acme, 'Group', 'leaving', true);
  await store(acme, 'User', 'alice');
  await store(acme, 'User', 'bob', true);
  // The same id live in another tenant does not make acme's gone one live.
  await store(globex, 'User', 'carol');
});

describe('deletingResources', () => {
  it.each<[string, string, string, boolean]>([
    ['a live group', acme, 'sales', false],
    ['a live member', acme, 'alice', false],
    ['a group marked by a DELETE', acme, 'leaving', true],
    ['a member marked by a DELETE', acme, 'bob', true],
    ['a member no longer there', acme, 'carol', true],
    ['the same id live in its own tenant', globex, 'carol', false],
    ['an id no change names', acme, 'dave', false],
  ])('%s: %s', async (_name, tenant, id, deleting) => {
    const changes = [
      removed(acme, 'sales', 'alice'),
      removed(acme, 'leaving', 'bob'),
      removed(acme, 'sales', 'carol'),
      removed(globex, 'sales', 'carol'),
    ];
    const isDeleting = await deletingResources(db, TEST_TABLES.data, changes);
    expect(isDeleting(tenant, id)).toBe(deleting);
  });

  it('reads nothing when no change is a membership', async () => {
    const isDeleting = await deletingResources(db, 'no-such-table', []);
    expect(isDeleting(acme, 'sales')).toBe(false);
  });
});
