import { describe, expect, it } from 'vitest';
import type { BenchReport, CapacityRow } from '../../../bin/bench/bench-report';
import { evaluateTargets } from '../../../bin/bench/evaluate-targets';

const row = (operation: string, requests: number): CapacityRow => ({
  operation,
  status: 200,
  requests,
  commands: 'GetItem',
  reportedUnits: 1,
  readUnits: 1,
  writeUnits: 0,
});

const report = (rows: CapacityRow[]): BenchReport => ({
  date: '2026-01-01',
  command: 'npm run bench',
  machine: {},
  sizes: { smallTenant: 100, largeTenant: 200, members: 10, userGroups: 1, handlerUsers: 1, runs: 1 },
  capacity: { sizes: [100, 200], rows: { '100': rows, '200': rows } },
});

describe('evaluateTargets: capacity', () => {
  it('judges no operation against a minimum written to match the design', () => {
    const targets = evaluateTargets(report([row('user get', 9)]));
    expect(targets.map((t) => t.target)).toEqual([
      'Indexed lookups and single-member changes cost the same at 100 and 200 users',
    ]);
  });
});
