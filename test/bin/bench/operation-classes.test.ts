import { describe, expect, it } from 'vitest';
import { abSchedule } from '../../../bin/bench/ab-schedule';
import type { OperationClassResult } from '../../../bin/bench/bench-report';
import { crossover } from '../../../bin/bench/crossover';
import { classGroupSizes } from '../../../bin/bench/measure-sections';
import { operationClassChart } from '../../../bin/bench/operation-class-chart';
import { operationClasses } from '../../../bin/bench/operation-classes';
import { renderOperationClasses } from '../../../bin/bench/render-operation-classes';
import { spread } from '../../../bin/bench/spread';

describe('abSchedule', () => {
  it.each([
    { servers: ['A', 'B'], rounds: 3, order: 'A0 B0 A1 B1 A2 B2' },
    { servers: ['A', 'B', 'F'], rounds: 2, order: 'A0 B0 F0 A1 B1 F1' },
    { servers: ['A'], rounds: 1, order: 'A0' },
  ])('$servers × $rounds: $order', ({ servers, rounds, order }) => {
    expect(
      abSchedule(servers, rounds)
        .map(({ round, server }) => `${server}${round}`)
        .join(' '),
    ).toBe(order);
  });

  it.each([0, 1.5, -1])('refuses %s rounds', (rounds) => {
    expect(() => abSchedule(['A'], rounds)).toThrow(RangeError);
  });
});

describe('spread', () => {
  it.each([
    { values: [10, 20, 30], expected: { median: 20, min: 10, max: 30, stdev: 8.2, rounds: [10, 20, 30] } },
    { values: [5, 5, 5], expected: { median: 5, min: 5, max: 5, stdev: 0, rounds: [5, 5, 5] } },
    { values: [1.26, 3], expected: { median: 1.3, min: 1.3, max: 3, stdev: 0.9, rounds: [1.3, 3] } },
  ])('$values', ({ values, expected }) => {
    expect(spread(values)).toEqual(expected);
  });

  it('refuses no values', () => {
    expect(() => spread([])).toThrow(RangeError);
  });
});

describe('crossover', () => {
  const at = (size: number, ours: number, peer: number) => ({ size, ours, peer });
  it.each([
    {
      why: 'ours cheaper from 1,000 on',
      points: [at(100, 900, 500), at(1000, 900, 1500), at(10000, 900, 9000)],
      expected: 1000,
    },
    { why: 'ours cheaper throughout', points: [at(100, 400, 500), at(1000, 400, 1500)], expected: 100 },
    { why: 'ours never cheaper', points: [at(100, 900, 500), at(1000, 900, 800)], expected: undefined },
    {
      why: 'cheaper at 1,000 but not at 10,000: no crossover',
      points: [at(100, 9, 5), at(1000, 4, 5), at(10000, 9, 5)],
      expected: undefined,
    },
    {
      why: 'the sizes in any order',
      points: [at(10000, 1, 9), at(100, 9, 1), at(1000, 1, 9)],
      expected: 1000,
    },
    { why: 'equal is not cheaper', points: [at(100, 5, 5), at(1000, 4, 5)], expected: 1000 },
  ])('$why', ({ points, expected }) => {
    expect(crossover(points)).toBe(expected);
  });
});

describe('the operation classes', () => {
  it.each([
    { handlerUsers: 10_000, sizes: [100, 1000, 10000] },
    { handlerUsers: 500, sizes: [100, 1000] },
    { handlerUsers: 20_000, sizes: [100, 1000, 10000] },
  ])('member PATCH group sizes for $handlerUsers handler users: $sizes', ({ handlerUsers, sizes }) => {
    expect(classGroupSizes(handlerUsers)).toEqual(sizes);
  });

  it('are a user filter, create and PATCH, and a member PATCH per group size', () => {
    expect(operationClasses([100, 1000]).map((c) => c.operation)).toEqual([
      'user filter',
      'user create',
      'user PATCH',
      'member PATCH (group of 100)',
      'member PATCH (group of 1,000)',
    ]);
  });

  it('toggle one member in and out of a group, so that it keeps its size', async () => {
    const sent: unknown[] = [];
    const client = {
      send: async (_method: string, _path: string, body: unknown) => {
        sent.push(body);
        return { status: 204, body: '' };
      },
    };
    const group = { size: 100, id: 'g', spareIn: false };
    const state = { client, tag: 't', userIds: ['u'], groups: [group], spare: 's', nextUser: 2 } as never;
    const [member] = operationClasses([100]).slice(3);
    for (let i = 0; i < 3; i++) await member?.send(state, i);
    expect(sent.map((b) => (b as { Operations: { op: string }[] }).Operations[0]?.op)).toEqual([
      'add',
      'remove',
      'add',
    ]);
    expect(group.spareIn).toBe(true);
  });
});

const result: OperationClassResult = {
  rounds: 3,
  requestsPerClass: 60,
  warmUpRequests: 50,
  servers: [
    { short: 'this project', name: 'ours' },
    { short: 'SCIMMY', name: 'peer' },
    { short: 'floor', name: 'floor' },
  ],
  rows: [
    {
      operation: 'member PATCH (group of 1,000)',
      groupSize: 1000,
      servers: {
        'this project': { cpuMicros: spread([900, 1000, 1100], 0), errors: 0 },
        SCIMMY: { cpuMicros: spread([3000, 3100, 3200], 0), errors: 1 },
        floor: { cpuMicros: spread([400, 450, 500], 0), errors: 0 },
      },
    },
  ],
  crossoverGroupSize: 1000,
};

describe('rendering the operation classes', () => {
  it('shows each server with its spread, what ours adds above the floor, and the crossover', () => {
    const text = renderOperationClasses(result).join('\n');
    expect(text).toContain(
      '| member PATCH (group of 1,000) | 1000 | 900–1100 (82) | 3100 | 3000–3200 (82, 1 failed) | 450 | 400–500 (41) | 550 |',
    );
    expect(text).toContain('from a group of **1,000** members on');
  });

  it('charts every server of every class', () => {
    const svg = operationClassChart(result);
    expect(svg.match(/<line /g)).toHaveLength(3);
    expect(svg).toContain('member PATCH (group of 1,000)');
  });
});
