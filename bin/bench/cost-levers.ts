import type { BenchReport, CapacityRow, Mix, MixEntry } from './bench-report';
import { writeUnits } from './capacity-model';
import { FULLY_MAPPED } from './capacity-operations';
import { perMillionOf } from './cost';
import { ASSUMPTIONS, type Assumptions } from './cost-assumptions';
import { PRICES, type Prices } from './cost-prices';
import { round } from './stats';

/** Issue 15's target: a million operations of a mix for less than this, in dollars. */
export const COST_TARGET_PER_MILLION = 7;

/** What the cost model reads: a mix whose entries carry their HTTP status, the prices, the assumptions. */
export interface CostModel {
  readonly mix: Mix;
  readonly prices: Prices;
  readonly assumptions: Assumptions;
}

/** A change of the design, as a pure transformation of what the cost model reads, and what it costs us. */
export interface CostLever {
  readonly name: string;
  /** Uniqueness of userName (an item written in the create's transaction) and no partial write of a request. */
  readonly keepsGuarantees: boolean;
  /** Usage plans: per-tenant throttling and API keys (REST APIs only). */
  readonly keepsUsagePlans: boolean;
  readonly givesUp: string;
  readonly apply: (model: CostModel) => CostModel;
}

/** What an operation of the mixes writes that a lever changes, item by item (docs/table-design.md). */
interface LeverItems {
  /** The tenant's count shard, updated in a create's and a delete's transaction. */
  readonly count: number;
  /** externalId and email lookup items in its transaction: a fully mapped user has one of each. */
  readonly lookups: number;
  /** Membership puts of a multi-member add, all in one transaction. */
  readonly memberships: number;
}

const NONE: LeverItems = { count: 0, lookups: 0, memberships: 0 };

/** Every operation of the mixes (cost.ts); one missing here is an error, not a silent "nothing changes". */
export const LEVER_ITEMS: Readonly<Record<string, LeverItems>> = {
  'Test Connection probe': NONE,
  'user filter by userName': NONE,
  [`user create${FULLY_MAPPED}`]: { count: 1, lookups: 2, memberships: 0 },
  [`user delete${FULLY_MAPPED}`]: { count: 1, lookups: 2, memberships: 0 },
  // A replace moves only the lookup items whose values change (table-design.ts, replaceResource): none here.
  [`user disable${FULLY_MAPPED}`]: NONE,
  [`user PATCH replace${FULLY_MAPPED}`]: NONE,
  // One member: a put and the member's ConditionCheck in one transaction, which BatchWriteItem cannot hold.
  'group add 1 member': NONE,
  'group remove 1 member': NONE,
  'group add 100 members': { count: 0, lookups: 0, memberships: 100 },
};

function itemsOf(entry: MixEntry): LeverItems {
  const items = LEVER_ITEMS[entry.operation];
  if (items === undefined) throw new Error(`No lever items for ${entry.operation}: add it to LEVER_ITEMS`);
  return items;
}

/** An item under 1 KB: 2 WCU in a transaction, 1 outside one (capacity-model.ts). */
const IN_TRANSACTION = writeUnits(0, true);
const OUTSIDE = writeUnits(0);

const eachEntry = (model: CostModel, change: (entry: MixEntry) => MixEntry): CostModel => ({
  ...model,
  mix: { ...model.mix, mix: model.mix.mix.map(change) },
});

const fewerWrites = (model: CostModel, units: (items: LeverItems) => number) =>
  eachEntry(model, (entry) => ({ ...entry, writeUnits: entry.writeUnits - units(itemsOf(entry)) }));

function succeeded(entry: MixEntry): boolean {
  if (entry.status === undefined) throw new Error(`No HTTP status for ${entry.operation} (withStatuses)`);
  return entry.status < 400;
}

/** Dollars per million units of provisioned capacity used at `utilisation`: a unit-hour holds 3,600 units. */
export const provisionedPerMillion = (perUnitHour: number, utilisation: number) =>
  (perUnitHour / (3600 * utilisation)) * 1e6;

/** The average use below which on-demand capacity is the cheaper, as a fraction. */
const breakEven = (perUnitHour: number, onDemandPerMillion: number) =>
  perUnitHour / (3600 * (onDemandPerMillion / 1e6));

const percent = (fraction: number) => `${round(fraction * 100, 0)} %`;

