/**
 * fitTombstone: a tombstone stays within DynamoDB's 400 KB per item, by cutting its group ids (marked
 * `groupsTruncated`), so that the transaction that puts it can succeed.
 */
import { describe, expect, it } from 'vitest';
import type { TombstoneItem } from '../../../functions/storage/table-design';
import { fitTombstone } from '../../../functions/storage/tombstone-size';

const groupIds = Array.from(
  { length: 1000 },
  (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
);
const tombstone = (resourceBytes: number, groups?: readonly string[]): TombstoneItem => ({
  pk: 'TENANT#t',
  sk: 'DELETED#User#u',
  type: 'User',
  id: 'u',
  version: 1,
  created: '2026-12-01T00:00:00.000Z',
  lastModified: '2026-12-01T00:00:00.000Z',
  resource: { userName: 'ada', notes: 'x'.repeat(resourceBytes) },
  deletedAt: '2026-12-02T00:00:00.000Z',
  expiresAt: 1_800_000_000,
  ...(groups === undefined ? {} : { groups }),
});
const bytes = (item: TombstoneItem) => Buffer.byteLength(JSON.stringify(item));

describe('fitTombstone', () => {
  it.each([
    ['a small user with 1,000 groups', tombstone(1_000, groupIds)],
    ['a group (no groups), however large', tombstone(395_000)],
  ])('leaves %s as it is', (_case, item) => {
    expect(fitTombstone(item)).toBe(item);
  });

  it('cuts the groups of a user too large to keep them all, and says so', () => {
    const fitted = fitTombstone(tombstone(370_000, groupIds));
    expect(fitted.groupsTruncated).toBe(true);
    expect(fitted.groups?.length).toBeGreaterThan(0);
    expect(fitted.groups?.length).toBeLessThan(groupIds.length);
    expect(fitted.groups).toEqual(groupIds.slice(0, fitted.groups?.length));
    expect(bytes(fitted)).toBeLessThanOrEqual(400 * 1024 - 8 * 1024);
  });
});
