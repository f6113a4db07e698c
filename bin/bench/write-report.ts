import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BenchReport } from './bench-report';
import { capacityChart } from './capacity-chart';
import { evaluateTargets } from './evaluate-targets';
import { renderMarkdown } from './render-markdown';

/** Writes benchmarks.json, BENCHMARKS.md and the capacity chart to `folder`, and the targets to stderr. */
export function writeReport(report: BenchReport, folder: string, started: number): void {
  const output = resolve(folder);
  writeFileSync(join(output, 'benchmarks.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(output, 'BENCHMARKS.md'), renderMarkdown(report));
  if (report.capacity !== undefined) {
    writeFileSync(join(output, 'benchmarks-capacity.svg'), capacityChart(report.capacity));
  }
  console.error(
    `\nWrote BENCHMARKS.md, benchmarks.json and benchmarks-capacity.svg to ${output} in ${Math.round((performance.now() - started) / 1000)} s`,
  );
  for (const target of evaluateTargets(report)) {
    console.error(`  ${target.met ? '✓' : '✗'} ${target.target}: ${target.figure}`);
  }
}
