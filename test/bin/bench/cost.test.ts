import { describe, expect, it } from 'vitest';
import type {
  CapacityRow,
  ColdStartResult,
  CostPerMillion,
  HandlerCostResult,
  Mix,
  OperationLatency,
} from '../../../bin/bench/bench-report';
import { FULLY_MAPPED } from '../../../bin/bench/capacity-operations';
import {
  costPerMillion,
  durationsOf,
  entraMixes,
  FIRST_YEAR,
  FIRST_YEAR_PER_USER,
  gbSeconds,
  initOf,
  PRICE_TABLE,
  perMillionOf,
} from '../../../bin/bench/cost';
import { costSection } from '../../../bin/bench/render-cost';
import {
  incrementalColdStarts,
  initDollars,
  stackMonthly,
  tenantMonth,
} from '../../../bin/bench/tenant-cost';

const latency = (p50: number, mean?: number): OperationLatency => ({
  count: 10,
  p50,
  p95: p50 * 3,
  p99: p50 * 5,
  ...(mean === undefined ? {} : { mean }),
});

function handlers(mean?: number): HandlerCostResult {
  const byOperation = {
    filter: latency(20, mean),
    create: latency(20, mean),
    createGroup: latency(20, mean),
    addMembers: latency(400, mean === undefined ? undefined : mean * 10),
  };
  const server = {
    name: 's',
    operations: 1,
    errors: 0,
    wallSeconds: 1,
    cpuMillis: 1,
    cpuMicrosPerOperation: 1,
  };
  const ours = { ...server, byOperation, peakRssMB: 1 };
  return { options: { users: 1, groups: 1, batch: 100, concurrency: 4 }, ours, peer: ours, cpuRatio: 1 };
}

const coldStart = (name: string, processMs: number) => ({
  function: name,
  bundleBytes: 1,
  importAndFirstRequestMs: 1,
  processMs,
  ratioToFloor: 1,
});

/** The mixes' create: of a fully mapped user (issue 15). */
const CREATE = `user create${FULLY_MAPPED}`;

/** One capacity row per operation of the mixes: 1 RCU and 2 WCU each, a create 10 WCU; statuses as measured. */
const rows: CapacityRow[] = [...new Set(FIRST_YEAR.map((w) => w.operation))].map((operation) => ({
  operation,
  status: operation === CREATE ? 201 : operation.startsWith('group') ? 204 : 200,
  minimum: 1,
  requests: 1,
  commands: 'X',
  reportedUnits: 0,
  readUnits: 1,
  writeUnits: operation === CREATE ? 10 : 2,
}));

/** A mix of one operation, for checking each line of the bill by hand. */
const single: Mix = {
  name: 'one create',
  description: 'creates',
  durations: 'measured mean',
  init: { ms: 300, source: 'assumed' },
  mix: [
    {
      operation: 'user create',
      share: 1,
      readUnits: 1,
      writeUnits: 10,
      durationMs: 33.44,
      requestLogLines: 1,
      responseBytes: 1200,
    },
  ],
};

describe('AWS pricing rules of the cost model', () => {
  it.each([
    { ms: 33.44, mb: 1024, gbs: 0.034 },
    { ms: 15, mb: 512, gbs: 0.0075 },
    { ms: 1, mb: 1024, gbs: 0.001 },
  ])('Lambda bills $ms ms at $mb MB as $gbs GB-s (rounded up to the ms)', ({ ms, mb, gbs }) => {
    expect(gbSeconds(ms, mb)).toBeCloseTo(gbs, 10);
  });

  const bill = perMillionOf(single);
  it.each([
    { line: 'apiGateway', dollars: 3.5, why: '$3.50 per million REST requests' },
    {
      line: 'lambda',
      dollars: 0.6534,
      why: '$0.20 per million + 0.034 GB-s each, authorizer 1 call in 7,500',
    },
    { line: 'lambdaInit', dollars: 0.04, why: '1 % of invocations bill 300 ms of INIT at 1 GB' },
    {
      line: 'dynamodb',
      dollars: 6.375,
      why: '10 WCU at $0.625 and 1 RCU (+ 2 per authorizer call) at $0.125',
    },
    { line: 'requestLog', dollars: 0.625, why: 'one PutItem of 1 WCU per write' },
    { line: 'logs', dollars: 0.5821, why: '1,250 bytes (900 + 350 of EMF) per request at $0.50/GB' },
    { line: 'dataTransfer', dollars: 0.1006, why: '1,200 bytes per response at $0.09/GB' },
    {
      line: 'contributorInsights',
      dollars: 0.04,
      why: 'two rules matched per request, $0.02 per million each',
    },
    { line: 'waf', dollars: 0.6, why: '$0.60 per million requests, its own line' },
  ] as { line: keyof CostPerMillion; dollars: number; why: string }[])(
    '$line: $dollars per million ($why)',
    ({ line, dollars }) => {
      expect(bill[line]).toBeCloseTo(dollars, 4);
    },
  );

  it('the total is the sum of the lines but WAF; with WAF, 60 cents more', () => {
    expect(bill.total).toBeCloseTo(3.5 + 0.6534 + 0.04 + 6.375 + 0.625 + 0.5821 + 0.1006 + 0.04, 3);
    expect(bill.totalWithWaf).toBeCloseTo(bill.total + 0.6, 6);
  });
});

