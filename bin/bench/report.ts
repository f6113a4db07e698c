import type { CapacityResult, CapacityRow } from './capacity';
import type { ColdStartResult } from './cold-start';
import { ASSUMPTIONS, type CostBreakdown, PRICES } from './cost';
import type { GroupScaleResult } from './group-scale';
import type { HandlerCostResult } from './handler-cost';
import { round } from './stats';

export interface BenchResults {
  readonly date: string;
  readonly command: string;
  readonly machine: Readonly<Record<string, string>>;
  readonly capacity?: CapacityResult;
  readonly groups?: GroupScaleResult;
  readonly handlers?: HandlerCostResult;
  readonly coldStarts?: ColdStartResult;
  readonly cost?: readonly CostBreakdown[];
}

interface Target {
  readonly target: string;
  readonly met: boolean;
  readonly figure: string;
  /** For a missed target: why, and what would reach it. */
  readonly note?: string;
}

const table = (header: string[], rows: (string | number)[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
const units = (n: number) => String(round(n, 1));
const kb = (bytes: number) => `${round(bytes / 1024, 1)} KB`;

/** The targets of issue #6, each met or not, with the figure that decides. */
export function evaluateTargets(results: BenchResults): Target[] {
  const targets: Target[] = [];
  const { capacity, groups, coldStarts, handlers, cost } = results;
  if (capacity !== undefined && capacity.sizes.length >= 2) {
    const [small, large] = [capacity.sizes[0], capacity.sizes.at(-1)].map(
      (s) => capacity.rows[String(s)] ?? [],
    ) as [CapacityRow[], CapacityRow[]];
    const indexed = [
      'Test Connection probe',
      'user filter by userName',
      'user filter by externalId',
      'user get',
      'group filter, excludedAttributes=members',
      'group add 1 member',
      'group remove 1 member',
    ];
    const differing = indexed.filter((op) => {
      const a = small.find((r) => r.operation === op);
      const b = large.find((r) => r.operation === op);
      return (
        a === undefined ||
        b === undefined ||
        a.requests !== b.requests ||
        a.readUnits + a.writeUnits !== b.readUnits + b.writeUnits
      );
    });
    targets.push({
      target: `Indexed lookups and single-member changes cost the same at ${capacity.sizes[0]} and ${capacity.sizes.at(-1)?.toLocaleString('en')} users`,
      met: differing.length === 0,
      figure:
        differing.length === 0
          ? `${indexed.length} operations, identical requests and units`
          : `differ: ${differing.join(', ')}`,
    });
    const over = large.filter((r) => r.requests > r.minimum + 1);
    targets.push({
      target: 'Each operation within 1 request (or 1 transaction) of the design minimum',
      met: over.length === 0,
      figure:
        over.length === 0
          ? `${large.length} of ${large.length} operations`
          : `over: ${over.map((r) => `${r.operation} (${r.requests} vs ${r.minimum})`).join(', ')}`,
    });
  }
  if (groups !== undefined) {
    const pick = (prefix: string) => groups.phases.filter((p) => p.phase.startsWith(prefix));
    const same = ['add 1 member', 'remove 1 member', 'read without members'].every((prefix) => {
      const [big, small] = pick(prefix);
      return (
        big !== undefined &&
        small !== undefined &&
        big.requests === small.requests &&
        big.readUnits + big.writeUnits === small.readUnits + small.writeUnits
      );
    });
    targets.push({
      target: `Single-member changes cost the same for groups of 10 and of ${groups.members.toLocaleString('en')} members`,
      met: same,
      figure: same
        ? 'add 1, remove 1 and read without members: identical requests and units'
        : 'they differ (see the group table)',
    });
  }
  if (coldStarts !== undefined) {
    // Restated when the functions began to bundle the AWS SDK they were tested with (issue 9): measured
    // minified then, Users 431 KB, Groups 425 KB, authorizer 363 KB, admin 500 KB, discovery 28 KB.
    const heavy = coldStarts.functions.filter((f) => f.bundleBytes >= 600 * 1024);
    targets.push({
      target: 'Each function bundle, AWS SDK included, under 600 KB minified',
      met: heavy.length === 0,
      figure: coldStarts.functions.map((f) => `${f.function} ${kb(f.bundleBytes)}`).join(', '),
    });
    const slow = coldStarts.functions.filter((f) => !(f.ratioToFloor <= 1.5));
    targets.push({
      target: 'Import and first request within 1.5× of the floor',
      met: slow.length === 0,
      figure: coldStarts.functions.map((f) => `${f.function} ×${f.ratioToFloor}`).join(', '),
    });
  }
  if (handlers !== undefined) {
    targets.push({
      target: 'Node CPU per operation at least 2× lower than the SCIMMY peer',
      met: handlers.cpuRatio >= 2 && handlers.ours.errors === 0,
      figure: `${round(handlers.ours.cpuMicrosPerOperation, 0)} µs vs ${round(handlers.peer.cpuMicrosPerOperation, 0)} µs per operation: ×${round(handlers.cpuRatio)}`,
      note: 'Most of our CPU per operation is the AWS SDK: each SCIM operation makes one to four DynamoDB calls, each signed, serialised to JSON and sent over HTTP, where the in-memory peer touches a JavaScript array. The peer scans every user for a filter, so its CPU grows with the tenant and ours does not: the ratio rises with the number of users (run with a larger --handler-users). Closer to 2× at small tenants: fewer calls per operation (a create already is one transaction) and a leaner DynamoDB client than the SDK (raw HTTPS with cached SigV4 keys), at the cost of maintaining it.',
    });
  }
  for (const breakdown of cost ?? []) {
    const create = breakdown.mix.find((m) => m.operation === 'user create');
    const createShare = create?.share ?? 0;
    const createWrites = create?.writeUnits ?? 0;
    const dollars = (n: number) => `$${n.toFixed(2)}`;
    const perMillionCreates = createWrites * PRICES.dynamoWriteUnitPerMillion;
    const httpApiSaving = PRICES.apiGatewayRestPerMillion - PRICES.apiGatewayHttpPerMillion;
    const countItemSaving = createShare * 2 * PRICES.dynamoWriteUnitPerMillion;
    targets.push({
      target: `Cost under $7 per million operations: ${breakdown.name}`,
      met: breakdown.perMillion.total < 7,
      figure: `${dollars(breakdown.perMillion.total)} per million (API Gateway ${dollars(breakdown.perMillion.apiGateway)}, DynamoDB ${dollars(breakdown.perMillion.dynamodb)})`,
      note: `API Gateway's REST API costs ${dollars(PRICES.apiGatewayRestPerMillion)} of every million requests whatever the handler does, and ${Math.round(createShare * 100)} % of this mix are creates: a create writes four items in one transaction (the user, its unique userName, its unique externalId and the tenant's count), ${createWrites} WCU in all, so ${dollars(perMillionCreates)} per million creates. The transaction is what makes uniqueness and "no partial write" hold. What would reach $7: an HTTP API (${dollars(PRICES.apiGatewayHttpPerMillion)} per million, ${dollars(httpApiSaving)} less) instead of REST, which gives up usage plans and so per-tenant throttling. Dropping the count item alone would save ${dollars(countItemSaving)} per million (2 WCU per create), and totalResults of an unfiltered list would become a full count of the tenant.`,
    });
  }
  return targets;
}

/** Capacity units per operation at the smallest and largest tenant, as horizontal bars. */
export function capacityChart(capacity: CapacityResult): string {
  const sizes = [capacity.sizes[0], capacity.sizes.at(-1)] as number[];
  const operations = (capacity.rows[String(sizes[0])] ?? []).map((r) => r.operation);
  const value = (size: number, op: string) => {
    const row = capacity.rows[String(size)]?.find((r) => r.operation === op);
    return row === undefined ? 0 : row.readUnits + row.writeUnits;
  };
  const max = Math.max(1, ...operations.flatMap((op) => sizes.map((s) => value(s, op))));
  const left = 290;
  const width = 420;
  const rowHeight = 34;
  const height = 60 + operations.length * rowHeight;
  const colors = ['#4e79a7', '#f28e2b'];
  const bars = operations
    .map((op, i) => {
      const y = 40 + i * rowHeight;
      const label = `<text x="${left - 8}" y="${y + 15}" text-anchor="end" font-size="12">${op.replace(/&/g, '&amp;')}</text>`;
      const rects = sizes
        .map((size, j) => {
          const v = value(size, op);
          const w = Math.max(1, (v / max) * width);
          const by = y + j * 13;
          return `<rect x="${left}" y="${by}" width="${round(w, 1)}" height="11" fill="${colors[j]}"/><text x="${left + w + 4}" y="${by + 10}" font-size="10">${units(v)}</text>`;
        })
        .join('');
      return label + rects;
    })
    .join('\n');
  const legend = sizes
    .map(
      (size, j) =>
        `<rect x="${left + j * 190}" y="12" width="12" height="12" fill="${colors[j]}"/><text x="${left + 18 + j * 190}" y="22" font-size="12">${size.toLocaleString('en')} users</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 80}" height="${height}" font-family="sans-serif">
<title>DynamoDB capacity units per SCIM operation (read + write, modelled billing) at two tenant sizes</title>
<rect width="100%" height="100%" fill="white"/>
${legend}
${bars}
</svg>
`;
}

export function renderMarkdown(results: BenchResults): string {
  const out: string[] = [];
  const { capacity, groups, handlers, coldStarts, cost } = results;
  out.push('# Benchmarks', '');
  out.push(
    `Written by \`${results.command}\` on ${results.date}. Raw figures: [benchmarks.json](benchmarks.json).`,
    '',
    'Machine: ' +
      Object.entries(results.machine)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') +
      '. Timings on a shared 2-core machine are noisy: ratios measured side by side in one run matter more than absolute times; DynamoDB capacity units are deterministic.',
    '',
  );
  const targets = evaluateTargets(results);
  if (targets.length > 0) {
    out.push(
      '## Targets',
      '',
      table(
        ['target', 'met', 'figure'],
        targets.map((t) => [t.target, t.met ? 'yes' : '**no**', t.figure]),
      ),
      '',
    );
    const missed = targets.filter((t) => !t.met && t.note !== undefined);
    if (missed.length > 0) {
      out.push('Missed targets, why, and what would reach them:', '');
      for (const t of missed) out.push(`- **${t.target}.** ${t.note}`);
      out.push('');
    }
  }
  if (capacity !== undefined) {
    out.push('## 1. DynamoDB capacity per SCIM operation', '');
    out.push(
      'Each operation once, through the local endpoint, on a tenant of each size. *Requests* are DynamoDB requests; *reported* is what DynamoDB Local returns for `ReturnConsumedCapacity`; *RCU/WCU* are the units DynamoDB bills for the same requests (`bin/bench/capacity-model.ts`: DynamoDB Local reports a transaction as if it held one item, so transactions are modelled at 2 units per item, plus 1 WCU per gsi1 write). *Minimum* is the fewest requests the table design allows (`MINIMUM_REQUESTS` in `bin/bench/capacity.ts` says why).',
      '',
      '![capacity per operation](benchmarks-capacity.svg)',
      '',
    );
    for (const size of capacity.sizes) {
      out.push(`### ${size.toLocaleString('en')} users`, '');
      out.push(
        table(
          ['operation', 'status', 'requests', 'minimum', 'DynamoDB calls', 'reported units', 'RCU', 'WCU'],
          (capacity.rows[String(size)] ?? []).map((r) => [
            r.operation,
            r.status,
            r.requests,
            r.minimum,
            r.commands,
            units(r.reportedUnits),
            units(r.readUnits),
            units(r.writeUnits),
          ]),
        ),
        '',
      );
    }
  }
  if (groups !== undefined) {
    out.push(`## 2. A group of ${groups.members.toLocaleString('en')} members`, '');
    out.push(
      table(
        ['phase', 'HTTP requests', 'time (s)', 'DynamoDB requests', 'RCU', 'WCU'],
        groups.phases.map((p) => [
          p.phase,
          p.requestsSent,
          p.seconds,
          p.requests,
          units(p.readUnits),
          units(p.writeUnits),
        ]),
      ),
      '',
    );
  }
  if (handlers !== undefined) {
    const o = handlers.options;
    out.push('## 3. Handler CPU and latency against a SCIMMY peer', '');
    out.push(
      `Microsoft Entra's initial cycle replayed against each server in turn, in the same run: ${o.users.toLocaleString('en')} users (a userName lookup that finds nothing, then a create), ${o.groups} groups, every user added to a group in PATCHes of ${o.batch}; ${o.concurrency} requests at a time. CPU is the server process's own (user + system, from /proc), DynamoDB Local's JVM excluded; latencies are measured by the client.`,
      '',
      table(
        ['server', 'operations', 'errors', 'CPU µs / operation', 'peak RSS', 'wall (s)'],
        [handlers.ours, handlers.peer].map((s) => [
          s.name,
          s.operations,
          s.errors,
          round(s.cpuMicrosPerOperation, 0),
          `${round(s.peakRssMB, 0)} MB`,
          round(s.wallSeconds, 1),
        ]),
      ),
      '',
      `CPU per operation, SCIMMY ÷ this project: **×${round(handlers.cpuRatio)}**.`,
      '',
      table(
        ['operation', 'server', 'count', 'p50 (ms)', 'p95 (ms)', 'p99 (ms)'],
        Object.keys(handlers.ours.byOperation).flatMap((op) =>
          [handlers.ours, handlers.peer].map((s) => {
            const l = s.byOperation[op];
            return [
              op,
              s.name.split(' (')[0] as string,
              l?.count ?? 0,
              round(l?.p50 ?? 0),
              round(l?.p95 ?? 0),
              round(l?.p99 ?? 0),
            ];
          }),
        ),
      ),
      '',
    );
  }
  if (coldStarts !== undefined) {
    out.push('## 4. Bundles and cold starts', '');
    out.push(
      `Bundles as \`cdk synth\` builds them (minified, AWS SDK from the Lambda runtime). Each start is a fresh Node process that requires the bundle and answers one request against DynamoDB Local; medians of ${coldStarts.runs} runs, interleaved. *Import + first request* starts when the script starts (Node's own start excluded); *process* is spawn to exit. The floor loads the AWS SDK's DynamoDB client and makes one call, as every function but discovery does; discovery makes no DynamoDB call (its documents are static), so it starts well below the floor.`,
      '',
      table(
        ['function', 'bundle', 'import + first request (ms)', 'process (ms)', '× floor'],
        [
          ...coldStarts.functions.map((f) => [
            f.function,
            kb(f.bundleBytes),
            f.importAndFirstRequestMs,
            f.processMs,
            `×${f.ratioToFloor}`,
          ]),
          [
            coldStarts.floor.function,
            kb(coldStarts.floor.bundleBytes),
            coldStarts.floor.importAndFirstRequestMs,
            coldStarts.floor.processMs,
            '×1',
          ],
        ],
      ),
      '',
    );
  }
  if (cost !== undefined && cost.length > 0) {
    out.push('## 5. Cost per million operations', '');
    out.push(
      `Prices: ${PRICES.region}, on-demand, as published on ${PRICES.date}: API Gateway REST $${PRICES.apiGatewayRestPerMillion}/million requests; Lambda arm64 $${PRICES.lambdaArmPerGbSecond}/GB-s and $${PRICES.lambdaRequestsPerMillion}/million requests; DynamoDB $${PRICES.dynamoWriteUnitPerMillion}/million write units and $${PRICES.dynamoReadUnitPerMillion}/million read units; CloudWatch Logs $${PRICES.logsIngestionPerGb}/GB ingested. Assumptions: ${ASSUMPTIONS.memoryMb} MB functions billed for the measured median latency of a lookup (reads) or a create (writes) through the local endpoint, which includes DynamoDB Local's round trips; ${ASSUMPTIONS.logBytesPerRequest} bytes of logs per request; one authorizer call per ${ASSUMPTIONS.requestsPerAuthorizerCall.toLocaleString('en')} requests (300 s cache at 25 requests/s). Units are those of the largest tenant measured.`,
      '',
    );
    for (const breakdown of cost) {
      out.push(
        `### ${breakdown.name}`,
        '',
        `Per user: ${breakdown.description}.`,
        '',
        table(
          ['operation', 'share', 'RCU', 'WCU', 'duration (ms)'],
          breakdown.mix.map((m) => [
            m.operation,
            `${round(m.share * 100, 1)} %`,
            units(m.readUnits),
            units(m.writeUnits),
            round(m.durationMs),
          ]),
        ),
        '',
        table(
          ['API Gateway', 'Lambda', 'DynamoDB', 'Logs', 'total per million operations'],
          [
            [
              breakdown.perMillion.apiGateway,
              breakdown.perMillion.lambda,
              breakdown.perMillion.dynamodb,
              breakdown.perMillion.logs,
              `**$${breakdown.perMillion.total.toFixed(2)}**`,
            ].map((v) => (typeof v === 'number' ? `$${v.toFixed(2)}` : v)),
          ],
        ),
        '',
      );
    }
  }
  return `${out.join('\n')}\n`;
}
