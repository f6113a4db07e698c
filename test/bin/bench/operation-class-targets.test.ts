import { describe, expect, it } from 'vitest';
import type { OperationClassResult, OperationClassRow } from '../../../bin/bench/bench-report';
import { missedNote, operationClassTargets } from '../../../bin/bench/operation-class-targets';

const cpu = (median: number) => ({
  cpuMicros: { median, min: median, max: median, stdev: 0, rounds: [median] },
  errors: 0,
});
const row = (operation: string, ours: number, peer: number, groupSize?: number): OperationClassRow => ({
  operation,
  ...(groupSize === undefined ? {} : { groupSize }),
  servers: { 'this project': cpu(ours), SCIMMY: cpu(peer), floor: cpu(ours / 2) },
});
const result = (rows: OperationClassRow[]): OperationClassResult => ({
  rounds: 3,
  requestsPerClass: 60,
  warmUpRequests: 60,
  servers: [],
  rows,
  crossoverGroupSize: 100,
});

describe('the CPU targets per operation class (issue 15)', () => {
  it.each([
    { filter: [900, 1000], create: [1100, 1000], members: [1000, 1400], met: [true, false, true] },
    { filter: [1000, 1000], create: [900, 1000], members: [1000, 1600], met: [true, true, false] },
    { filter: [1200, 1000], create: [2000, 1000], members: [1000, 1000], met: [false, false, true] },
  ])(
    'filter $filter, create $create, member PATCH $members: met $met',
    ({ filter, create, members, met }) => {
      const targets = operationClassTargets(
        result([
          row('user filter', filter[0] ?? 0, filter[1] ?? 0),
          row('user create', create[0] ?? 0, create[1] ?? 0),
          row('member PATCH (group of 10,000)', members[1] ?? 0, 90_000, 10_000),
          row('member PATCH (group of 100)', members[0] ?? 0, 2_000, 100),
        ]),
      );
      expect(targets.map((t) => t.met)).toEqual(met);
    },
  );

  it('is not met when a class was not measured', () => {
    expect(operationClassTargets(result([])).map((t) => t.met)).toEqual([false, false, false]);
  });
});

describe('why a class misses the peer, from the run (missedNote)', () => {
  it.each([
    {
      operation: 'user filter',
      ours: 2800,
      peer: 1200,
      floor: 2300,
      says: [
        'costs 2300 µs by itself, more than the peer',
        'fewer DynamoDB calls per request would',
        'Ours adds 500 µs above it.',
      ],
    },
    {
      operation: 'user create',
      ours: 3200,
      peer: 1500,
      floor: 1400,
      says: [
        'costs 1400 µs, under the peer',
        "Ours adds 1800 µs above it, which includes the request log's PutItem",
        "the floor's one call, the transaction, costs 1400 µs",
      ],
    },
    { operation: 'user filter', ours: 2800, peer: 1200, floor: undefined, says: ['No floor was measured.'] },
  ])('$operation: ours $ours, peer $peer, floor $floor', ({ operation, ours, peer, floor, says }) => {
    const note = missedNote(operation, ours, peer, floor);
    for (const part of says) expect(note).toContain(part);
  });

  it('is given for a missed target and not for a met one', () => {
    const targets = operationClassTargets(
      result([row('user filter', 900, 1000), row('user create', 2000, 1000)]),
    );
    expect(targets.slice(0, 2).map((t) => t.note === undefined)).toEqual([true, false]);
    expect(operationClassTargets(result([]))[0]?.note).toBe('Not measured in this run.');
  });
});
