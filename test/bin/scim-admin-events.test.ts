/**
 * `npx scim-admin events list`, the command as a person runs it, on a local event store of the run's
 * DynamoDB Local (what `npm start` keeps: test/bin/local-server.test.ts shows a write reaching it).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTables } from '../../bin/local/create-tables';
import {
  LOCAL_EVENTS_DEFINITION,
  LOCAL_EVENTS_TABLE,
  LocalEventStore,
  positionKey,
} from '../../bin/local/local-event-store';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import { scimAdmin as cli } from '../support/scim-admin-cli';
import { dynamoEndpoint } from '../support/scim-server';

const tenantId = `t-${randomBytes(6).toString('hex')}`;
/** A data folder whose endpoint.json names the run's DynamoDB Local, as `npm start` writes it. */
const dataDir = mkdtempSync(join(tmpdir(), 'scim-events-'));

const details = [
  {
    type: 'scim.user.created',
    time: '2026-12-02T09:00:00.000Z',
    resourceId: 'u1',
    userName: 'ada@example.com',
  },
  { type: 'scim.group.created', time: '2026-12-02T09:30:00.000Z', resourceId: 'g1', displayName: 'Sales' },
  {
    type: 'scim.user.deactivated',
    time: '2026-12-02T10:00:00.000Z',
    resourceId: 'u1',
    userName: 'ada@example.com',
  },
].map(({ type, time, ...rest }, i) => ({
  type,
  time,
  detail: JSON.stringify({ id: `rec${i}:${type}`, tenantId, committedAt: time, ...rest }),
}));

beforeAll(async () => {
  const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
  await ensureTables(db as never, { [LOCAL_EVENTS_TABLE]: LOCAL_EVENTS_DEFINITION });
  const store = new LocalEventStore(db);
  // Saved out of order: the list is in commit order all the same.
  for (const [i, { type, time, detail }] of [...details.entries()].reverse()) {
    await store.save({
      id: `rec${i}:${type}`,
      tenantId,
      detailType: type,
      time,
      source: 'scim-endpoint',
      detail,
      position: positionKey(time, { sequenceNumber: String(100 + i), index: 0 }),
    });
  }
  writeFileSync(join(dataDir, 'endpoint.json'), JSON.stringify({ dynamodbEndpoint: dynamoEndpoint() }));
});

const list = (...args: string[]) =>
  cli('events', 'list', tenantId, '--local', '--data-dir', dataDir, ...args);

describe('npx scim-admin events list', () => {
  it('prints a line per event, in commit order: time, type, resource id, name', async () => {
    const { code, stdout } = await list();
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toEqual([
      '2026-12-02T09:00:00.000Z  scim.user.created           u1  ada@example.com',
      '2026-12-02T09:30:00.000Z  scim.group.created          g1  Sales',
      '2026-12-02T10:00:00.000Z  scim.user.deactivated       u1  ada@example.com',
    ]);
  }, 60_000);

  it('prints with --json each detail exactly as it was put on the bus, filtered by --since and --type', async () => {
    const all = await list('--json');
    expect(all.stdout.trimEnd().split('\n')).toEqual(details.map((d) => d.detail));
    const since = await list('--json', '--since', '2026-12-02T09:30Z', '--type', 'scim.user.deactivated');
    expect(since.stdout.trimEnd().split('\n')).toEqual([details[2]?.detail]);
  }, 60_000);

  it('says so on stderr when a tenant has no events', async () => {
    const { code, stdout, stderr } = await cli('events', 'list', 'nobody', '--local', '--data-dir', dataDir);
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    expect(stderr).toMatch(/No events for tenant nobody/);
  }, 60_000);

  it('refuses a deployed stack (exit 2), pointing at scim.eventBus, its archive and docs/events.md', async () => {
    const { code, stderr } = await cli('events', 'list', tenantId, '--stack', 'ScimEndpoint');
    expect(code).toBe(2);
    expect(stderr).toMatch(/scim\.eventBus.*archive.*docs\/events\.md/s);
  }, 60_000);
});
