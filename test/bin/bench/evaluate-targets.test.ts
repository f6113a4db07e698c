import { describe, expect, it } from 'vitest';
import type { BenchReport, CapacityRow, CostBreakdown, Mix, MixEntry } from '../../../bin/bench/bench-report';
import { FULLY_MAPPED } from '../../../bin/bench/capacity-operations';
import { costPerMillion } from '../../../bin/bench/cost';
import { evaluateTargets } from '../../../bin/bench/evaluate-targets';

const row = (operation: string, requests: number): CapacityRow => ({
  operation,
  status: 200,
  requests,
  commands: 'GetItem',
  reportedUnits: 1,
  readUnits: 1,
  writeUnits: 0,
});

const report = (rows: CapacityRow[]): BenchReport => ({
  date: '2026-01-01',
  command: 'npm run bench',
  machine: {},
  sizes: { smallTenant: 100, largeTenant: 200, members: 10, userGroups: 1, handlerUsers: 1, runs: 1 },
  capacity: { sizes: [100, 200], rows: { '100': rows, '200': rows } },
});

describe('evaluateTargets: capacity', () => {
  it('judges no operation against a minimum written to match the design', () => {
    const targets = evaluateTargets(report([row('user get', 9)]));
    expect(targets.map((t) => t.target)).toEqual([
      'Indexed lookups and single-member changes cost the same at 100 and 200 users',
    ]);
  });
});

/** A mix of one operation (a create of a fully mapped user, or the probe), billed as cost.test.ts checks by hand. */
const oneOperation = (fields: Partial<MixEntry>): CostBreakdown => {
  const mix: Mix = {
    name: 'one operation',
    description: 'one operation',
    durations: 'measured mean',
    init: { ms: 300, source: 'assumed' },
    mix: [
      {
        operation: `user create${FULLY_MAPPED}`,
        share: 1,
        readUnits: 1,
        writeUnits: 10,
        durationMs: 33.44,
        requestLogLines: 1,
        responseBytes: 1200,
        status: 201,
        ...fields,
      },
    ],
  };
  return costPerMillion(mix);
};

const costTargetOf = (cost: CostBreakdown[], rows: CapacityRow[] = []) =>
  evaluateTargets({ ...report(rows), cost }).find((t) => t.target.startsWith('Cost under $7'));

describe('evaluateTargets: cost', () => {
  it('a missed target names the levers table and what of it would come under $7, computed', () => {
    // $11.92 a million: at 50 % use, 6 WCU (count and lookups gone) cost $2.17, reads $0.07, no request-log
    // line, 985 log bytes $0.46: $7.03 with the other lines; an HTTP API takes $2.50 more off.
    const target = costTargetOf([oneOperation({})]);
    expect(target?.met).toBe(false);
    expect(target?.note).toContain('The levers table of section 5 for this mix');
    expect(target?.note).toContain(
      'No lever alone comes under $7. Combined, every lever that keeps the guarantees and usage plans (2, 3, 4, 5 and 7): $7.03 (not under $7); every lever: $4.53 (under $7).',
    );
    expect(target?.note).toContain('100 % of this mix are creates of a fully mapped user, 10 WCU each');
  });

  it('a lever that comes under $7 alone is named with its total', () => {
    const cost = oneOperation({ writeUnits: 6 });
    const target = costTargetOf([cost]);
    expect(cost.perMillion.total).toBeGreaterThan(7);
    expect(target?.note).toContain(
      `Alone, 1 (HTTP API instead of the REST API, $${(cost.perMillion.total - 2.5).toFixed(2)}) comes under $7.`,
    );
  });

  it('a report written before statuses were recorded takes them from the capacity rows', () => {
    // The create failed (409): its request-log line stays, at the provisioned price, $0.36 more.
    const { status: _, ...old } = oneOperation({}).mix[0] ?? { status: 0 };
    const cost = { ...oneOperation({}), mix: [old as MixEntry] };
    const failed = { ...row(`user create${FULLY_MAPPED}`, 1), status: 409 };
    expect(costTargetOf([cost], [failed])?.note).toContain('(2, 3, 4, 5 and 7): $7.39 (not under $7)');
  });

  it('a met target has no note', () => {
    const probe = oneOperation({
      operation: 'Test Connection probe',
      writeUnits: 0,
      requestLogLines: 0,
      status: 200,
    });
    expect(costTargetOf([probe])).toMatchObject({ met: true });
    expect(costTargetOf([probe])?.note).toBeUndefined();
  });
});

describe('evaluateTargets: cold starts', () => {
  const start = (fn: string, ratioToFloor: number, bundleBytes = 400_000) => ({
    function: fn,
    bundleBytes,
    importAndFirstRequestMs: 100 * ratioToFloor,
    processMs: 200,
    ratioToFloor,
  });
  const withStarts = (functions: ReturnType<typeof start>[]): BenchReport => ({
    ...report([]),
    coldStarts: {
      runs: 15,
      floor: { function: 'floor', bundleBytes: 200_000, importAndFirstRequestMs: 100, processMs: 180 },
      functions,
    },
  });
  const coldStart = (r: BenchReport) =>
    evaluateTargets(r).find((t) => t.target.startsWith('Import and first'));

  it.each([
    {
      functions: [start('users', 1.2), start('admin', 1.4)],
      met: true,
      says: [] as string[],
      not: ['admin'],
    },
    {
      functions: [start('users', 1.2), start('admin', 1.6)],
      met: false,
      says: ['admin ×1.6 (390.6 KB', 'three SDK clients'],
      not: [],
    },
    {
      functions: [start('users', 1.7), start('admin', 1.4)],
      met: false,
      says: ['users ×1.7'],
      not: ['three SDK clients'],
    },
  ])(
    'ratios $functions.0.ratioToFloor and $functions.1.ratioToFloor: met $met',
    ({ functions, met, says, not }) => {
      const target = coldStart(withStarts(functions));
      expect(target?.met).toBe(met);
      for (const part of says) expect(target?.note).toContain(part);
      for (const part of not) expect(target?.note ?? '').not.toContain(part);
    },
  );

  it('says what the floor carries when a bundle is over the limit', () => {
    const bundles = evaluateTargets(withStarts([start('users', 1.2, 400_000)])).find((t) =>
      t.target.startsWith('Every function bundle'),
    );
    expect(bundles).toMatchObject({
      met: false,
      note: expect.stringContaining("the environment's credentials only"),
    });
  });
});
