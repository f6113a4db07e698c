import type {
  CapacityRow,
  ColdStartResult,
  CostBreakdown,
  CostPerMillion,
  DurationSource,
  HandlerCostResult,
  Mix,
  MixEntry,
  PerUserYear,
} from './bench-report';
import { FULLY_MAPPED } from './capacity-operations';
import { ASSUMPTIONS, type Assumptions } from './cost-assumptions';
import { PRICES, type Prices } from './cost-prices';
import { round } from './stats';
import { tenantMonths } from './tenant-cost';

export { ASSUMPTION_TABLE, ASSUMPTIONS } from './cost-assumptions';
export { PRICE_TABLE, PRICES } from './cost-prices';

/** An operation of the capacity table, how often it occurs, which handler latency bills it, what it sends back. */
interface MixWeight {
  readonly operation: string;
  readonly weight: number;
  /** The operation of the handler section whose latency bills it: a lookup, a write, a PATCH of 100. */
  readonly kind: 'filter' | 'create' | 'addMembers';
  /** A write: one request-log line (docs/request-log.md). */
  readonly logged: boolean;
  /** Body bytes of its answer (stated: an Entra user as bin/bench/entra-user.ts makes it is ~600 bytes). */
  readonly body: number;
}

const EMPTY_LIST = 110;
const ONE_USER_LIST = 950;
const CREATED_USER = 850;

/**
 * The users of the mixes are fully mapped (issue 15): every default Entra mapping filled in, over 1 KB
 * (bin/bench/fully-mapped-entra-user.ts), whose writes cost more than the small user's.
 *
 * Entra's initial provisioning cycle, per user: a lookup by userName that finds nothing and a create
 * (as Microsoft documents it and `test/fixtures/sequences/entra-users-*.json` replays it); per 100 users,
 * one PATCH adding 100 members.
 */
const INITIAL_CYCLE: readonly MixWeight[] = [
  { operation: 'Test Connection probe', weight: 1, kind: 'filter', logged: false, body: EMPTY_LIST },
  { operation: `user create${FULLY_MAPPED}`, weight: 1, kind: 'create', logged: true, body: CREATED_USER },
  { operation: 'group add 100 members', weight: 0.01, kind: 'addMembers', logged: true, body: 0 },
];

/**
 * Per user and year after the initial cycle, in Entra's incremental cycles, which send only changes.
 * Assumed: 20 % joiners (a lookup that finds nothing, a create, a group add), 20 % leavers (a lookup, a
 * disable, a delete, a group remove), two attribute changes (each a lookup by userName, then a PATCH, as in
 * the replayed sequences) and two membership changes (an add and a remove).
 */
const INCREMENTAL_YEAR: readonly MixWeight[] = [
  { operation: 'Test Connection probe', weight: 0.2, kind: 'filter', logged: false, body: EMPTY_LIST },
  { operation: `user create${FULLY_MAPPED}`, weight: 0.2, kind: 'create', logged: true, body: CREATED_USER },
  { operation: 'group add 1 member', weight: 0.2 + 1, kind: 'create', logged: true, body: 0 },
  {
    operation: 'user filter by userName',
    weight: 0.2 + 2,
    kind: 'filter',
    logged: false,
    body: ONE_USER_LIST,
  },
  { operation: `user disable${FULLY_MAPPED}`, weight: 0.2, kind: 'create', logged: true, body: 0 },
  { operation: `user delete${FULLY_MAPPED}`, weight: 0.2, kind: 'create', logged: true, body: 0 },
  { operation: 'group remove 1 member', weight: 0.2 + 1, kind: 'create', logged: true, body: 0 },
  { operation: `user PATCH replace${FULLY_MAPPED}`, weight: 2, kind: 'create', logged: true, body: 0 },
];

/** A tenant's first year, per user: the initial cycle, then a year of incremental cycles. */
export const FIRST_YEAR: readonly MixWeight[] = [...INITIAL_CYCLE, ...INCREMENTAL_YEAR];

const requestsOf = (weights: readonly MixWeight[]) => weights.reduce((sum, w) => sum + w.weight, 0);

/** What a user sends in the first year: the sums of the weights above, and the assumed changes. */
export const FIRST_YEAR_PER_USER: PerUserYear = {
  initialRequests: requestsOf(INITIAL_CYCLE),
  yearlyRequests: requestsOf(INCREMENTAL_YEAR),
  yearlyChanges: ASSUMPTIONS.changesPerUserYear,
};

/** Billed durations: the handler section's mean latency when it has one; never a silent default. */
export function durationsOf(handlers?: HandlerCostResult): {
  source: DurationSource;
  ms: (kind: MixWeight['kind']) => number;
} {
  if (handlers === undefined) {
    const assumed = {
      filter: ASSUMPTIONS.filterMs,
      create: ASSUMPTIONS.createMs,
      addMembers: ASSUMPTIONS.addMembersMs,
    };
    return { source: 'assumed', ms: (kind) => assumed[kind] };
  }
  const latencies = handlers.ours.byOperation;
  const kinds = ['filter', 'create', 'addMembers'] as const;
  if (kinds.every((kind) => latencies[kind].mean !== undefined)) {
    return { source: 'measured mean', ms: (kind) => latencies[kind].mean ?? Number.NaN };
  }
  // Lambda bills every invocation's duration: the median understates a skewed distribution.
  return { source: 'measured median (no mean recorded)', ms: (kind) => latencies[kind].p50 };
}

