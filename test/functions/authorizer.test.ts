import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler, wholeApiArn } from '../../functions/authorizer';
import { startScimServer, type TestServer } from '../support/scim-server';
import { TEST_TABLES } from '../support/test-tables';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:111111111111:abc123/prod/GET/scim/v2/Users';

const event = (authorization?: string): APIGatewayRequestAuthorizerEvent =>
  ({
    type: 'REQUEST',
    methodArn: METHOD_ARN,
    headers: authorization === undefined ? {} : { authorization },
  }) as unknown as APIGatewayRequestAuthorizerEvent;

let server: TestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(() => server.close());

describe('the authorizer function', () => {
  it('allows a valid token for the whole API, with the tenant in the context and its API key', async () => {
    const tenant = await server.newTenant();
    await server.tokens.updateTenant(tenant.tenantId, { apiKeyId: 'key1', apiKey: 'api-key-value' });
    const result = await handler(event(`Bearer ${tenant.token}`));
    expect(result).toEqual({
      principalId: tenant.tenantId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: 'arn:aws:execute-api:eu-west-1:111111111111:abc123/prod/*',
          },
        ],
      },
      context: {
        tenantId: tenant.tenantId,
        tokenId: expect.stringMatching(/^tok_/),
        paused: false,
        deletionRetentionDays: 0,
        purgeDeactivatedAfterDays: 0,
      },
      usageIdentifierKey: 'api-key-value',
    });
    const [token] = await server.tokens.listTokens(tenant.tenantId);
    expect(token?.lastUsedAt).toEqual(expect.any(String));
  });

  it.each([
    {
      policy: { deletion: { mode: 'retain', days: 30 }, purgeDeactivatedAfterDays: 90, paused: true },
      context: { paused: true, deletionRetentionDays: 30, purgeDeactivatedAfterDays: 90 },
    },
    {
      policy: { deletion: { mode: 'hard' }, paused: true },
      context: { paused: true, deletionRetentionDays: 0, purgeDeactivatedAfterDays: 0 },
    },
  ] as const)(
    "puts the tenant's policy in the context as strings, numbers and booleans only: $context",
    async ({ policy, context }) => {
      const tenant = await server.newTenant();
      expect(await server.tokens.setTenantPolicy(tenant.tenantId, policy, undefined, TEST_TABLES.data)).toBe(
        true,
      );
      const result = await handler(event(`Bearer ${tenant.token}`));
      expect(result.context).toEqual({ tenantId: tenant.tenantId, tokenId: expect.any(String), ...context });
      for (const value of Object.values(result.context ?? {}))
        expect(['string', 'number', 'boolean']).toContain(typeof value);
    },
  );

  it('answers Unauthorized (API Gateway: 401) for a missing, malformed, revoked or disabled-tenant token', async () => {
    const tenant = await server.newTenant();
    await expect(handler(event())).rejects.toThrow(/^Unauthorized$/);
    await expect(handler(event('Bearer scim_nope'))).rejects.toThrow(/^Unauthorized$/);
    await server.tokens.updateTenant(tenant.tenantId, { status: 'disabled' });
    await expect(handler(event(`Bearer ${tenant.token}`))).rejects.toThrow(/^Unauthorized$/);
  });

  it('scopes the policy to the stage, not to the first path it saw (the answer is cached per token)', () => {
    expect(wholeApiArn('arn:aws:execute-api:r:1:api/stage/PATCH/scim/v2/Groups/abc')).toBe(
      'arn:aws:execute-api:r:1:api/stage/*',
    );
  });
});
