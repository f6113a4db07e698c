import { describe, expect, it } from 'vitest';
import { capacitySteps, FULLY_MAPPED } from '../../../bin/bench/capacity-operations';
import { entraUser } from '../../../bin/bench/entra-user';

const tenant = {
  size: 100,
  run: 'r1',
  existing: entraUser(50, 'r1'),
  existingId: 'u-50',
  candidates: Array.from({ length: 101 }, (_, i) => `u-${i}`),
};

describe('capacitySteps', () => {
  it('measures each operation once, under a name of its own', () => {
    const operations = capacitySteps(tenant, { userId: '', groupId: '' }).map((step) => step.operation);
    expect(new Set(operations).size).toBe(operations.length);
    expect(operations).toHaveLength(25);
  });

  it('measures the size-dependent user steps again for a fully mapped user, on the user it created', () => {
    const created = { userId: 'u-small', groupId: '' };
    const steps = capacitySteps(tenant, created);
    const full = steps.filter((step) => step.operation.endsWith(FULLY_MAPPED));
    expect(full.map((step) => step.operation.replace(FULLY_MAPPED, ''))).toEqual([
      'user create',
      'user get',
      'user PATCH replace',
      'user disable',
      'user delete',
    ]);
    const create = full[0]?.call() as { body: Record<string, unknown> };
    expect(JSON.stringify(create.body).length).toBeGreaterThan(1024);
    full[0]?.keep?.('u-full');
    expect(full.slice(1).map((step) => step.call().path)).toEqual(Array(4).fill('/Users/u-full'));
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

  it('matches by email as Entra does: a lookup of the new user, its create, the same lookup', () => {
    const steps = capacitySteps(tenant, { userId: '', groupId: '' });
    const operations = steps.map((step) => step.operation);
    const at = (operation: string) => operations.indexOf(operation);
    expect([at('email match before create (none)') + 1, at('email match after create') - 1]).toEqual([
      at('user create'),
      at('user create'),
    ]);
    const before = steps[at('email match before create (none)')]?.call();
    const create = steps[at('user create')]?.call() as { body: { emails: { value: string }[] } };
    expect(before).toEqual(steps[at('email match after create')]?.call());
    expect(decodeURIComponent(before?.path ?? '')).toBe(
      `/Users?filter=emails[type eq "work"].value eq "${create.body.emails[0]?.value}"`,
    );
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
    {
      operation: 'user filter by work email',
      path: '/Users?filter=emails%5Btype%20eq%20%22work%22%5D.value%20eq%20%22ada.knuth.r1000050%40contoso.example%22',
    },
    {
      operation: 'user filter by emails.value',
      path: '/Users?filter=emails.value+eq+%22ada.knuth.r1000050%40contoso.example%22',
    },
    { operation: 'user get', path: '/Users/u-50' },
  ])('$operation reads the seeded user: $path', ({ operation, path }) => {
    const step = capacitySteps(tenant, { userId: '', groupId: '' }).find((s) => s.operation === operation);
    expect(step?.call()).toEqual({ method: 'GET', path });
  });
});
