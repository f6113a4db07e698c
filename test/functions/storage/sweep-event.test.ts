/** sweepEventOf: what an invocation of the lifecycle function resumes from, and what it ignores. */
import { describe, expect, it } from 'vitest';
import { sweepEventOf } from '../../../functions/storage/sweep-tenants';

const USER = '2ad4c7ad-749c-46cf-bf91-88787a4ea9a0';

describe('sweepEventOf', () => {
  it.each<[string, unknown, unknown]>([
    ["the schedule's empty event", {}, {}],
    ['no event at all', null, {}],
    [
      'a tenant and a user',
      { after: { tenantId: 'acme', userId: USER } },
      { after: { tenantId: 'acme', userId: USER } },
    ],
    ['a tenant alone', { after: { tenantId: 'acme' } }, { after: { tenantId: 'acme' } }],
    [
      'a user id that is no id of ours',
      { after: { tenantId: 'acme', userId: 'User#x' } },
      { after: { tenantId: 'acme' } },
    ],
    ['a tenant id that is no tenant id', { after: { tenantId: 'TENANT#acme', userId: USER } }, {}],
    ['a tenant id that is not a string', { after: { tenantId: 7 } }, {}],
  ])('%s', (_case, event, expected) => {
    expect(sweepEventOf(event)).toEqual(expected);
  });
});
