import type { CapacityRow } from './capacity';
import type { HandlerCostResult } from './handler-cost';
import { round } from './stats';

/**
 * Public on-demand prices, us-east-1, as AWS publishes them (checked 2026-11-22; prices change: check
 * aws.amazon.com/api-gateway/pricing, /lambda/pricing, /dynamodb/pricing/on-demand, /cloudwatch/pricing).
 */
export const PRICES = {
  region: 'us-east-1',
  date: '2026-11-22',
  apiGatewayRestPerMillion: 3.5,
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

export interface MixEntry {
  readonly operation: string;
  /** Share of the mix's requests. */
  readonly share: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly durationMs: number;
}

export interface CostBreakdown {
  readonly mix: readonly MixEntry[];
  readonly perMillion: {
    readonly apiGateway: number;
    readonly lambda: number;
    readonly dynamodb: number;
    readonly logs: number;
    readonly total: number;
  };
}

/**
 * Entra's initial provisioning cycle, per user: a lookup that finds nothing and a create; per 100 users, one
 * PATCH adding 100 members. Durations are the local endpoint's median latencies (handler plus DynamoDB
 * Local round trips), a conservative stand-in for Lambda's billed duration.
 */
export function entraMix(rows: readonly CapacityRow[], handlers?: HandlerCostResult): MixEntry[] {
  const row = (operation: string) => rows.find((r) => r.operation === operation) as CapacityRow;
  const latency = (kind: string, fallback: number) => handlers?.ours.byOperation[kind]?.p50 ?? fallback;
  const perUser = [
    { operation: 'Test Connection probe', weight: 1, kind: 'filter' },
    { operation: 'user create', weight: 1, kind: 'create' },
    { operation: 'group add 100 members', weight: 0.01, kind: 'addMembers' },
  ];
  const total = perUser.reduce((s, e) => s + e.weight, 0);
  return perUser.map((entry) => {
    const measured = row(entry.operation);
    return {
      operation: entry.operation,
      share: round(entry.weight / total, 4),
      readUnits: measured.readUnits,
      writeUnits: measured.writeUnits,
      durationMs: latency(entry.kind, 20),
    };
  });
}

export function costPerMillion(mix: readonly MixEntry[]): CostBreakdown {
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
