import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchReport } from '../../../bin/bench/bench-report';
import { capacityChart } from '../../../bin/bench/capacity-chart';
import { renderMarkdown } from '../../../bin/bench/render-markdown';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const report: BenchReport = JSON.parse(read('benchmarks.json'));

/**
 * Where the committed BENCHMARKS.md says what the renderer no longer says: ea3158c restated the bundle
 * target for bundles that carry the AWS SDK after the last full run, and left the report of that run as it
 * was (docs/aws-limits.md says so). The next full run (issue 15) re-renders BENCHMARKS.md; this table then
 * empties, as the first case below insists.
 */
const RESTATED_SINCE_THE_LAST_RUN = [
  {
    committed: '| Each function bundle under 300 KB minified |',
    rendered: '| Each function bundle, AWS SDK included, under 600 KB minified |',
  },
];

describe('the committed report', () => {
  it.each(RESTATED_SINCE_THE_LAST_RUN)('still states "$committed" once', ({ committed }) => {
    expect(read('BENCHMARKS.md').split(committed)).toHaveLength(2);
  });

  it('benchmarks.json renders to BENCHMARKS.md byte for byte (but for the restated targets)', () => {
    const expected = RESTATED_SINCE_THE_LAST_RUN.reduce(
      (text, { committed, rendered }) => text.replace(committed, rendered),
      read('BENCHMARKS.md'),
    );
    expect(renderMarkdown(report)).toBe(expected);
  });

  it('benchmarks.json renders to benchmarks-capacity.svg byte for byte', () => {
    expect(report.capacity).toBeDefined();
    if (report.capacity !== undefined) {
      expect(capacityChart(report.capacity)).toBe(read('benchmarks-capacity.svg'));
    }
  });
});