/** The billed INIT phase: the slowest SCIM function's start (spawn to exit) when measured, else assumed. */
export function initOf(coldStarts?: ColdStartResult): Mix['init'] {
  const scim = (coldStarts?.functions ?? []).filter((f) => f.function === 'users' || f.function === 'groups');
  if (scim.length === 0) return { ms: ASSUMPTIONS.initMs, source: 'assumed' };
  return { ms: Math.max(...scim.map((f) => f.processMs)), source: 'measured' };
}

/**
 * The mixes the cost is reported for. Durations are the local endpoint's latencies (handler plus DynamoDB
 * Local round trips, and the request log's write), a conservative stand-in for Lambda's billed duration.
 */
export function entraMixes(
  rows: readonly CapacityRow[],
  handlers?: HandlerCostResult,
  coldStarts?: ColdStartResult,
): Mix[] {
  const durations = durationsOf(handlers);
  const common = { durations: durations.source, init: initOf(coldStarts) };
  return [
    {
      name: "Entra's initial cycle",
      description:
        'a lookup by userName that finds nothing (the probe above) and a create; one PATCH of 100 members per 100 users',
      mix: mixOf(INITIAL_CYCLE, rows, durations.ms),
      ...common,
    },
    {
      name: "A tenant's first year with Entra",
      description:
        'the initial cycle, then per year: 20 % joiners, 20 % leavers (disable, then delete), two attribute changes (lookup, then PATCH) and two group membership changes',
      mix: mixOf(FIRST_YEAR, rows, durations.ms),
      ...common,
      perUserYear: FIRST_YEAR_PER_USER,
    },
  ];
}

function mixOf(
  weights: readonly MixWeight[],
  rows: readonly CapacityRow[],
  ms: (kind: MixWeight['kind']) => number,
) {
  // The same operation may appear twice (initial cycle and later): one row each, weights summed.
  const merged = new Map<string, MixWeight>();
  for (const entry of weights) {
    const seen = merged.get(entry.operation);
    merged.set(entry.operation, { ...entry, weight: entry.weight + (seen?.weight ?? 0) });
  }
  const total = requestsOf([...merged.values()]);
  return [...merged.values()].map((entry): MixEntry => {
    const measured = rows.find((r) => r.operation === entry.operation);
    if (measured === undefined) throw new Error(`No capacity row for ${entry.operation}`);
    return {
      operation: entry.operation,
      share: round(entry.weight / total, 4),
      readUnits: measured.readUnits,
      writeUnits: measured.writeUnits,
      durationMs: round(ms(entry.kind)),
      requestLogLines: entry.logged || measured.status >= 400 ? 1 : 0,
      responseBytes: entry.body + ASSUMPTIONS.responseHeaderBytes,
      status: measured.status,
    };
  });
}

/** GB-seconds of `ms` at `mb`, as Lambda bills them: rounded up to the millisecond. */
export const gbSeconds = (ms: number, mb: number) => (Math.ceil(ms) / 1000) * (mb / 1024);

/**
 * What a million operations of a mix cost, line by line, at the list prices and the assumptions above, or at
 * others (bin/bench/cost-levers.ts prices the design's levers by changing them).
 */
export function perMillionOf(
  mix: Mix,
  prices: Prices = PRICES,
  assumptions: Assumptions = ASSUMPTIONS,
): CostPerMillion {
  const weighted = (value: (e: MixEntry) => number) => mix.mix.reduce((s, e) => s + e.share * value(e), 0);
  const gb = 1024 ** 3;
  const authorizerShare = 1 / assumptions.requestsPerAuthorizerCall;
  const gbSecondPrice = 1e6 * prices.lambdaArmPerGbSecond;
  const lambda =
    prices.lambdaRequestsPerMillion * (1 + authorizerShare) +
    gbSecondPrice * weighted((e) => gbSeconds(e.durationMs, assumptions.memoryMb)) +
    gbSecondPrice *
      authorizerShare *
      gbSeconds(assumptions.authorizerDurationMs, assumptions.authorizerMemoryMb);
  const lines = {
    apiGateway: prices.apiGatewayRestPerMillion,
    lambda,
    lambdaInit: gbSecondPrice * assumptions.coldStartShare * gbSeconds(mix.init.ms, assumptions.memoryMb),
    dynamodb:
      prices.dynamoReadUnitPerMillion *
        (weighted((e) => e.readUnits) + authorizerShare * assumptions.authorizerReadUnits) +
      prices.dynamoWriteUnitPerMillion * weighted((e) => e.writeUnits),
    requestLog:
      prices.dynamoWriteUnitPerMillion *
      assumptions.requestLogUnitsPerLine *
      weighted((e) => e.requestLogLines),
    logs:
      (1e6 * (assumptions.logBytesPerRequest + assumptions.emfBytesPerRequest) * prices.logsIngestionPerGb) /
      gb,
    dataTransfer: (1e6 * weighted((e) => e.responseBytes) * prices.dataTransferOutPerGb) / gb,
    contributorInsights: prices.contributorInsightsPerMillionEvents * assumptions.rulesMatchedPerRequest,
  };
  const total = Object.values(lines).reduce((s, v) => s + v, 0);
  const rounded = Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, round(v, 4)])) as typeof lines;
  return {
    ...rounded,
    total: round(total, 4),
    waf: prices.wafPerMillion,
    totalWithWaf: round(total + prices.wafPerMillion, 4),
  };
}

/** A mix's cost per million operations, and for a tenant's year, what tenants of 1,000 and 10,000 users cost. */
export function costPerMillion(mix: Mix): CostBreakdown {
  const perMillion = perMillionOf(mix);
  const { perUserYear } = mix;
  return {
    ...mix,
    perMillion,
    ...(perUserYear === undefined ? {} : { tenants: tenantMonths(perMillion, perUserYear, mix.init.ms) }),
  };
}
