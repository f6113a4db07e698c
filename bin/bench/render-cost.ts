import type { CapacityRow, CostBreakdown, TenantMonth } from './bench-report';
import { ASSUMPTION_TABLE } from './cost-assumptions';
import { COST_TARGET_PER_MILLION, type LeverRow, leverRows, reachSummary, withStatuses } from './cost-levers';
import { PRICE_TABLE, PRICES } from './cost-prices';
import { formatUnits, markdownTable } from './format';
import { round } from './stats';
import { stackMonthly, stackMonthlyTotal } from './tenant-cost';

/** Dollars: to the cent, or to four places below a dollar (a tenant's traffic costs fractions of a cent). */
const dollars = (n: number) => (Math.abs(n) >= 1 || n === 0 ? `$${n.toFixed(2)}` : `$${n.toFixed(4)}`);

/** Stacks shared by this many tenants, for the per-tenant share of the stack's fixed costs. */
const TENANTS_ON_STACK = [1, 10, 100] as const;

/**
 * Section 5 of BENCHMARKS.md: the prices and assumptions with their sources, then each mix. `rows`, the
 * capacity rows the mixes were built from, give the HTTP status of a mix entry written without one.
 */
export function costSection(cost: readonly CostBreakdown[], rows: readonly CapacityRow[] = []): string[] {
  const prices = Object.values(PRICE_TABLE).map((p) => [p.what, `${p.value} ${p.unit}`, p.source, p.checked]);
  const assumptions = Object.values(ASSUMPTION_TABLE).map((a) => [a.what, a.value, a.source]);
  return [
    '## 5. Cost per million operations',
    '',
    `List prices, ${PRICES.region}, on demand, first tier; the free tiers are left out. Units are those of the largest tenant measured, billed as \`bin/bench/capacity-model.ts\` says (a ConditionCheck is write capacity; transactional items by their stored size; gsi1 entries by theirs).`,
    '',
    markdownTable(['price', 'value', 'source', 'read on'], prices),
    '',
    'What the model assumes rather than measures:',
    '',
    markdownTable(['assumption', 'value', 'source'], assumptions),
    '',
    // The levers after the tenants: the tenant table reads the cost per million of the bill above it.
    ...cost.flatMap((breakdown) => [...costBreakdown(breakdown), ...leverSection(breakdown, rows)]),
    ...stackSection(),
  ];
}

function durationNote(breakdown: CostBreakdown): string {
  const { durations, init } = breakdown;
  const billed =
    durations === 'assumed'
      ? '**assumed** (no handler section in this report: the figures of the assumptions above)'
      : durations === 'measured mean'
        ? 'the **measured mean** latency of a lookup, a create or a PATCH of 100 members through the local endpoint'
        : 'the **measured median** latency (the handler section recorded no mean; Lambda bills every invocation, so the mean would be higher)';
  const initSource =
    init.source === 'measured' ? 'measured: the slowest SCIM function, spawn to exit' : '**assumed**';
  return `Durations billed: ${billed}. INIT phase of a cold start: ${init.ms} ms (${initSource}), on ${ASSUMPTION_TABLE.coldStartShare.value * 100} % of invocations.`;
}

function costBreakdown(breakdown: CostBreakdown): string[] {
  const p = breakdown.perMillion;
  const mixRows = breakdown.mix.map((m) => [
    m.operation,
    `${round(m.share * 100, 1)} %`,
    formatUnits(m.readUnits),
    formatUnits(m.writeUnits),
    m.requestLogLines,
    m.responseBytes,
    round(m.durationMs),
  ]);
  const lines = [
    p.apiGateway,
    p.lambda,
    p.lambdaInit,
    p.dynamodb,
    p.requestLog,
    p.logs,
    p.dataTransfer,
    p.contributorInsights,
  ].map(dollars);
  return [
    `### ${breakdown.name}`,
    '',
    `Per user: ${breakdown.description}. ${durationNote(breakdown)}`,
    '',
    markdownTable(
      ['operation', 'share', 'RCU', 'WCU', 'request-log lines', 'response bytes (stated)', 'duration (ms)'],
      mixRows,
    ),
    '',
    markdownTable(
      [
        'API Gateway',
        'Lambda',
        'Lambda INIT',
        'DynamoDB',
        'request log',
        'Logs',
        'data transfer',
        'Contributor Insights',
        'total per million',
        'WAF, if enabled',
        'total with WAF',
      ],
      [[...lines, `**${dollars(p.total)}**`, dollars(p.waf), dollars(p.totalWithWaf)]],
    ),
    '',
    ...(breakdown.tenants === undefined ? [] : tenantSection(breakdown.tenants)),
  ];
}

