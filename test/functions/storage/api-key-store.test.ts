import { describe, expect, it } from 'vitest';
import { ApiGatewayKeyStore } from '../../../functions/storage/api-key-store';
import { apiGatewayMock } from '../../support/api-gateway-mock';

describe('ApiGatewayKeyStore (against apiGatewayMock)', () => {
  it("creates a tenant's key and places it in its tier's usage plan", async () => {
    const mock = apiGatewayMock();
    const key = await new ApiGatewayKeyStore(mock.client).create('acme', 'plan-standard');
    expect(key).toEqual({ id: 'key1', value: 'value1' });
    expect(mock.calls).toEqual([
      {
        command: 'CreateApiKey',
        input: expect.objectContaining({ name: 'scim-tenant-acme', enabled: true }),
      },
      {
        command: 'CreateUsagePlanKey',
        input: { usagePlanId: 'plan-standard', keyId: 'key1', keyType: 'API_KEY' },
      },
    ]);
  });

  it('moves a key into the new plan before taking it out of the old one', async () => {
    const mock = apiGatewayMock();
    await new ApiGatewayKeyStore(mock.client).move('key9', 'plan-standard', 'plan-large');
    expect(mock.calls).toEqual([
      {
        command: 'CreateUsagePlanKey',
        input: { usagePlanId: 'plan-large', keyId: 'key9', keyType: 'API_KEY' },
      },
      { command: 'DeleteUsagePlanKey', input: { usagePlanId: 'plan-standard', keyId: 'key9' } },
    ]);
  });
});
