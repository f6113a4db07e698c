import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadSequences, replay } from '../support/replay';
import { startScimServer, type TestServer } from '../support/scim-server';

let server: TestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(() => server.close());

/**
 * The request sequences Microsoft Entra ID (with and without aadOptscim062020) and Okta send, as their
 * documentation records them, replayed end to end through the local endpoint. Each sequence gets a tenant
 * of its own.
 */
describe.each(loadSequences().map((s) => [s.name, s] as const))('%s', (_name, sequence) => {
  it(`replays: ${sequence.description}`, async () => {
    const tenant = await server.newTenant();
    await replay(sequence, server.baseUrl, tenant.token);
  });
});
