import { describe, expect, it } from 'vitest';
import { cachedAuthorizer } from '../../../bin/local/cached-authorizer';
import type { Authorization } from '../../../functions/auth/authorize';
import { DEFAULT_TENANT_POLICY, type TenantPolicy } from '../../../functions/scim/tenant-policy';

/** An authorizer whose tenant's policy the test changes, as `tenants set` does in the tokens table. */
function authorizerOf(current: { policy: TenantPolicy }) {
  let calls = 0;
  const authorize = async (): Promise<Authorization> => {
    calls++;
    return {
      allowed: true,
      credential: { kind: 'token', hash: 'h' },
      tenantId: 'acme',
      tokenId: 'tok_1',
      policy: current.policy,
    };
  };
  return { authorize, calls: () => calls };
}

/** What the gateway hands the authorizer besides the header. */
const REQUEST = {
  method: 'GET',
  path: '/scim/v2/Users',
  headers: {},
  query: {},
  requestId: 'r-1',
  startedAt: 0,
};

const paused: TenantPolicy = { ...DEFAULT_TENANT_POLICY, paused: true };

describe("a policy change through the local gateway's authorizer cache", () => {
  it.each([
    { ttlSeconds: 300, seen: DEFAULT_TENANT_POLICY, calls: 1, why: 'within the TTL: the cached policy' },
    { ttlSeconds: 0, seen: paused, calls: 2, why: 'no cache (the test server): the new policy at once' },
  ])('$why', async ({ ttlSeconds, seen, calls }) => {
    const current = { policy: DEFAULT_TENANT_POLICY };
    const inner = authorizerOf(current);
    const authorize = cachedAuthorizer(inner.authorize, ttlSeconds);
    expect(await authorize('Bearer t', REQUEST)).toMatchObject({ policy: DEFAULT_TENANT_POLICY });
    current.policy = paused;
    expect(await authorize('Bearer t', REQUEST)).toMatchObject({ policy: seen });
    expect(inner.calls()).toBe(calls);
  });
});
