/**
 * The token endpoint when the tokens table fails (issue 12: "a failing dependency is a 5xx, never
 * invalid_client"): every way DynamoDB or the network fails, on each read and on the write of the access
 * token, for each way of authenticating, is 503 `temporarily_unavailable` with Retry-After, never a 400 or
 * 401 that Entra would count against the credentials. The faults come from the fault injector
 * (fault-injector.ts), a middleware on the real client in front of DynamoDB Local: it throws the errors the
 * SDK throws, nothing else is mocked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_BEARER_ASSERTION_TYPE } from '../../functions/oauth/presented-credentials';
import { tokenEndpoint } from '../../functions/oauth/token-endpoint';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import { basic, FORM, type TokenEventOptions } from '../functions/oauth/token-event';
import { newSecretClient, newTrustClient, post, storesOf, tokensOf } from '../functions/oauth/token-fixtures';
import {
  entraTrust,
  type KeyEndpointDouble,
  signAssertion,
  startKeyEndpointDouble,
} from '../support/assertion-signer';
import { dynamoEndpoint } from '../support/scim-server';
import { type FaultInjector, faultInjector, faults } from './fault-injector';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const stores = storesOf(db);
const endpoint = tokenEndpoint(stores);
let injector: FaultInjector;
let keys: KeyEndpointDouble;

beforeAll(async () => {
  injector = await faultInjector(db);
  keys = await startKeyEndpointDouble();
});
afterAll(async () => {
  await injector.close();
  await keys.close();
});

const GRANT = ['grant_type', 'client_credentials'] as const;

/** A tenant with a client and a trust, and the three requests that authenticate as them. */
async function requests(): Promise<{ tenantId: string; by: Record<string, TokenEventOptions> }> {
  const client = await newSecretClient(stores);
  const trust = entraTrust(keys);
  const { clientId: trustId } = await newTrustClient(stores, trust, { tenantId: client.tenantId });
  const assertion = await signAssertion(trust, keys);
  return {
    tenantId: client.tenantId,
    by: {
      'Basic (client_secret_basic)': {
        form: [GRANT],
        headers: { 'Content-Type': FORM, Authorization: basic(client.clientId, client.secret) },
      },
      'form fields (client_secret_post)': {
        form: [GRANT, ['client_id', client.clientId], ['client_secret', client.secret]],
      },
      'an assertion (workload identity federation)': {
        form: [
          GRANT,
          ['client_id', trustId],
          ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
          ['client_assertion', assertion],
        ],
      },
    },
  };
}

const METHODS = [
  'Basic (client_secret_basic)',
  'form fields (client_secret_post)',
  'an assertion (workload identity federation)',
];
const FAULTS: [string, () => Error][] = Object.entries(faults);
/** Which calls fail: every read and write, only the first read (the client), only the write (the token). */
const WHERE: [string, { commands?: readonly string[]; calls?: (n: number) => boolean }][] = [
  ['every call', {}],
  ['the first read', { commands: ['GetItem'], calls: (n) => n === 1 }],
  ['the second read', { commands: ['GetItem'], calls: (n) => n === 2 }],
  ['the write of the access token', { commands: ['PutItem', 'TransactWriteItems', 'UpdateItem'] }],
];
const CASES = METHODS.flatMap((method) =>
  FAULTS.flatMap(([fault, error]) => WHERE.map(([where, at]) => [method, fault, where, error, at] as const)),
);

describe('the tokens table failing', () => {
  it.each(CASES)(
    '%s, %s on %s: 503 temporarily_unavailable, never a refusal',
    async (method, _f, _w, error, at) => {
      const { tenantId, by } = await requests();
      injector.fail({ ...at, error });
      try {
        const answer = await post(endpoint, by[method] as TokenEventOptions);
        expect(answer.status, JSON.stringify(answer.body)).toBe(503);
        expect(answer.body).toMatchObject({ error: 'temporarily_unavailable' });
        expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
        expect(answer.headers['cache-control']).toBe('no-store');
      } finally {
        injector.clear();
      }
      // Nothing half-issued: no access token was written, and with the table back the same request succeeds.
      expect(await tokensOf(db, tenantId)).toEqual([]);
      const retried = await post(endpoint, by[method] as TokenEventOptions);
      expect(retried.status).toBe(200);
    },
  );
});
