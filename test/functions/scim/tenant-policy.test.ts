import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { policyOf } from '../../../functions/http/scim-request';
import {
  DEFAULT_TENANT_POLICY,
  describeTenantPolicy,
  parseTenantPolicy,
  policyContext,
  policyOfContext,
  policyProblem,
  type TenantPolicy,
} from '../../../functions/scim/tenant-policy';

const retain30: TenantPolicy = {
  deletion: { mode: 'retain', days: 30 },
  purgeDeactivatedAfterDays: 90,
  paused: true,
};

describe('a tenant policy in the authorizer context: flat strings, numbers and booleans, 0 for hard and off', () => {
  it.each([
    {
      policy: DEFAULT_TENANT_POLICY,
      context: { paused: false, deletionRetentionDays: 0, purgeDeactivatedAfterDays: 0 },
    },
    { policy: retain30, context: { paused: true, deletionRetentionDays: 30, purgeDeactivatedAfterDays: 90 } },
  ])('$context', ({ policy, context }) => {
    expect(policyContext(policy)).toEqual(context);
    expect(policyOfContext(policyContext(policy))).toEqual(policy);
  });

  it.each([
    { why: 'no keys: a context from before policies', context: {}, policy: DEFAULT_TENANT_POLICY },
    {
      why: 'as API Gateway hands them to the proxy integration: stringified',
      context: { paused: 'true', deletionRetentionDays: '30', purgeDeactivatedAfterDays: '90' },
      policy: retain30,
    },
    {
      why: 'stringified defaults',
      context: { paused: 'false', deletionRetentionDays: '0', purgeDeactivatedAfterDays: '0' },
      policy: DEFAULT_TENANT_POLICY,
    },
    { why: 'only paused', context: { paused: true }, policy: { ...DEFAULT_TENANT_POLICY, paused: true } },
  ])('read: $why', ({ context, policy }) => {
    expect(policyOfContext(context)).toEqual(policy);
  });

  it.each([
    { paused: 'yes' },
    { paused: 1 },
    { deletionRetentionDays: 'thirty' },
    { deletionRetentionDays: 366 },
    { deletionRetentionDays: -1 },
    { purgeDeactivatedAfterDays: 3651 },
    { purgeDeactivatedAfterDays: 1.5 },
  ])('a wrong value is a deployment fault, thrown: %o', (context) => {
    expect(() => policyOfContext(context)).toThrow(/no valid policy/);
  });

  it("policyOf reads the proxy event's authorizer context", () => {
    const event = {
      requestContext: { authorizer: { tenantId: 't', paused: 'true', deletionRetentionDays: '7' } },
    } as unknown as APIGatewayProxyEvent;
    expect(policyOf(event)).toEqual({ deletion: { mode: 'retain', days: 7 }, paused: true });
  });
});

describe('a stored policy', () => {
  it.each([
    { value: DEFAULT_TENANT_POLICY, problem: undefined },
    { value: retain30, problem: undefined },
    { value: { deletion: { mode: 'retain', days: 365 }, paused: false }, problem: undefined },
    {
      value: { deletion: { mode: 'hard' }, purgeDeactivatedAfterDays: 3650, paused: false },
      problem: undefined,
    },
    { value: null, problem: 'a policy is an object' },
    { value: { deletion: { mode: 'hard' } }, problem: 'paused must be true or false' },
    { value: { deletion: { mode: 'soft' }, paused: false }, problem: 'deletion is hard or retain' },
    {
      value: { deletion: { mode: 'retain' }, paused: false },
      problem: 'retained deletion keeps 1 to 365 days',
    },
    {
      value: { deletion: { mode: 'retain', days: 0 }, paused: false },
      problem: 'retained deletion keeps 1 to 365 days',
    },
    {
      value: { deletion: { mode: 'hard' }, purgeDeactivatedAfterDays: 0, paused: false },
      problem: 'deactivated users are purged after 1 to 3650 days',
    },
  ])('$value: $problem', ({ value, problem }) => {
    expect(policyProblem(value)).toBe(problem);
  });

  it('is read back with only its known keys', () => {
    const stored = { deletion: { mode: 'hard', days: 3 }, paused: false, extra: 1 };
    expect(parseTenantPolicy(stored)).toEqual(DEFAULT_TENANT_POLICY);
    expect(() => parseTenantPolicy({ paused: false })).toThrow(/deletion is hard or retain/);
  });
});

describe('a policy described for `tenants show`', () => {
  it.each([
    {
      policy: DEFAULT_TENANT_POLICY,
      lines: ['deletion: hard', 'purge deactivated users: off', 'writes: open'],
    },
    {
      policy: retain30,
      lines: ['deletion: retain 30 days', 'purge deactivated users: after 90 days', 'writes: paused'],
    },
  ])('$lines', ({ policy, lines }) => {
    expect(describeTenantPolicy(policy)).toEqual(lines);
  });
});