function breakEvenText(): string {
  const writes = percent(breakEven(PRICES.dynamoWriteCapacityUnitHour, PRICES.dynamoWriteUnitPerMillion));
  const reads = percent(breakEven(PRICES.dynamoReadCapacityUnitHour, PRICES.dynamoReadUnitPerMillion));
  const which = writes === reads ? 'reads and writes alike' : `writes; reads ${reads}`;
  return `Below ${writes} average use (${which}) on demand costs less`;
}

/** The levers of issue 15, numbered in this order. The stack takes none of them. */
export const COST_LEVERS: readonly CostLever[] = [
  {
    name: 'HTTP API instead of the REST API',
    keepsGuarantees: true,
    keepsUsagePlans: false,
    givesUp:
      'usage plans, hence per-tenant throttling and API keys, and AWS WAF (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html)',
    // The model's API Gateway line reads the REST price: the lever puts the HTTP API's in its place.
    apply: (model) => ({
      ...model,
      prices: { ...model.prices, apiGatewayRestPerMillion: model.prices.apiGatewayHttpPerMillion },
    }),
  },
  {
    name: 'no count item in creates and deletes',
    keepsGuarantees: true,
    keepsUsagePlans: true,
    givesUp:
      "an exact totalResults of an unfiltered list without reading the tenant: it would have to count the tenant's resources, work growing with the tenant",
    apply: (model) => fewerWrites(model, (items) => items.count * IN_TRANSACTION),
  },
  {
    name: 'externalId and email lookups through keys-only global secondary indexes, not lookup items in the transaction',
    keepsGuarantees: true,
    keepsUsagePlans: true,
    givesUp:
      'strongly consistent lookups by externalId and email: an index is read eventually consistent, so a lookup right after a create may miss the user (userName stays a unique item in the transaction: a second create is still a 409). An index key holds one value: one indexed address per user. The user item carries the keys (past 1 KB its writes cost more, left out here)',
    apply: (model) =>
      fewerWrites(model, (items) => items.lookups * (IN_TRANSACTION - model.assumptions.gsiEntryWriteUnits)),
  },
  {
    name: 'request log for failures only',
    keepsGuarantees: true,
    keepsUsagePlans: true,
    givesUp:
      "the line per successful write that `scim-admin logs` shows (writes remain in the function's CloudWatch log line and in the events)",
    apply: (model) =>
      eachEntry(model, (entry) => (succeeded(entry) ? { ...entry, requestLogLines: 0 } : entry)),
  },
  {
    name: "Lambda's platform log lines off (JSON log format, system log level WARN)",
    keepsGuarantees: true,
    keepsUsagePlans: true,
    givesUp:
      'the REPORT line of every invocation: billed duration, max memory used, init duration (at the default system level INFO Lambda sends the start and report lines, at WARN neither: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html)',
    // The function's own lines (Powertools) are JSON already, so the format leaves their bytes: an assumption.
    apply: (model) => ({
      ...model,
      assumptions: {
        ...model.assumptions,
        logBytesPerRequest:
          model.assumptions.logBytesPerRequest - model.assumptions.platformLogBytesPerRequest,
      },
    }),
  },
  {
    name: 'member adds outside a transaction (BatchWriteItem)',
    keepsGuarantees: false,
    keepsUsagePlans: true,
    givesUp:
      'the all-or-nothing PATCH: one stopped half way leaves some members added. A single-member add keeps its transaction (a put and the member check)',
    apply: (model) => fewerWrites(model, (items) => items.memberships * (IN_TRANSACTION - OUTSIDE)),
  },
  {
    name: `DynamoDB provisioned capacity instead of on demand, at ${percent(ASSUMPTIONS.provisionedUtilisation)} use`,
    keepsGuarantees: true,
    keepsUsagePlans: true,
    givesUp: `absorbing Entra's bursts without capacity planning: auto scaling reacts in minutes, and a throttled request is a 503 that Entra retries. ${breakEvenText()}`,
    apply: (model) => {
      const { prices, assumptions } = model;
      const use = assumptions.provisionedUtilisation;
      return {
        ...model,
        prices: {
          ...prices,
          dynamoWriteUnitPerMillion: provisionedPerMillion(prices.dynamoWriteCapacityUnitHour, use),
          dynamoReadUnitPerMillion: provisionedPerMillion(prices.dynamoReadCapacityUnitHour, use),
        },
      };
    },
  },
];

