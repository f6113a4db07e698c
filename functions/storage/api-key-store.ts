import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteUsagePlanKeyCommand,
} from '@aws-sdk/client-api-gateway';

/**
 * The tenants' API Gateway API keys. The authorizer hands a tenant's key to API Gateway as
 * `usageIdentifierKey`, so the tenant's usage plan (its tier) throttles it. Usage plans are created once,
 * by the stack; a tenant only gets a key in one of them.
 */
export interface ApiKeyStore {
  create(tenantId: string, usagePlanId: string): Promise<{ readonly id: string; readonly value: string }>;
  move(apiKeyId: string, fromUsagePlanId: string, toUsagePlanId: string): Promise<void>;
}

export class ApiGatewayKeyStore implements ApiKeyStore {
  constructor(private readonly client: APIGatewayClient) {}

  async create(tenantId: string, usagePlanId: string) {
    const key = await this.client.send(
      new CreateApiKeyCommand({
        name: `scim-tenant-${tenantId}`,
        description: `SCIM tenant ${tenantId}: throttled by its usage plan; not a credential`,
        enabled: true,
        tags: { 'scim:tenant': tenantId },
      }),
    );
    if (key.id === undefined || key.value === undefined) throw new Error('API Gateway returned no API key');
    await this.client.send(new CreateUsagePlanKeyCommand({ usagePlanId, keyId: key.id, keyType: 'API_KEY' }));
    return { id: key.id, value: key.value };
  }

  async move(apiKeyId: string, fromUsagePlanId: string, toUsagePlanId: string) {
    // Into the new plan first: a key in no plan would be refused (403) until it joins one.
    await this.client.send(
      new CreateUsagePlanKeyCommand({ usagePlanId: toUsagePlanId, keyId: apiKeyId, keyType: 'API_KEY' }),
    );
    await this.client.send(new DeleteUsagePlanKeyCommand({ usagePlanId: fromUsagePlanId, keyId: apiKeyId }));
  }
}

/** The API keys of the region's API Gateway. */
export function createApiKeyStore(region: string): ApiKeyStore {
  return new ApiGatewayKeyStore(new APIGatewayClient({ region, maxAttempts: 5 }));
}
