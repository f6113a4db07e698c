/** A figure the cost model assumes rather than measures, and where it comes from. */
export interface Assumption {
  readonly value: number;
  readonly what: string;
  readonly source: string;
}

const METRICS_DOC = 'docs/metrics.md';
const RUN_OF_2026_12_03 = 'BENCHMARKS.md, the run of 2026-12-03';

export const ASSUMPTION_TABLE = {
  memoryMb: {
    value: 1024,
    what: 'MB of the Users and Groups functions',
    source: 'lib/scim-settings.ts (memorySize)',
  },
  logBytesPerRequest: {
    value: 900,
    what: "bytes of logs per request: Lambda's START/END/REPORT lines, the function's request line, API Gateway's access-log line",
    source: 'estimated from the lines the stack writes',
  },
  platformLogBytesPerRequest: {
    value: 265,
    what: "bytes per request, of the log bytes above, of Lambda's START, END and REPORT lines (text format): the platform-log lever",
    source:
      'estimated from their shape: START and END carry the request id (71 and 52 bytes), REPORT the duration, billed duration, memory size and max memory used (about 142)',
  },
  emfBytesPerRequest: {
    value: 350,
    what: 'bytes of the EMF line per request (Requests, Failures, Latency and their dimensions)',
    source: `${METRICS_DOC}; estimated from the line's shape`,
  },
  requestsPerAuthorizerCall: {
    value: 7500,
    what: 'requests per authorizer call: its answer is cached 300 s per token, at 25 requests/s',
    source: 'lib/scim-auth.ts (resultsCacheTtl)',
  },
  authorizerDurationMs: { value: 15, what: 'ms per authorizer call', source: 'estimated: two GetItems' },
  authorizerMemoryMb: {
    value: 512,
    what: 'MB of the authorizer',
    source: 'lib/scim-function.ts (default memorySize)',
  },
  authorizerReadUnits: {
    value: 2,
    what: 'RCU per authorizer call: the token and the tenant',
    source: 'docs/authentication.md',
  },
  requestLogUnitsPerLine: {
    value: 1,
    what: 'WCU per request-log line: one PutItem, well under 1 KB, for every write and every failure',
    source: 'docs/request-log.md, functions/storage/request-log-store.ts',
  },
  coldStartShare: {
    value: 0.01,
    what: 'share of invocations that start cold (an INIT phase), for the cost per million',
    source:
      'AWS: "INITs (cold starts) typically occur in under 1% of invocations", https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/',
  },
  initMs: {
    value: 300,
    what: 'ms of a billed INIT phase, when the cold-start section is not in the report',
    source: `${RUN_OF_2026_12_03}: users 235 ms, groups 290 ms from spawning node to its exit`,
  },
  filterMs: {
    value: 22,
    what: 'ms of a lookup, when the handler section is not in the report',
    source: `${RUN_OF_2026_12_03} (p50)`,
  },
  createMs: {
    value: 34,
    what: 'ms of a single write, when the handler section is not in the report',
    source: `${RUN_OF_2026_12_03} (p50)`,
  },
  addMembersMs: {
    value: 495,
    what: 'ms of a PATCH of 100 members, when the handler section is not in the report',
    source: `${RUN_OF_2026_12_03} (p50)`,
  },
  gsiEntryWriteUnits: {
    value: 1,
    what: 'WCU per entry put or deleted in a keys-only global secondary index (well under 1 KB): the lookup-index lever',
    source:
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations (a table write costs its own units plus those of updating each index, 1 WCU per KB of the entry); not doubled for a transactional item, as bin/bench/capacity-model.ts assumes for gsi1 (no AWS page prices it)',
  },
  provisionedUtilisation: {
    value: 0.5,
    what: 'average use of provisioned DynamoDB capacity (used / provisioned): the provisioned-capacity lever',
    source:
      'assumed; AWS calls a target under 50 % wasteful unless traffic grows fast, and one near 90 % only for steady traffic: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CostOptimization_AutoScalingSettings.html',
  },
  responseHeaderBytes: {
    value: 350,
    what: "bytes of a response's status line and headers (API Gateway adds its request ids)",
    source: 'estimated',
  },
  customMetrics: {
    value: 150,
    what: 'custom metrics per stack, whatever the number of tenants',
    source: METRICS_DOC,
  },
  contributorInsightsRules: { value: 4, what: 'Contributor Insights rules per stack', source: METRICS_DOC },
  rulesMatchedPerRequest: {
    value: 2,
    what: 'Contributor Insights rules a request matches (a failure or a 429: 3)',
    source: METRICS_DOC,
  },
  dashboards: { value: 1, what: 'CloudWatch dashboards per stack', source: METRICS_DOC },
  wafRules: {
    value: 2,
    what: 'rules of the optional web ACL: per bearer token, per IP on the token path',
    source: 'lib/scim-web-acl.ts',
  },
  incrementalCycleMinutes: {
    value: 40,
    what: "minutes between Entra's incremental cycles, which send only what changed",
    source: 'https://learn.microsoft.com/en-us/entra/identity/app-provisioning/how-provisioning-works',
  },
  changesPerUserYear: {
    value: 4.4,
    what: 'changes per user and year: 0.2 joins, 0.2 leaves, 2 attribute changes, 2 membership changes',
    source: 'FIRST_YEAR in bin/bench/cost.ts, assumed',
  },
} as const satisfies Record<string, Assumption>;

export type Assumptions = { readonly [K in keyof typeof ASSUMPTION_TABLE]: number };

/** The assumptions as numbers, by name. */
export const ASSUMPTIONS = Object.fromEntries(
  Object.entries(ASSUMPTION_TABLE).map(([name, assumption]) => [name, assumption.value]),
) as Assumptions;
