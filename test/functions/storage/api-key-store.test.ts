import {
  type APIGatewayClient,
  CreateUsagePlanKeyCommand,
  DeleteUsagePlanKeyCommand,
} from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { ApiGatewayKeyStore } from '../../../functions/storage/api-key-store';
import { apiGatewayMock } from '../../support/api-gateway-mock';

const injected = (name: string) => Object.assign(new Error(`injected ${name}`), { name });

describe('ApiGatewayKeyStore (against apiGatewayMock, which refuses a key in two plans of one stage)', () => {
  it("creates a tenant's key once, named for the stack and tenant, and finds it again on a retry", async () => {
    const mock = apiGatewayMock();
    const store = new ApiGatewayKeyStore(mock.client, 'Stack-tenant-');
    const key = await store.ensureKey('acme');
    expect(mock.calls.find((c) => c.command === 'CreateApiKey')?.input).toMatchObject({
      name: 'Stack-tenant-acme',
      enabled: true,
      tags: { 'scim:tenant': 'acme' },
    });
    // A tenant whose name starts with another's is not mistaken for it (GetApiKeys matches prefixes).
    const other = await store.ensureKey('acme2');
    expect(other.id).not.toBe(key.id);
    expect(await store.ensureKey('acme')).toEqual(key);
    expect(mock.keys()).toHaveLength(2);
  });

  it('finds a key past the first page of GetApiKeys', async () => {
    const mock = apiGatewayMock();
    const store = new ApiGatewayKeyStore(mock.client, 'p-');
    for (let i = 0; i < 3; i++) await store.ensureKey(`t${i}`);
    const paged = new ApiGatewayKeyStore(
      {
        send: (command: { input: Record<string, unknown> }) => {
          Object.assign(command.input, { limit: 1 });
          return mock.client.send(command as never);
        },
      } as unknown as APIGatewayClient,
      'p-',
    );
    expect(await paged.findKeys('t2')).toHaveLength(1);
  });

  it('refuses, as API Gateway does, to add a key to a second plan of the same stage', async () => {
    const mock = apiGatewayMock();
    const store = new ApiGatewayKeyStore(mock.client);
    const key = await store.ensureKey('acme');
    await store.addToPlan(key.id, 'plan-standard');
    await store.addToPlan(key.id, 'plan-standard'); // a retry: already there, nothing to do
    // The order the store used to move keys in: into the new plan first. API Gateway refuses it.
    await expect(
      mock.client.send(
        new CreateUsagePlanKeyCommand({ usagePlanId: 'plan-large', keyId: key.id, keyType: 'API_KEY' }),
      ),
    ).rejects.toMatchObject({ name: 'ConflictException' });
    await mock.client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: 'plan-standard', keyId: key.id }));
    expect(mock.plansOf(key.id)).toEqual([]);
  });

  it('moves a key out of the old plan, then into the new one', async () => {
    const mock = apiGatewayMock();
    const store = new ApiGatewayKeyStore(mock.client);
    const key = await store.ensureKey('acme');
    await store.addToPlan(key.id, 'plan-standard');
    await store.move(key.id, 'plan-standard', 'plan-large');
    expect(mock.plansOf(key.id)).toEqual(['plan-large']);
    // Repeated (a retry after a lost answer), the move changes nothing.
    await store.move(key.id, 'plan-standard', 'plan-large');
    expect(mock.plansOf(key.id)).toEqual(['plan-large']);
  });

  it('puts the key back in the old plan when the new one refuses it', async () => {
    let failures = 1;
    const mock = apiGatewayMock({
      fail: (command, input) =>
        command === 'CreateUsagePlanKey' && input.usagePlanId === 'plan-large' && failures-- > 0
          ? injected('TooManyRequestsException')
          : undefined,
    });
    const store = new ApiGatewayKeyStore(mock.client);
    const key = await store.ensureKey('acme');
    await store.addToPlan(key.id, 'plan-standard');
    await expect(store.move(key.id, 'plan-standard', 'plan-large')).rejects.toThrow(/injected/);
    expect(mock.plansOf(key.id)).toEqual(['plan-standard']);
  });

  it('deletes a key and its plan membership; deleting again is not an error', async () => {
    const mock = apiGatewayMock();
    const store = new ApiGatewayKeyStore(mock.client);
    const key = await store.ensureKey('acme');
    await store.addToPlan(key.id, 'plan-standard');
    await store.removeFromPlan(key.id, 'plan-standard');
    await store.removeFromPlan(key.id, 'plan-standard');
    await store.deleteKey(key.id);
    await store.deleteKey(key.id);
    expect(mock.keys()).toEqual([]);
  });
});
