/**
 * The token function's grant (TABLE_ACCESS.token, lib/use-table.ts) against what its code sends: the real
 * token endpoint runs on DynamoDB Local, every request its client sends is recorded (a middleware that
 * observes, never answers), and each is mapped to the IAM actions DynamoDB authorizes it by
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/api-permissions-reference.html: a
 * transaction is authorized item by item, as the action of each of its items).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newClientCredential } from '../../functions/auth/client-secret';
import { JWT_BEARER_ASSERTION_TYPE } from '../../functions/oauth/presented-credentials';
import { tokenEndpoint } from '../../functions/oauth/token-endpoint';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import { TABLE_ACCESS } from '../../lib/use-table';
import type { TokenEventOptions } from '../functions/oauth/token-event';
import { basic, FORM } from '../functions/oauth/token-event';
import { newSecretClient, newTrustClient, post, storesOf } from '../functions/oauth/token-fixtures';
import {
  entraTrust,
  type KeyEndpointDouble,
  signAssertion,
  startKeyEndpointDouble,
} from '../support/assertion-signer';
import { dynamoEndpoint } from '../support/scim-server';
import { TEST_TABLES } from '../support/test-tables';

/** What one sent request needs: its IAM actions, the tables and indexes it names. */
interface Sent {
  readonly actions: string[];
  readonly tables: string[];
  readonly indexes: string[];
}

type Input = Record<string, unknown> & { TransactItems?: Record<string, Record<string, unknown>>[] };

/** Transaction items by their key in TransactItems → the action DynamoDB checks for them. */
const TRANSACT_ITEM_ACTIONS: Readonly<Record<string, string>> = {
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
};

function sentOf(operation: string, input: Input): Sent {
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    const items = (input.TransactItems ?? []).flatMap((item) => Object.entries(item));
    return {
      actions: items.map(([kind]) =>
        kind === 'Get' ? 'dynamodb:GetItem' : (TRANSACT_ITEM_ACTIONS[kind] ?? kind),
      ),
      tables: items.map(([, request]) => String(request.TableName)),
      indexes: [],
    };
  }
  const tables =
    input.RequestItems === undefined ? [String(input.TableName)] : Object.keys(input.RequestItems as object);
  return {
    actions: [`dynamodb:${operation}`],
    tables,
    indexes: input.IndexName === undefined ? [] : [String(input.IndexName)],
  };
}

/** Records every request the client sends, from now on. */
function recorder(db: DynamoDBDocumentClient): { readonly sent: Sent[]; reset(): void } {
  let sent: Sent[] = [];
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      sent.push(sentOf(operation, args.input as Input));
      return next(args);
    },
    { step: 'initialize', name: 'recordTableAccess' },
  );
  return {
    get sent() {
      return sent;
    },
    reset: () => {
      sent = [];
    },
  };
}

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const stores = storesOf(db);
const endpoint = tokenEndpoint(stores);
const recorded = recorder(db);
let keys: KeyEndpointDouble;

beforeAll(async () => {
  keys = await startKeyEndpointDouble();
});
afterAll(async () => {
  await keys.close();
});

const GRANT = ['grant_type', 'client_credentials'] as const;

interface Scene {
  readonly clientId: string;
  readonly secret: string;
  readonly trustClientId: string;
  readonly assertion: string;
}

async function scene(): Promise<Scene> {
  const client = await newSecretClient(stores);
  const trust = entraTrust(keys);
  const { clientId: trustClientId } = await newTrustClient(stores, trust, { tenantId: client.tenantId });
  return { ...client, trustClientId, assertion: await signAssertion(trust, keys) };
}

describe('the token function sends only what its grant allows', () => {
  it.each<[string, number, (s: Scene) => TokenEventOptions]>([
    [
      'a token by Basic (the secret first used: touched)',
      200,
      (s) => ({
        headers: { 'Content-Type': FORM, Authorization: basic(s.clientId, s.secret) },
        form: [GRANT],
      }),
    ],
    [
      'a token by form fields',
      200,
      (s) => ({ form: [GRANT, ['client_id', s.clientId], ['client_secret', s.secret]] }),
    ],
    [
      'a token by an assertion of a trust',
      200,
      (s) => ({
        form: [
          GRANT,
          ['client_id', s.trustClientId],
          ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
          ['client_assertion', s.assertion],
        ],
      }),
    ],
    [
      'a well-formed secret that is not the client’s, refused',
      401,
      (s) => ({ form: [GRANT, ['client_id', s.clientId], ['client_secret', newClientCredential().secret]] }),
    ],
  ])('%s', async (_name, status, request) => {
    const s = await scene();
    recorded.reset();
    expect((await post(endpoint, request(s))).status).toBe(status);

    const sent = recorded.sent;
    expect(sent.length).toBeGreaterThan(0);
    const granted: readonly string[] = TABLE_ACCESS.token.actions;
    expect(sent.flatMap((r) => r.actions).filter((a) => !granted.includes(a))).toEqual([]);
    expect([...new Set(sent.flatMap((r) => r.tables))]).toEqual([TEST_TABLES.tokens]);
    // TABLE_ACCESS.token grants no index.
    expect(sent.flatMap((r) => r.indexes)).toEqual([]);
  });

  it('uses every action of its grant, so that none is left over', async () => {
    const s = await scene();
    recorded.reset();
    const answer = await post(endpoint, {
      headers: { 'Content-Type': FORM, Authorization: basic(s.clientId, s.secret) },
      form: [GRANT],
    });
    expect(answer.status).toBe(200);
    const used = new Set(recorded.sent.flatMap((r) => r.actions));
    expect([...used].sort()).toEqual([...TABLE_ACCESS.token.actions].sort());
  });
});
