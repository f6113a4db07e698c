import { describe, expect, it } from 'vitest';
import { proxyEvent } from '../../../bin/local/proxy-event';
import { matchRoute } from '../../../functions/http/route-table';
import { policyOf, tenantOf } from '../../../functions/http/scim-request';
import { DEFAULT_TENANT_POLICY, type TenantPolicy } from '../../../functions/scim/tenant-policy';

function eventWith(policy: TenantPolicy | undefined) {
  const match = matchRoute('/Users');
  if (match === undefined) throw new Error('no route');
  return proxyEvent({
    method: 'POST',
    target: {
      kind: 'scim',
      path: '/scim/v2/Users',
      resource: '/scim/v2/Users',
      url: new URL('http://localhost/scim/v2/Users'),
      match,
    },
    headers: { headers: { host: 'localhost' }, multiValueHeaders: { host: ['localhost'] } },
    body: Buffer.alloc(0),
    authorization: {
      allowed: true,
      credential: { kind: 'token', hash: 'h' },
      tenantId: 'acme',
      tokenId: 'tok_1',
      ...(policy === undefined ? {} : { policy }),
    },
  });
}

describe("the local proxy event's authorizer context, as API Gateway hands it to a REST API's function", () => {
  it.each([
    {
      policy: { deletion: { mode: 'retain', days: 30 }, purgeDeactivatedAfterDays: 90, paused: true },
      context: { paused: 'true', deletionRetentionDays: '30', purgeDeactivatedAfterDays: '90' },
    },
    {
      policy: undefined,
      context: { paused: 'false', deletionRetentionDays: '0', purgeDeactivatedAfterDays: '0' },
    },
  ] as const)('carries every value as a string: $context', ({ policy, context }) => {
    const event = eventWith(policy);
    expect(event.requestContext.authorizer).toEqual({ tenantId: 'acme', tokenId: 'tok_1', ...context });
    expect(tenantOf(event)).toBe('acme');
    expect(policyOf(event)).toEqual(policy ?? DEFAULT_TENANT_POLICY);
  });
});