const yesNo = (kept: boolean) => (kept ? 'yes' : '**no**');

/** What each lever of the design would save on the mix, alone and combined (cost-levers.ts). */
function leverSection(breakdown: CostBreakdown, rows: readonly CapacityRow[]): string[] {
  const levers = leverRows(withStatuses(breakdown, rows));
  const target = `$${COST_TARGET_PER_MILLION}`;
  const row = (r: LeverRow) => [
    r.levers.length === 1 ? r.levers.join('') : '',
    r.name,
    yesNo(r.keepsGuarantees),
    yesNo(r.keepsUsagePlans),
    dollars(r.total),
    dollars(r.saving),
    yesNo(r.total < COST_TARGET_PER_MILLION),
    r.givesUp,
  ];
  const total = breakdown.perMillion.total;
  return [
    '#### Levers',
    '',
    `What each lever of the design would save on this mix, alone and combined: the same model on the same mix, with the lever's change of its units, log lines, prices or assumptions (\`bin/bench/cost-levers.ts\`). The stack takes none of them. *The guarantees*: a userName is unique (its item is written in the create's transaction) and no request writes only part of what it should; *usage plans* give each tenant its throttling and API key.`,
    '',
    markdownTable(
      [
        '',
        'lever',
        'keeps the guarantees',
        'keeps usage plans',
        'total per million',
        'saving',
        `under ${target}`,
        'gives up',
      ],
      [
        [
          '',
          'the stack as it is',
          'yes',
          'yes',
          dollars(total),
          '–',
          yesNo(total < COST_TARGET_PER_MILLION),
          '–',
        ],
        ...levers.map(row),
      ],
    ),
    '',
    reachSummary(levers),
    '',
  ];
}

function tenantSection(tenants: readonly TenantMonth[]): string[] {
  const fixed = stackMonthlyTotal(false);
  const connection = PRICE_TABLE.directorySyncPerConnectionMonth;
  const rows = tenants.map((t) => [
    t.users.toLocaleString('en'),
    t.requestsPerMonth.toLocaleString('en'),
    t.coldStartsPerMonth,
    dollars(t.dollarsPerMonth),
    ...TENANTS_ON_STACK.map((n) => dollars(t.dollarsPerMonth + fixed / n)),
    `$${connection.value}`,
  ]);
  return [
    '#### Per tenant per month',
    '',
    `A tenant's first year with Entra, per month: the initial cycle once, then an incremental cycle every ${ASSUMPTION_TABLE.incrementalCycleMinutes.value} minutes sending only changes, at the cost per million above (INIT left out), plus a cold start for every cycle that sends anything. *Traffic* is the tenant's own; the stack's fixed costs (below, without WAF: ${dollars(fixed)} a month) are then shared by the tenants on it. Beside it, the list price of a hosted directory-sync connection: ${connection.what}, [${connection.source}](${connection.source}).`,
    '',
    markdownTable(
      [
        'users',
        'requests / month',
        'cold starts / month',
        'traffic',
        ...TENANTS_ON_STACK.map((n) => `with fixed costs, ${n} tenant${n === 1 ? '' : 's'} per stack`),
        'WorkOS Directory Sync',
      ],
      rows,
    ),
    '',
  ];
}

function stackSection(): string[] {
  const lines = stackMonthly(true);
  return [
    '### Per stack per month, whatever the traffic',
    '',
    markdownTable(
      [
        'EMF custom metrics',
        'Contributor Insights rules',
        'dashboard',
        'WAF web ACL and rules, if enabled',
        'total',
      ],
      [
        [
          dollars(lines.metrics),
          dollars(lines.contributorInsights),
          dollars(lines.dashboard),
          dollars(lines.waf),
          `${dollars(stackMonthlyTotal(false))} (${dollars(stackMonthlyTotal(true))} with WAF)`,
        ],
      ],
    ),
    '',
  ];
}
