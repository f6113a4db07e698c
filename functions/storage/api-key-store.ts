import {
  APIGatewayClient,
  type ApiKey,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanKeyCommand,
  GetApiKeysCommand,
  GetUsagePlanKeyCommand,
} from '@aws-sdk/client-api-gateway';

/** An API key of a tenant: its id, and its value for the authorizer's usageIdentifierKey. */
export interface TenantApiKey {
  readonly id: string;
  readonly value: string;
}

/**
 * The tenants' API Gateway API keys. The authorizer hands a tenant's key to API Gateway as
 * `usageIdentifierKey`, so the tenant's usage plan (its tier) throttles it. Usage plans are created once,
 * by the stack; a tenant's key is in one of them. Every operation is safe to repeat: the admin function
 * retries an interrupted create, move or delete by running it again.
 */
export interface ApiKeyStore {
  /** The tenant's key: the existing one (found by its deterministic name) or a new one. */
  ensureKey(tenantId: string): Promise<TenantApiKey>;
  /** The tenant's keys by name: one, or more only if something outside the admin function made them. */
  findKeys(tenantId: string): Promise<TenantApiKey[]>;
  addToPlan(apiKeyId: string, usagePlanId: string): Promise<void>;
  removeFromPlan(apiKeyId: string, usagePlanId: string): Promise<void>;
  move(apiKeyId: string, fromUsagePlanId: string, toUsagePlanId: string): Promise<void>;
  deleteKey(apiKeyId: string): Promise<void>;
}

/**
 * Every API key whose name starts with `nameQuery`, with its value, page after page: GetApiKeys answers a
 * `position` while there are more (https://docs.aws.amazon.com/apigateway/latest/api/API_GetApiKeys.html).
 */
async function* apiKeysNamedLike(client: APIGatewayClient, nameQuery: string): AsyncGenerator<ApiKey> {
  let position: string | undefined;
  do {
    const page = await client.send(
      new GetApiKeysCommand({ nameQuery, includeValues: true, limit: 500, position }),
    );
    yield* page.items ?? [];
    position = page.position;
  } while (position !== undefined);
}

const isNamed = (error: unknown, name: string) => error instanceof Error && error.name === name;

export class ApiGatewayKeyStore implements ApiKeyStore {
  /**
   * @param namePrefix makes key names unique to one stack: two stacks in an account and Region share the
   * API key namespace (and its quota), and a retry must find its own stack's key, never another's.
   */
  constructor(
    private readonly client: APIGatewayClient,
    private readonly namePrefix = 'scim-tenant-',
  ) {}

  private keyName(tenantId: string): string {
    return `${this.namePrefix}${tenantId}`;
  }

  async findKeys(tenantId: string): Promise<TenantApiKey[]> {
    const name = this.keyName(tenantId);
    const found: TenantApiKey[] = [];
    // `nameQuery` is not an exact match (`…-acme` also finds `…-acme2`): the exact name is checked here.
    for await (const key of apiKeysNamedLike(this.client, name)) {
      if (key.name === name && key.id !== undefined && key.value !== undefined)
        found.push({ id: key.id, value: key.value });
    }
    return found;
  }

  async ensureKey(tenantId: string): Promise<TenantApiKey> {
    const [existing] = await this.findKeys(tenantId);
    if (existing !== undefined) return existing;
    // Tagged so that an operator can find a tenant's key in the console and allocate costs by tenant.
    // Tagging on create needs apigateway:PUT on the tags resource as well as apigateway:POST on /apikeys
    // (lib/admin-permissions.ts grants both).
    const key = await this.client.send(
      new CreateApiKeyCommand({
        name: this.keyName(tenantId),
        description: `SCIM tenant ${tenantId}: throttled by its usage plan; not a credential`,
        enabled: true,
        tags: { 'scim:tenant': tenantId },
      }),
    );
    if (key.id === undefined || key.value === undefined) throw new Error('API Gateway returned no API key');
    return { id: key.id, value: key.value };
  }

  async addToPlan(apiKeyId: string, usagePlanId: string): Promise<void> {
    try {
      await this.client.send(new GetUsagePlanKeyCommand({ usagePlanId, keyId: apiKeyId }));
      return; // already there: an earlier attempt added it
    } catch (error) {
      if (!isNamed(error, 'NotFoundException')) throw error;
    }
    await this.client.send(
      new CreateUsagePlanKeyCommand({ usagePlanId, keyId: apiKeyId, keyType: 'API_KEY' }),
    );
  }

  async removeFromPlan(apiKeyId: string, usagePlanId: string): Promise<void> {
    try {
      await this.client.send(new DeleteUsagePlanKeyCommand({ usagePlanId, keyId: apiKeyId }));
    } catch (error) {
      if (!isNamed(error, 'NotFoundException')) throw error; // not there: an earlier attempt removed it
    }
  }

  async move(apiKeyId: string, fromUsagePlanId: string, toUsagePlanId: string): Promise<void> {
    // Out of the old plan first: a key cannot be in two usage plans that cover the same API stage, so
    // adding it to the new plan first is refused with ConflictException
    // (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-create-usage-plans.html,
    // https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlanKey.html). Between the two calls
    // the tenant's requests are refused (403): a moment, not an outage. If the add fails, the key goes back.
    await this.removeFromPlan(apiKeyId, fromUsagePlanId);
    try {
      await this.addToPlan(apiKeyId, toUsagePlanId);
    } catch (error) {
      await this.addToPlan(apiKeyId, fromUsagePlanId);
      throw error;
    }
  }

  async deleteKey(apiKeyId: string): Promise<void> {
    try {
      // https://docs.aws.amazon.com/apigateway/latest/api/API_DeleteApiKey.html (apigateway:DELETE on /apikeys/<id>)
      await this.client.send(new DeleteApiKeyCommand({ apiKey: apiKeyId }));
    } catch (error) {
      if (!isNamed(error, 'NotFoundException')) throw error;
    }
  }
}

/** The API keys of the region's API Gateway, named `<namePrefix><tenant>`. */
export function createApiKeyStore(region: string, namePrefix: string): ApiKeyStore {
  return new ApiGatewayKeyStore(new APIGatewayClient({ region, maxAttempts: 5 }), namePrefix);
}
