import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchReport } from '../../../bin/bench/bench-report';
import { capacityChart } from '../../../bin/bench/capacity-chart';
import { renderMarkdown } from '../../../bin/bench/render-markdown';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const report: BenchReport = JSON.parse(read('benchmarks.json'));

describe('the committed report', () => {
  it('benchmarks.json renders to BENCHMARKS.md byte for byte', () => {
    expect(renderMarkdown(report)).toBe(read('BENCHMARKS.md'));
  });

  it('benchmarks.json renders to benchmarks-capacity.svg byte for byte', () => {
    expect(report.capacity).toBeDefined();
    if (report.capacity !== undefined) {
      expect(capacityChart(report.capacity)).toBe(read('benchmarks-capacity.svg'));
    }
  });
});

describe('section 3, the Entra cycle by phase', () => {
  // The whole cycle's CPU ratio is dominated by the member PATCHes (1 % of the requests): the phases are
  // shown apart, each server's CPU per request and the ratio.
  const handlers = report.handlers;
  const withPhases = (ours: number, peer: number): BenchReport =>
    handlers === undefined
      ? report
      : {
          ...report,
          handlers: {
            ...handlers,
            ours: {
              ...handlers.ours,
              byPhase: [{ phase: 'users', requests: 20_000, cpuMicrosPerOperation: ours }],
            },
            peer: {
              ...handlers.peer,
              byPhase: [{ phase: 'users', requests: 20_000, cpuMicrosPerOperation: peer }],
            },
          },
        };

  it.each([
    {
      ours: 2_000,
      peer: 1_000,
      row: '| users: a lookup by userName, then a create | 20000 | 2000 | 1000 | ×0.5 |',
    },
    {
      ours: 1_000,
      peer: 3_000,
      row: '| users: a lookup by userName, then a create | 20000 | 1000 | 3000 | ×3 |',
    },
  ])('shows ours $ours µs against the peer $peer µs as $row', ({ ours, peer, row }) => {
    expect(handlers).toBeDefined();
    expect(renderMarkdown(withPhases(ours, peer)).split('\n')).toContain(row);
  });

  it('leaves the table out of a report that recorded no phases', () => {
    const withoutPhases = (m: NonNullable<BenchReport['handlers']>['ours']) => {
      const { byPhase: _, ...rest } = m;
      return rest;
    };
    const older: BenchReport =
      handlers === undefined
        ? report
        : {
            ...report,
            handlers: { ...handlers, ours: withoutPhases(handlers.ours), peer: withoutPhases(handlers.peer) },
          };
    expect(renderMarkdown(report)).toContain('By phase');
    expect(renderMarkdown(older)).not.toContain('By phase');
  });
});
