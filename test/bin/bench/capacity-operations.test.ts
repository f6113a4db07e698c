import { describe, expect, it } from 'vitest';
import { MINIMUM_REQUESTS } from '../../../bin/bench/capacity';
import { capacitySteps } from '../../../bin/bench/capacity-operations';
import { entraUser } from '../../../bin/bench/entra-user';

const tenant = {
  size: 100,
  run: 'r1',
  existing: entraUser(50, 'r1'),
  existingId: 'u-50',
  candidates: Array.from({ length: 101 }, (_, i) => `u-${i}`),
};

describe('capacitySteps', () => {
  it('measures every operation of MINIMUM_REQUESTS, once each', () => {
    const operations = capacitySteps(tenant, { userId: '', groupId: '' }).map((step) => step.operation);
    expect([...operations].sort()).toEqual(Object.keys(MINIMUM_REQUESTS).sort());
  });

  it('sends the later steps to what the earlier ones created', () => {
    const created = { userId: '', groupId: '' };
    const steps = capacitySteps(tenant, created);
    const call = (operation: string) => steps.find((step) => step.operation === operation)?.call();
    steps.find((step) => step.operation === 'user create')?.keep?.('u-new');
    steps.find((step) => step.operation === 'group create')?.keep?.('g-new');
    expect(call('user delete')).toEqual({ method: 'DELETE', path: '/Users/u-new' });
    expect(call('group add 100 members')).toMatchObject({ method: 'PATCH', path: '/Groups/g-new' });
  });

  it.each([
    {
      operation: 'user filter by userName',
      path: '/Users?filter=userName+eq+%22ada.knuth.r1000050%40contoso.example%22',
    },
    {
      operation: 'user filter by externalId',
      path: '/Users?filter=externalId+eq+%22ada.knuth.r1000050%22',
    },
    { operation: 'user get', path: '/Users/u-50' },
  ])('$operation reads the seeded user: $path', ({ operation, path }) => {
    const step = capacitySteps(tenant, { userId: '', groupId: '' }).find((s) => s.operation === operation);
    expect(step?.call()).toEqual({ method: 'GET', path });
  });
});