/** The model with `levers` applied, in order (they change different figures, so the order does not matter). */
export const applyLevers = (model: CostModel, levers: readonly CostLever[]): CostModel =>
  levers.reduce((changed, lever) => lever.apply(changed), model);

/** The capacity rows the mixes were built from: the largest tenant's (measure-sections.ts). */
export const mixRowsOf = (report: BenchReport): readonly CapacityRow[] =>
  report.capacity?.rows[String(report.sizes.largeTenant)] ?? [];

/** The mix with each entry's HTTP status: its own, or for a report written before it was recorded, its row's. */
export function withStatuses(mix: Mix, rows: readonly CapacityRow[]): Mix {
  const statusOf = (entry: MixEntry) =>
    entry.status ?? rows.find((r) => r.operation === entry.operation)?.status;
  return { ...mix, mix: mix.mix.map((entry) => ({ ...entry, status: statusOf(entry) })) };
}

/** A row of a mix's levers table: one lever alone, or levers combined, and what it comes to. */
export interface LeverRow {
  readonly name: string;
  /** The levers applied, by their number (1 for the first of COST_LEVERS). */
  readonly levers: readonly number[];
  readonly keepsGuarantees: boolean;
  readonly keepsUsagePlans: boolean;
  readonly givesUp: string;
  /** The mix's total per million with the levers. */
  readonly total: number;
  /** Against the default stack's total. */
  readonly saving: number;
}

const numberOf = (lever: CostLever) => COST_LEVERS.indexOf(lever) + 1;
const listOf = (items: readonly (number | string)[]) =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/**
 * Each lever alone on `mix` (its entries with their statuses, withStatuses), then every lever that keeps the
 * guarantees and usage plans combined, then every lever combined: totals per million by perMillionOf.
 */
export function leverRows(mix: Mix): LeverRow[] {
  const model: CostModel = { mix, prices: PRICES, assumptions: ASSUMPTIONS };
  const baseline = perMillionOf(mix).total;
  const row = (name: string, levers: readonly CostLever[], givesUp: string): LeverRow => {
    const changed = applyLevers(model, levers);
    const total = perMillionOf(changed.mix, changed.prices, changed.assumptions).total;
    return {
      name,
      levers: levers.map(numberOf),
      keepsGuarantees: levers.every((l) => l.keepsGuarantees),
      keepsUsagePlans: levers.every((l) => l.keepsUsagePlans),
      givesUp,
      total,
      saving: round(baseline - total, 4),
    };
  };
  const keeping = COST_LEVERS.filter((l) => l.keepsGuarantees && l.keepsUsagePlans);
  const lost = (l: CostLever) =>
    [l.keepsUsagePlans ? '' : 'usage plans', l.keepsGuarantees ? '' : 'the guarantees']
      .filter(Boolean)
      .join(' and ');
  const breaking = COST_LEVERS.filter((l) => lost(l) !== '').map((l) => `${lost(l)} with ${numberOf(l)}`);
  return [
    ...COST_LEVERS.map((lever) => row(lever.name, [lever], lever.givesUp)),
    row(
      `every lever that keeps the guarantees and usage plans (${listOf(keeping.map(numberOf))})`,
      keeping,
      `what ${listOf(keeping.map(numberOf))} give up`,
    ),
    row('every lever', COST_LEVERS, `what every lever gives up: ${listOf(breaking)}`),
  ];
}

/** Which rows reach the target, in sentences: the levers that do alone, then each combination. */
export function reachSummary(rows: readonly LeverRow[]): string {
  const target = `$${COST_TARGET_PER_MILLION}`;
  const under = (r: LeverRow) => r.total < COST_TARGET_PER_MILLION;
  const dollars = (r: LeverRow) => `$${r.total.toFixed(2)}`;
  const alone = rows.filter((r) => r.levers.length === 1 && under(r));
  const named = alone.map((r) => `${r.levers[0]} (${r.name}, ${dollars(r)})`);
  const aloneText =
    alone.length === 0
      ? `No lever alone comes under ${target}.`
      : `Alone, ${listOf(named)} ${alone.length === 1 ? 'comes' : 'come'} under ${target}.`;
  const combined = rows
    .filter((r) => r.levers.length > 1)
    .map((r) => `${r.name}: ${dollars(r)} (${under(r) ? 'under' : 'not under'} ${target})`);
  return `${aloneText} Combined, ${combined.join('; ')}.`;
}
