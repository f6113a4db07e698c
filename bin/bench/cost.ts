import type { CapacityRow, CostBreakdown, HandlerCostResult, Mix, MixEntry } from './bench-report';
import { round } from './stats';

/**
 * Public on-demand prices, us-east-1, as AWS publishes them (checked 2026-11-22; prices change: check
 * aws.amazon.com/api-gateway/pricing, /lambda/pricing, /dynamodb/pricing/on-demand, /cloudwatch/pricing).
 */
export const PRICES = {
  region: 'us-east-1',
  date: '2026-11-22',
  apiGatewayRestPerMillion: 3.5,
  /** Not used by the stack (no usage plans): the alternative a missed cost target names. */
  apiGatewayHttpPerMillion: 1.0,
  lambdaRequestsPerMillion: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  dynamoWriteUnitPerMillion: 0.625,
  dynamoReadUnitPerMillion: 0.125,
  logsIngestionPerGb: 0.5,
} as const;

/** What the cost model assumes besides the measurements. */
export const ASSUMPTIONS = {
  memoryMb: 1024,
  /** Lambda START/END/REPORT lines, the function's request line and API Gateway's access-log line. */
  logBytesPerRequest: 900,
  /** An authorizer answer is cached 300 s per token; at 25 requests/s that is one call per 7,500 requests. */
  requestsPerAuthorizerCall: 7_500,
  authorizerDurationMs: 15,
  authorizerMemoryMb: 512,
  /** The authorizer reads the token and the tenant. */
  authorizerReadUnits: 2,
} as const;

/** An operation of the capacity table, how often it occurs, and which handler latency stands for it. */
interface MixWeight {
  readonly operation: string;
  readonly weight: number;
  /** The operation of the handler section whose median latency bills it: a lookup or a write. */
  readonly kind: 'filter' | 'create' | 'addMembers';
}

/**
 * Entra's initial provisioning cycle, per user: a lookup by userName that finds nothing and a create
 * (as Microsoft documents it and `test/fixtures/sequences/entra-users-*.json` replays it); per 100 users,
 * one PATCH adding 100 members.
 */
const INITIAL_CYCLE: readonly MixWeight[] = [
  { operation: 'Test Connection probe', weight: 1, kind: 'filter' },
  { operation: 'user create', weight: 1, kind: 'create' },
  { operation: 'group add 100 members', weight: 0.01, kind: 'addMembers' },
];

/**
 * A tenant's first year, per user: the initial cycle, then Entra's incremental cycles, which send only
 * changes. Assumed, per user and year: 20 % joiners (a lookup that finds nothing, a create, a group add),
 * 20 % leavers (a lookup, a disable, a delete, a group remove), two attribute changes (each a lookup by
 * userName, then a PATCH, as in the replayed sequences) and two membership changes (an add and a remove).
 */
const FIRST_YEAR: readonly MixWeight[] = [
  ...INITIAL_CYCLE,
  { operation: 'Test Connection probe', weight: 0.2, kind: 'filter' },
  { operation: 'user create', weight: 0.2, kind: 'create' },
  { operation: 'group add 1 member', weight: 0.2 + 1, kind: 'create' },
  { operation: 'user filter by userName', weight: 0.2 + 2, kind: 'filter' },
  { operation: 'user disable', weight: 0.2, kind: 'create' },
  { operation: 'user delete', weight: 0.2, kind: 'create' },
  { operation: 'group remove 1 member', weight: 0.2 + 1, kind: 'create' },
  { operation: 'user PATCH replace', weight: 2, kind: 'create' },
];

/**
 * The mixes the cost is reported for. Durations are the local endpoint's median latencies (handler plus
 * DynamoDB Local round trips): a lookup's for reads, a create's for single writes. A conservative stand-in
 * for Lambda's billed duration.
 */
export function entraMixes(rows: readonly CapacityRow[], handlers?: HandlerCostResult): Mix[] {
  return [
    {
      name: "Entra's initial cycle",
      description:
        'a lookup by userName that finds nothing (the probe above) and a create; one PATCH of 100 members per 100 users',
      mix: mixOf(INITIAL_CYCLE, rows, handlers),
    },
    {
      name: "A tenant's first year with Entra",
      description:
        'the initial cycle, then per year: 20 % joiners, 20 % leavers (disable, then delete), two attribute changes (lookup, then PATCH) and two group membership changes',
      mix: mixOf(FIRST_YEAR, rows, handlers),
    },
  ];
}

function mixOf(weights: readonly MixWeight[], rows: readonly CapacityRow[], handlers?: HandlerCostResult) {
  const latency = (kind: MixWeight['kind']) => handlers?.ours.byOperation[kind].p50 ?? 20;
  // The same operation may appear twice (initial cycle and later): one row each, weights summed.
  const merged = new Map<string, MixWeight>();
  for (const entry of weights) {
    const seen = merged.get(entry.operation);
    merged.set(entry.operation, { ...entry, weight: entry.weight + (seen?.weight ?? 0) });
  }
  const total = [...merged.values()].reduce((s, e) => s + e.weight, 0);
  return [...merged.values()].map((entry): MixEntry => {
    const measured = rows.find((r) => r.operation === entry.operation);
    if (measured === undefined) throw new Error(`No capacity row for ${entry.operation}`);
    return {
      operation: entry.operation,
      share: round(entry.weight / total, 4),
      readUnits: measured.readUnits,
      writeUnits: measured.writeUnits,
      durationMs: latency(entry.kind),
    };
  });
}

/** What a million operations of `mix` cost, by service. */
export function costPerMillion({ name, description, mix }: Mix): CostBreakdown {
  const weighted = (value: (e: MixEntry) => number) => mix.reduce((s, e) => s + e.share * value(e), 0);
  const gbSeconds = (ms: number, mb: number) => (Math.ceil(ms) / 1000) * (mb / 1024);
  const apiGateway = PRICES.apiGatewayRestPerMillion;
  const authorizerShare = 1 / ASSUMPTIONS.requestsPerAuthorizerCall;
  const lambda =
    PRICES.lambdaRequestsPerMillion * (1 + authorizerShare) +
    1e6 * PRICES.lambdaArmPerGbSecond * weighted((e) => gbSeconds(e.durationMs, ASSUMPTIONS.memoryMb)) +
    1e6 *
      PRICES.lambdaArmPerGbSecond *
      authorizerShare *
      gbSeconds(ASSUMPTIONS.authorizerDurationMs, ASSUMPTIONS.authorizerMemoryMb);
  const dynamodb =
    PRICES.dynamoReadUnitPerMillion *
      (weighted((e) => e.readUnits) + authorizerShare * ASSUMPTIONS.authorizerReadUnits) +
    PRICES.dynamoWriteUnitPerMillion * weighted((e) => e.writeUnits);
  const logs = (1e6 * ASSUMPTIONS.logBytesPerRequest * PRICES.logsIngestionPerGb) / 1024 ** 3;
  const total = apiGateway + lambda + dynamodb + logs;
  return {
    name,
    description,
    mix,
    perMillion: {
      apiGateway: round(apiGateway),
      lambda: round(lambda),
      dynamodb: round(dynamodb),
      logs: round(logs),
      total: round(total),
    },
  };
}
