import type { OperationClassResult } from './bench-report';
import { markdownTable } from './format';

/** The file the chart of CPU per operation class is written to, beside BENCHMARKS.md. */
export const OPERATION_CLASS_CHART = 'benchmarks-operation-cpu.svg';

/** The per-class part of the handler section: CPU per request of each class on each server, with its spread. */
export function renderOperationClasses(result: OperationClassResult): string[] {
  const shorts = result.servers.map((s) => s.short);
  const header = [
    'operation class',
    ...shorts.flatMap((s) => [`${s} µs (median)`, `${s} min–max (stdev)`]),
    ...(shorts.includes('floor') ? ['this project − floor µs'] : []),
  ];
  const rows = result.rows.map((row) => {
    const cells = shorts.flatMap((s) => {
      const c = row.servers[s];
      if (c === undefined) return ['–', '–'];
      const failed = c.errors === 0 ? '' : `, ${c.errors} failed`;
      return [
        String(c.cpuMicros.median),
        `${c.cpuMicros.min}–${c.cpuMicros.max} (${c.cpuMicros.stdev}${failed})`,
      ];
    });
    const ours = row.servers['this project']?.cpuMicros.median;
    const floor = row.servers.floor?.cpuMicros.median;
    const above = shorts.includes('floor')
      ? [ours === undefined || floor === undefined ? '–' : String(ours - floor)]
      : [];
    return [row.operation, ...cells, ...above];
  });
  const crossover =
    result.crossoverGroupSize === undefined
      ? "Our member PATCH does not cost less CPU than the peer's at any group size measured."
      : `Crossover: from a group of **${result.crossoverGroupSize.toLocaleString('en')}** members on (the sizes measured), our member PATCH costs less CPU than the peer's, whose PATCH rewrites the whole group.`;
  return [
    '### CPU per operation class',
    '',
    `Each class measured on its own: ${result.requestsPerClass} requests of it, one after the other, CPU of the server's own process before and after (clock ticks of 10 ms); ${result.rounds} rounds in the order ${shorts.join(', ')} each round (A/B/A/B), every server running side by side throughout, after ${result.warmUpRequests} warm-up requests per server covering every class. The median, range and standard deviation are over the rounds. A member PATCH adds one member to a group of that size or removes it again, so the group keeps its size. *Floor*: the same DynamoDB calls our handler makes for the class (the capacity section's "DynamoDB calls"), made by a bare HTTP server with the AWS SDK and nothing else (\`bin/bench/operation-floor-calls.ts\`); *this project − floor* is what our code adds above the SDK.`,
    '',
    `![CPU per operation class](${OPERATION_CLASS_CHART})`,
    '',
    markdownTable(header, rows),
    '',
    crossover,
    '',
  ];
}
