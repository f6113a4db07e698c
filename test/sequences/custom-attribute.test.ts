/**
 * Issue 13 §1: a custom extension attribute Entra sends (entra-custom-attribute-*.json, a URN the deployment
 * does not declare) reaches the vendor's application: the reader returns it, and the events carry it in
 * their `resource`, from the create to the PATCH that clears it. The sequences through the local endpoint,
 * the stream read by the local event source mapping and the real event handler, as `npm start` runs them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../bin/local/local-event-store';
import { createScimReader } from '../../functions/reader/scim-reader';
import type { TestEventStream } from '../support/event-stream';
import { type EventedServer, startEventedServer } from '../support/evented-server';
import { loadSequences, replay } from '../support/replay';
import type { TestServer } from '../support/scim-server';
import { TEST_TABLES } from '../support/test-tables';

const CONTOSO = 'urn:ietf:params:scim:schemas:extension:Contoso:2.0:User';

let evented: EventedServer;
let server: TestServer;
let events: TestEventStream;
let proxy: EventedServer['proxy'];
beforeAll(async () => {
  evented = await startEventedServer();
  ({ server, events, proxy } = evented);
});
afterAll(() => evented.close());

const sequences = loadSequences().filter((s) => s.name.startsWith('entra-custom-attribute-'));
const resourceOf = (event: StoredEvent) =>
  (JSON.parse(event.detail) as { resource: Record<string, unknown> }).resource;

/** The custom extension in each event of the user, in commit order (absent: undefined). */
const EXPECTED_IN_EVENTS = [
  ['scim.user.created', { badgeNumber: 'B-1001', shirtSize: 'M' }],
  ['scim.user.updated', { badgeNumber: 'B-2002', shirtSize: 'M' }],
  ['scim.user.updated', { badgeNumber: 'B-2002', shirtSize: 'L' }],
  ['scim.user.updated', { badgeNumber: 'B-2002', shirtSize: 'L', deskCode: '4-117' }],
  ['scim.user.updated', { badgeNumber: 'B-2002' }],
  ['scim.user.updated', undefined],
  ['scim.user.deleted', undefined],
] as const;

it('has the two recorded sequences to check, one per Entra dialect', () => {
  expect(sequences.map((s) => s.query)).toEqual(['aadOptscim062020', undefined]);
});

describe.each(sequences.map((s) => [s.name, s] as const))('%s', (_name, sequence) => {
  it('reaches the reader and every event with the custom attribute as sent', async () => {
    const tenant = await server.newTenant();
    events.watch(tenant.tenantId);
    const reader = createScimReader({ tableName: TEST_TABLES.data, client: server.db }).tenant(
      tenant.tenantId,
    );
    // Up to "Verify both", while the user has its three custom attributes; then the rest, which clears them.
    const split = sequence.steps.findIndex((step) => step.name === 'Verify both') + 1;
    expect(split).toBeGreaterThan(0);
    // One run tag for both parts, so that the second part names the same user (its email, its id).
    const variables = { ...sequence.variables, run: randomBytes(4).toString('hex') };
    const first = { ...sequence, variables, steps: sequence.steps.slice(0, split) };
    const created = (await replay(first, proxy.baseUrl, tenant.token)).find((r) => r.status === 201);
    const userId = created?.body.id as string;
    expect((await reader.users.get(userId))?.[CONTOSO as never]).toEqual({
      badgeNumber: 'B-2002',
      shirtSize: 'L',
      deskCode: '4-117',
    });
    const byExternalId = await reader.users.findByExternalId(created?.body.externalId);
    expect(byExternalId.map((u) => u.schemas)).toEqual([expect.arrayContaining([CONTOSO])]);

    const rest = { ...sequence, variables: { ...variables, userId }, steps: sequence.steps.slice(split) };
    await replay(rest, proxy.baseUrl, tenant.token);
    const stored = await events.eventsOf(tenant.tenantId, EXPECTED_IN_EVENTS.length);
    expect(stored.map((e) => [e.detailType, resourceOf(e)?.[CONTOSO]])).toEqual(EXPECTED_IN_EVENTS);
    expect(await reader.users.get(userId)).toBeUndefined();
  });
});
