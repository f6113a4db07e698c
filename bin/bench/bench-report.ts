/**
 * The shape of benchmarks.json, written by `npm run bench` and read back by the renderer: the run's
 * header, then one optional member per section (a section left out with `--section` is absent).
 */
export interface BenchReport {
  /** The day of the run, YYYY-MM-DD. */
  readonly date: string;
  /** The command line that wrote the report. */
  readonly command: string;
  /** CPU, memory, Node, Java, DynamoDB Local, the SCIMMY peer, the AWS prices: label → description, read at the run. */
  readonly machine: Readonly<Record<string, string>>;
  readonly sizes: BenchSizes;
  readonly capacity?: CapacityResult;
  readonly groups?: GroupScaleResult;
  readonly handlers?: HandlerCostResult;
  readonly operationClasses?: OperationClassResult;
  readonly coldStarts?: ColdStartResult;
  readonly cost?: readonly CostBreakdown[];
}

/** The sizes of the run (`--quick` and the size options change them). */
export interface BenchSizes {
  readonly smallTenant: number;
  readonly largeTenant: number;
  readonly members: number;
  readonly userGroups: number;
  readonly handlerUsers: number;
  readonly runs: number;
}

/** A target of issue #6, met or not, with the figure that decides. Evaluated from a report, not stored. */
export interface Target {
  readonly target: string;
  readonly met: boolean;
  readonly figure: string;
  /** For a missed target: why, and what would reach it. */
  readonly note?: string;
}

// Section 1: DynamoDB capacity per SCIM operation

/** What the DynamoDB requests of one operation (or phase) cost. */
export interface OperationCost {
  readonly requests: number;
  /** The commands sent, in the order first sent, e.g. "GetItem, BatchGetItem×2". */
  readonly commands: string;
  /** Units DynamoDB Local reported (ReturnConsumedCapacity: TOTAL). */
  readonly reportedUnits: number;
  /** Read and write units by DynamoDB's billing rules (bin/bench/capacity-model.ts). */
  readonly readUnits: number;
  readonly writeUnits: number;
}

export interface CapacityRow extends OperationCost {
  readonly operation: string;
  readonly status: number;
}

/** The JSON sizes of the two user bodies the capacity section creates (entra-user.ts, fully-mapped-entra-user.ts). */
export interface UserShapeBytes {
  readonly small: number;
  readonly fullyMapped: number;
}

export interface CapacityResult {
  /** Tenant sizes, in users: the smallest first, the largest last. */
  readonly sizes: readonly number[];
  readonly userBytes?: UserShapeBytes;
  /** Rows per tenant size (the size as a string), in the order measured (capacity-operations.ts). */
  readonly rows: Readonly<Record<string, readonly CapacityRow[]>>;
}

// Section 2: a large group

export interface PhaseResult extends OperationCost {
  readonly phase: string;
  readonly seconds: number;
  /** HTTP requests sent in the phase. */
  readonly requestsSent: number;
}

export interface GroupScaleResult {
  readonly members: number;
  readonly userGroups: number;
  readonly phases: readonly PhaseResult[];
}

// Section 3: handler CPU and latency against a SCIMMY peer

export interface HandlerCostOptions {
  readonly users: number;
  readonly groups: number;
  /** Members per PATCH. */
  readonly batch: number;
  /** Requests at a time. */
  readonly concurrency: number;
}

/** Milliseconds, measured by the client. */
export interface OperationLatency {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /**
   * The arithmetic mean: what Lambda bills, every invocation's duration. Optional: reports written before
   * measure-server.ts recorded it have none, and the cost section says which figure it used.
   */
  readonly mean?: number;
}

/** The operations of Entra's initial cycle, as the latencies are keyed. */
export const CYCLE_OPERATIONS = ['filter', 'create', 'createGroup', 'addMembers'] as const;
export type CycleOperation = (typeof CYCLE_OPERATIONS)[number];

/** CPU per request of one phase of Entra's cycle (entra-cycle.ts). */
export interface PhaseCpu {
  readonly phase: 'users' | 'groups' | 'members';
  readonly requests: number;
  readonly cpuMicrosPerOperation: number;
}

export interface ServerMeasurement {
  readonly name: string;
  /** Requests sent. */
  readonly operations: number;
  /** Responses not in the expected status set (and requests that got no response). */
  readonly errors: number;
  readonly wallSeconds: number;
  /** User + system CPU of the server's own process over the sequence only. */
  readonly cpuMillis: number;
  readonly cpuMicrosPerOperation: number;
  readonly byOperation: Readonly<Record<CycleOperation, OperationLatency>>;
  /**
   * CPU per request of each phase of the cycle with at least 10 requests (users: the lookups and creates;
   * members: the PATCHes). Optional: reports written before it was recorded have none.
   */
  readonly byPhase?: readonly PhaseCpu[];
  /** The server process's peak resident memory during the sequence (VmHWM). */
  readonly peakRssMB: number;
}

