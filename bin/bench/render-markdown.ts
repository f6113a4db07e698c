import {
  type BenchReport,
  type CapacityResult,
  type ColdStartResult,
  CYCLE_OPERATIONS,
  type GroupScaleResult,
  type HandlerCostResult,
  type Target,
} from './bench-report';
import { mixRowsOf } from './cost-levers';
import { evaluateTargets } from './evaluate-targets';
import { formatKb, formatUnits, markdownTable } from './format';
import { WARM_UP_REQUESTS } from './measure-server';
import { costSection } from './render-cost';
import { renderOperationClasses } from './render-operation-classes';
import { round } from './stats';

/** BENCHMARKS.md for a report: the header, the targets, then each section the report holds. */
export function renderMarkdown(report: BenchReport): string {
  const { capacity, groups, handlers, coldStarts, cost } = report;
  const out = [
    ...header(report),
    ...targetsSection(evaluateTargets(report)),
    ...(capacity === undefined ? [] : capacitySection(capacity)),
    ...(groups === undefined ? [] : groupSection(groups)),
    ...(handlers === undefined ? [] : handlerSection(handlers)),
    ...(report.operationClasses === undefined ? [] : renderOperationClasses(report.operationClasses)),
    ...(coldStarts === undefined ? [] : coldStartSection(coldStarts)),
    ...(cost === undefined || cost.length === 0 ? [] : costSection(cost, mixRowsOf(report))),
  ];
  return `${out.join('\n')}\n`;
}

function header(report: BenchReport): string[] {
  const machine = Object.entries(report.machine)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    '# Benchmarks',
    '',
    `Written by \`${report.command}\` on ${report.date}. Raw figures: [benchmarks.json](benchmarks.json).`,
    '',
    `Machine and versions (read at the run, not typed): ${machine}. Timings on a shared 2-core machine are noisy: ratios measured side by side in one run matter more than absolute times; DynamoDB capacity units are deterministic.`,
    '',
  ];
}

function targetsSection(targets: readonly Target[]): string[] {
  if (targets.length === 0) return [];
  const rows = targets.map((t) => [t.target, t.met ? 'yes' : '**no**', t.figure]);
  const out = ['## Targets', '', markdownTable(['target', 'met', 'figure'], rows), ''];
  const missed = targets.filter((t) => !t.met && t.note !== undefined);
  if (missed.length > 0) {
    out.push('Missed targets, why, and what would reach them:', '');
    for (const t of missed) out.push(`- **${t.target}.** ${t.note}`);
    out.push('');
  }
  return out;
}

function capacitySection(capacity: CapacityResult): string[] {
  const out = [
    '## 1. DynamoDB capacity per SCIM operation',
    '',
    'Each operation once, through the local endpoint, on a tenant of each size. *Requests* are DynamoDB requests; *reported* is what DynamoDB Local returns for `ReturnConsumedCapacity`; *RCU/WCU* are the units DynamoDB bills for the same requests (`bin/bench/capacity-model.ts`, from the sizes of the stored items: DynamoDB Local reports a transaction as if it held one item, so a transaction is billed at 2 units per item per KB, a ConditionCheck as a write, an update or delete at the larger of the item size before and after, and a gsi1 entry by its own size, twice when its key moves).',
    '',
    ...(capacity.userBytes === undefined
      ? []
      : [
          `Users are created as Entra creates them: ${capacity.userBytes.small.toLocaleString('en')} B of JSON in the rows without a mark; in the rows marked *(fully mapped user)*, ${capacity.userBytes.fullyMapped.toLocaleString('en')} B, with every attribute of Entra's default user mappings filled in (title, preferredLanguage, the work address, three phone numbers, the enterprise extension's cost center, organization, division and manager): past 1 KB an item written costs another write unit.`,
          '',
        ]),
    '![capacity per operation](benchmarks-capacity.svg)',
    '',
  ];
  const header = ['operation', 'status', 'requests', 'DynamoDB calls', 'reported units', 'RCU', 'WCU'];
  for (const size of capacity.sizes) {
    const rows = (capacity.rows[String(size)] ?? []).map((r) => [
      r.operation,
      r.status,
      r.requests,
      r.commands,
      formatUnits(r.reportedUnits),
      formatUnits(r.readUnits),
      formatUnits(r.writeUnits),
    ]);
    out.push(`### ${size.toLocaleString('en')} users`, '', markdownTable(header, rows), '');
  }
  return out;
}

function groupSection(groups: GroupScaleResult): string[] {
  const rows = groups.phases.map((p) => [
    p.phase,
    p.requestsSent,
    p.seconds,
    p.requests,
    formatUnits(p.readUnits),
    formatUnits(p.writeUnits),
  ]);
  return [
    `## 2. A group of ${groups.members.toLocaleString('en')} members`,
    '',
    markdownTable(['phase', 'HTTP requests', 'time (s)', 'DynamoDB requests', 'RCU', 'WCU'], rows),
    '',
  ];
}

