import { expect } from 'vitest';
import { adminCommands } from '../../functions/admin/admin-commands';
import type { TestServer, TestTenant } from './scim-server';
import { TEST_TABLES } from './test-tables';

/**
 * Sets tenants' lifecycle policies through the real admin command (`tenants set`) on the test server's
 * tables. The test server's gateway has no authorizer cache, so the next request sees a change.
 */
export function policyAdmin(server: TestServer) {
  const admin = adminCommands({
    tokens: server.tokens,
    clients: server.clients,
    usagePlans: {},
    defaultTier: 'standard',
    dataTable: TEST_TABLES.data,
  });
  return async (tenant: TestTenant, change: Readonly<Record<string, unknown>>): Promise<void> => {
    const response = await admin({ action: 'setTenantPolicy', tenantId: tenant.tenantId, ...change });
    expect(response).toMatchObject({ ok: true });
  };
}