describe('billed durations: the mean, and never a silent default', () => {
  it.each([
    { what: 'no handler section: assumed, and said so', handlers: undefined, source: 'assumed', create: 34 },
    { what: 'a mean recorded: the mean', handlers: handlers(45), source: 'measured mean', create: 45 },
    {
      what: 'no mean recorded: the median, labelled',
      handlers: handlers(),
      source: 'measured median (no mean recorded)',
      create: 20,
    },
  ])('$what', ({ handlers, source, create }) => {
    const durations = durationsOf(handlers);
    expect(durations.source).toBe(source);
    expect(durations.ms('create')).toBe(create);
    const [initial] = entraMixes(rows, handlers);
    expect(initial?.durations).toBe(source);
    expect(initial?.mix.find((m) => m.operation === CREATE)?.durationMs).toBe(create);
  });

  it('a skewed latency costs more billed on its mean than on its median', () => {
    const [onMedian] = entraMixes(rows, handlers());
    const [onMean] = entraMixes(rows, handlers(40));
    if (onMedian === undefined || onMean === undefined) throw new Error('no mix');
    expect(perMillionOf(onMean).lambda).toBeGreaterThan(perMillionOf(onMedian).lambda + 0.2);
  });

  it('the report says "assumed" when the cost section ran without the handler section', () => {
    const text = costSection(entraMixes(rows).map((mix) => costPerMillion(mix))).join('\n');
    expect(text).toContain('Durations billed: **assumed**');
    expect(text).toContain('INIT phase of a cold start: 300 ms (**assumed**)');
  });
});

describe('the INIT line', () => {
  const starts: ColdStartResult = {
    runs: 3,
    floor: coldStart('floor', 200),
    functions: [coldStart('users', 235), coldStart('groups', 290), coldStart('admin', 400)],
  };
  it.each([
    { what: 'no cold-start section: assumed', coldStarts: undefined, init: { ms: 300, source: 'assumed' } },
    {
      what: 'the slowest SCIM function, measured',
      coldStarts: starts,
      init: { ms: 290, source: 'measured' },
    },
  ])('$what', ({ coldStarts, init }) => {
    expect(initOf(coldStarts)).toEqual(init);
  });

  it.each([
    { initMs: 300, dollars: 0.000004 },
    { initMs: 150, dollars: 0.000002 },
  ])('an INIT of $initMs ms at 1 GB costs $dollars', ({ initMs, dollars }) => {
    expect(initDollars(initMs)).toBeCloseTo(dollars, 9);
  });
});

describe('the mixes', () => {
  it('a user of the first year sends 2.01 requests in the initial cycle and 7.4 a year after', () => {
    expect(FIRST_YEAR_PER_USER.initialRequests).toBeCloseTo(2.01, 10);
    expect(FIRST_YEAR_PER_USER.yearlyRequests).toBeCloseTo(7.4, 10);
    expect(FIRST_YEAR_PER_USER.yearlyChanges).toBe(4.4);
  });

  it.each([
    { operation: 'Test Connection probe', requestLogLines: 0, responseBytes: 460, status: 200 },
    { operation: CREATE, requestLogLines: 1, responseBytes: 1200, status: 201 },
    { operation: 'group add 1 member', requestLogLines: 1, responseBytes: 350, status: 204 },
  ])(
    '$operation: $requestLogLines request-log lines, $responseBytes response bytes, status $status',
    (expected) => {
      const year = entraMixes(rows)[1];
      expect(year?.mix.find((m) => m.operation === expected.operation)).toMatchObject(expected);
    },
  );
});

describe('cost per tenant per month', () => {
  const perMillion = { ...perMillionOf(single), total: 6, lambdaInit: 0.04 };
  it.each([
    // 1,000 users: 9,410 requests a year; 20.1 cold starts in the initial cycle, 3,739.1 in 13,140 cycles.
    { users: 1_000, requestsPerMonth: 784, coldStartsPerMonth: 313, dollarsPerMonth: 0.0059 },
    // 10,000 users: 94,100 requests; 201 + 12,678.3 cold starts.
    { users: 10_000, requestsPerMonth: 7_842, coldStartsPerMonth: 1_073, dollarsPerMonth: 0.051 },
  ])(
    '$users users: $requestsPerMonth requests, $coldStartsPerMonth cold starts, $dollarsPerMonth a month',
    (expected) => {
      expect(tenantMonth(expected.users, perMillion, FIRST_YEAR_PER_USER, 300)).toEqual(expected);
    },
  );

  it.each([
    { changes: 0, coldStarts: 0 },
    { changes: 4_400, coldStarts: 3_739.1 },
    { changes: 1e9, coldStarts: 13_140 },
  ])(
    '$changes changes a year start $coldStarts cycles cold (at most one per cycle)',
    ({ changes, coldStarts }) => {
      expect(incrementalColdStarts(changes)).toBeCloseTo(coldStarts, 0);
    },
  );

  it.each([
    { withWaf: false, waf: 0 },
    { withWaf: true, waf: 7 },
  ])(
    'the stack: 45 dollars of metrics, 2 of rules, 3 of dashboard; WAF $waf (withWaf: $withWaf)',
    ({ withWaf, waf }) => {
      expect(stackMonthly(withWaf)).toEqual({ metrics: 45, contributorInsights: 2, dashboard: 3, waf });
    },
  );

  it('the report sets a tenant beside the list price of a hosted directory-sync connection', () => {
    const text = costSection(entraMixes(rows).map((mix) => costPerMillion(mix))).join('\n');
    expect(PRICE_TABLE.directorySyncPerConnectionMonth.value).toBe(125);
    expect(text).toContain('| 1,000 | 784 |');
    expect(text).toContain('$125 |');
    expect(text).toContain('https://workos.com/pricing');
  });
});