function handlerSection(handlers: HandlerCostResult): string[] {
  const o = handlers.options;
  const servers = [handlers.ours, handlers.peer];
  const serverRows = servers.map((s) => [
    s.name,
    s.operations,
    s.errors,
    round(s.cpuMicrosPerOperation, 0),
    `${round(s.peakRssMB, 0)} MB`,
    round(s.wallSeconds, 1),
  ]);
  const latencyRows = CYCLE_OPERATIONS.flatMap((op) =>
    servers.map((s) => {
      const l = s.byOperation[op];
      return [op, s.name.split(' (')[0] ?? s.name, l.count, round(l.p50), round(l.p95), round(l.p99)];
    }),
  );
  return [
    '## 3. Handler CPU and latency against a SCIMMY peer',
    '',
    `Microsoft Entra's initial cycle replayed against each server in turn, in the same run: ${o.users.toLocaleString('en')} users (a userName lookup that finds nothing, then a create), ${o.groups} groups, every user added to a group in PATCHes of ${o.batch}; ${o.concurrency} requests at a time. CPU is the server process's own (user + system, from /proc), DynamoDB Local's JVM excluded; latencies are measured by the client. One run per server, this project first, each after at least ${WARM_UP_REQUESTS} warm-up requests: the targets are judged on the per-class figures below, measured in alternating rounds.`,
    '',
    markdownTable(
      ['server', 'operations', 'errors', 'CPU µs / operation', 'peak RSS', 'wall (s)'],
      serverRows,
    ),
    '',
    `CPU per operation, SCIMMY ÷ this project: **×${round(handlers.cpuRatio)}** over the whole cycle.`,
    '',
    ...phaseTable(handlers),
    markdownTable(['operation', 'server', 'count', 'p50 (ms)', 'p95 (ms)', 'p99 (ms)'], latencyRows),
    '',
  ];
}

const PHASES = {
  users: 'users: a lookup by userName, then a create',
  groups: 'groups: the creates',
  members: 'members: PATCHes adding members',
} as const;

/**
 * The cycle's CPU by phase: the whole cycle's figure is dominated by the member PATCHes (1 % of the
 * requests), whose cost grows with the group on a store that rewrites it, so the phases are shown apart.
 */
function phaseTable(handlers: HandlerCostResult): string[] {
  const { ours, peer } = handlers;
  if (ours.byPhase === undefined || peer.byPhase === undefined) return [];
  const rows = ours.byPhase.flatMap((o) => {
    const p = peer.byPhase?.find((q) => q.phase === o.phase);
    if (p === undefined) return [];
    const ratio =
      o.cpuMicrosPerOperation === 0 ? '–' : `×${round(p.cpuMicrosPerOperation / o.cpuMicrosPerOperation)}`;
    return [
      [
        PHASES[o.phase],
        o.requests,
        round(o.cpuMicrosPerOperation, 0),
        round(p.cpuMicrosPerOperation, 0),
        ratio,
      ],
    ];
  });
  return [
    'By phase (phases of fewer than 10 requests left out: the CPU clock ticks every 10 ms):',
    '',
    markdownTable(
      ['phase', 'requests', 'this project µs / operation', 'SCIMMY µs / operation', 'SCIMMY ÷ this project'],
      rows,
    ),
    '',
  ];
}

function coldStartSection(coldStarts: ColdStartResult): string[] {
  const { floor } = coldStarts;
  const rows = [
    ...coldStarts.functions.map((f) => [
      f.function,
      formatKb(f.bundleBytes),
      f.importAndFirstRequestMs,
      f.processMs,
      `×${f.ratioToFloor}`,
    ]),
    [floor.function, formatKb(floor.bundleBytes), floor.importAndFirstRequestMs, floor.processMs, '×1'],
  ];
  return [
    '## 4. Bundles and cold starts',
    '',
    `Bundles as \`cdk synth\` builds them (minified, the AWS SDK bundled). Each start is a fresh Node process${coldStarts.nodeOptions ? ` started with the functions' own \`NODE_OPTIONS=${coldStarts.nodeOptions}\` (the floor too)` : ''} that requires the bundle and answers one request against DynamoDB Local (token: an unknown client, refused; events: a stream record of a membership of a deleted group, which puts nothing on the bus; lifecycle: the daily schedule's event); medians of ${coldStarts.runs} runs, interleaved. *Import + first request* starts when the script starts (Node's own start excluded); *process* is spawn to exit. The floor is bundled the same way, loads the AWS SDK's DynamoDB client and makes one call, as every function but discovery does; discovery makes no DynamoDB call (its documents are static), so it starts well below the floor.`,
    '',
    markdownTable(['function', 'bundle', 'import + first request (ms)', 'process (ms)', '× floor'], rows),
    '',
  ];
}
