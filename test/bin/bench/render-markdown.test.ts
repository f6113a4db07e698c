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