export interface HandlerCostResult {
  readonly options: HandlerCostOptions;
  readonly ours: ServerMeasurement;
  readonly peer: ServerMeasurement;
  /** peer.cpuMicrosPerOperation / ours.cpuMicrosPerOperation */
  readonly cpuRatio: number;
}

// Section 4: bundles and cold starts

export interface ColdStart {
  readonly function: string;
  readonly bundleBytes: number;
  /** Median time from the start of the script to the first answer: import the bundle, handle one request. */
  readonly importAndFirstRequestMs: number;
  /** Median time from spawning `node` to its exit, Node's own start included. */
  readonly processMs: number;
  readonly ratioToFloor: number;
}

export interface ColdStartResult {
  readonly runs: number;
  /** NODE_OPTIONS every probe (the floor too) was started with: the functions' own in the template. */
  readonly nodeOptions?: string;
  readonly floor: Omit<ColdStart, 'ratioToFloor'>;
  readonly functions: readonly ColdStart[];
}

// Section 5: cost per million operations

export interface MixEntry {
  readonly operation: string;
  /** Share of the mix's requests. */
  readonly share: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly durationMs: number;
  /** Request-log lines it writes: 1 for a write or a failure (docs/request-log.md), 0 for a read. */
  readonly requestLogLines: number;
  /** Bytes of its response, headers included (stated in cost.ts, not measured). */
  readonly responseBytes: number;
  /**
   * The HTTP status of its capacity row. Absent in reports written before it was recorded: the levers
   * (cost-levers.ts), which tell a failure from a success, then read it from the report's capacity rows.
   */
  readonly status?: number;
}

/** Where a mix's durations come from. */
export type DurationSource = 'measured mean' | 'measured median (no mean recorded)' | 'assumed';

/** Per user: the requests of the initial cycle, of a year of incremental cycles, and the year's changes. */
export interface PerUserYear {
  readonly initialRequests: number;
  readonly yearlyRequests: number;
  readonly yearlyChanges: number;
}

/** A traffic mix: which traffic it stands for, and its operations. */
export interface Mix {
  readonly name: string;
  readonly description: string;
  readonly mix: readonly MixEntry[];
  readonly durations: DurationSource;
  /** The billed INIT phase of a cold start, and whether the cold-start section measured it. */
  readonly init: { readonly ms: number; readonly source: 'measured' | 'assumed' };
  /** For a mix that stands for a tenant's year: what a user sends in it. */
  readonly perUserYear?: PerUserYear;
}

/** Dollars per million operations, by line. */
export interface CostPerMillion {
  readonly apiGateway: number;
  /** Requests and duration, the authorizer's included. */
  readonly lambda: number;
  readonly lambdaInit: number;
  /** The SCIM operations' units and the authorizer's reads. */
  readonly dynamodb: number;
  readonly requestLog: number;
  /** CloudWatch Logs ingestion, EMF lines included. */
  readonly logs: number;
  readonly dataTransfer: number;
  readonly contributorInsights: number;
  /** Without WAF. */
  readonly total: number;
  /** The web ACL's requests, when the stack has one (the webAcl prop). */
  readonly waf: number;
  readonly totalWithWaf: number;
}

/** What one tenant's traffic costs a month, its first year, the stack's fixed costs left out. */
export interface TenantMonth {
  readonly users: number;
  readonly requestsPerMonth: number;
  readonly coldStartsPerMonth: number;
  readonly dollarsPerMonth: number;
}

export interface CostBreakdown extends Mix {
  readonly perMillion: CostPerMillion;
  /** For a mix with `perUserYear`: tenants of 1,000 and 10,000 users. */
  readonly tenants?: readonly TenantMonth[];
}

// Section 3, per operation class: CPU per request of each class, rounds of A/B/A/B (measure-operation-classes.ts)

/** A figure measured in several rounds (spread.ts). */
export interface RoundSpread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly stdev: number;
  readonly rounds: readonly number[];
}

/** One operation class on one server: CPU µs per request over the rounds, and the requests that failed. */
export interface ClassCpu {
  readonly cpuMicros: RoundSpread;
  readonly errors: number;
}

export interface OperationClassRow {
  /** e.g. "user filter", "member PATCH (group of 1,000)". */
  readonly operation: string;
  /** For member PATCHes: the group's size. */
  readonly groupSize?: number;
  /** Server short name ("this project", "SCIMMY", "floor") → its figures. */
  readonly servers: Readonly<Record<string, ClassCpu>>;
}

export interface OperationClassResult {
  readonly rounds: number;
  readonly requestsPerClass: number;
  readonly warmUpRequests: number;
  /** The servers, in the order of each round; their names as the report states them. */
  readonly servers: readonly { readonly short: string; readonly name: string }[];
  readonly rows: readonly OperationClassRow[];
  /** The smallest group size from which our member PATCH costs less CPU than the peer's (crossover.ts). */
  readonly crossoverGroupSize?: number;
}
