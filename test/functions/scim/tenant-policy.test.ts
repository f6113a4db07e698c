import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { policyOf } from '../../../functions/http/scim-request';
import {
  DEFAULT_TENANT_POLICY,
  describeTenantPolicy,
  keepsBodiesAt,
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

const NOW = new Date('2026-06-01T10:00:00.000Z');
const LATER = '2026-06-02T10:00:00.000Z';

describe('a policy described for `tenants show`', () => {
  it.each([
    {
      policy: DEFAULT_TENANT_POLICY,
      lines: ['deletion: hard', 'purge deactivated users: off', 'writes: open', 'request log bodies: off'],
    },
    {
      policy: retain30,
      lines: [
        'deletion: retain 30 days',
        'purge deactivated users: after 90 days',
        'writes: paused',
        'request log bodies: off',
      ],
    },
    {
      policy: { ...DEFAULT_TENANT_POLICY, logBodiesUntil: LATER },
      lines: [
        'deletion: hard',
        'purge deactivated users: off',
        'writes: open',
        `request log bodies: kept (redacted) until ${LATER}`,
      ],
    },
    {
      policy: { ...DEFAULT_TENANT_POLICY, logBodiesUntil: NOW.toISOString() },
      lines: [
        'deletion: hard',
        'purge deactivated users: off',
        'writes: open',
        `request log bodies: off (ended ${NOW.toISOString()})`,
      ],
    },
  ])('$lines', ({ policy, lines }) => {
    expect(describeTenantPolicy(policy, NOW)).toEqual(lines);
  });
});

describe('logBodiesUntil: bodies are kept only before it, so the setting ends by itself', () => {
  const policy = { ...DEFAULT_TENANT_POLICY, logBodiesUntil: LATER };
  it.each([
    { policy: DEFAULT_TENANT_POLICY, at: NOW.getTime(), kept: false },
    { policy, at: NOW.getTime(), kept: true },
    { policy, at: Date.parse(LATER) - 1, kept: true },
    { policy, at: Date.parse(LATER), kept: false },
    { policy, at: Date.parse(LATER) + 86_400_000, kept: false },
  ])('at $at: $kept', ({ policy, at, kept }) => {
    expect(keepsBodiesAt(policy, at)).toBe(kept);
  });

  it('travels through the authorizer context as a string, absent when off', () => {
    expect(policyContext(policy)).toEqual({
      paused: false,
      deletionRetentionDays: 0,
      purgeDeactivatedAfterDays: 0,
      logBodiesUntil: LATER,
    });
    expect(policyOfContext(policyContext(policy))).toEqual(policy);
    expect(policyContext(DEFAULT_TENANT_POLICY)).not.toHaveProperty('logBodiesUntil');
  });

  it.each([
    { logBodiesUntil: LATER, problem: undefined },
    // One that has passed is still a policy: it has ended, and a request reads it as off.
    { logBodiesUntil: '2000-01-01T00:00:00.000Z', problem: undefined },
    ...['2026-02-30T00:00:00.000Z', '2026-06-02', 'tomorrow', '', 1780000000000].map((logBodiesUntil) => ({
      logBodiesUntil,
      problem: 'logBodiesUntil is an instant such as 2026-06-01T10:00:00.000Z',
    })),
  ])('stored as $logBodiesUntil: $problem', ({ logBodiesUntil, problem }) => {
    expect(policyProblem({ ...DEFAULT_TENANT_POLICY, logBodiesUntil })).toBe(problem);
    if (problem !== undefined)
      expect(() => policyOfContext({ logBodiesUntil })).toThrow(/no valid policy: logBodiesUntil/);
  });
});
