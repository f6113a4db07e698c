import { describe, expect, it } from 'vitest';
import type { CapacityRow, CostPerMillion, Mix, MixEntry } from '../../../bin/bench/bench-report';
import { FULLY_MAPPED } from '../../../bin/bench/capacity-operations';
import { FIRST_YEAR, perMillionOf } from '../../../bin/bench/cost';
import { ASSUMPTIONS } from '../../../bin/bench/cost-assumptions';
import {
  applyLevers,
  COST_LEVERS,
  type CostModel,
  LEVER_ITEMS,
  type LeverRow,
  leverRows,
  provisionedPerMillion,
  reachSummary,
  withStatuses,
} from '../../../bin/bench/cost-levers';
import { PRICES } from '../../../bin/bench/cost-prices';

const CREATE = `user create${FULLY_MAPPED}`;
const DELETE = `user delete${FULLY_MAPPED}`;
const PATCH = `user PATCH replace${FULLY_MAPPED}`;

const entry = (operation: string, share: number, fields: Partial<MixEntry>): MixEntry => ({
  operation,
  share,
  readUnits: 1,
  writeUnits: 2,
  durationMs: 20,
  requestLogLines: 1,
  responseBytes: 350,
  status: 204,
  ...fields,
});

/** A small mix with a create, a delete, a failed write (400) and a read, each unlike the others. */
const MIX: Mix = {
  name: 'synthetic',
  description: 'one of each kind',
  durations: 'assumed',
  init: { ms: 300, source: 'assumed' },
  mix: [
    entry('Test Connection probe', 0.2, { writeUnits: 0, requestLogLines: 0, status: 200 }),
    entry(CREATE, 0.4, { readUnits: 0, writeUnits: 10, status: 201, responseBytes: 1200 }),
    entry(DELETE, 0.1, { writeUnits: 14 }),
    entry('group add 1 member', 0.1, { writeUnits: 6, status: 400 }),
    entry('group add 100 members', 0.1, { readUnits: 200, writeUnits: 301, durationMs: 250 }),
    entry(PATCH, 0.1, {}),
  ],
};

const MODEL: CostModel = { mix: MIX, prices: PRICES, assumptions: ASSUMPTIONS };
/** Lever `n` (numbered from 1, as the report numbers them). */
const lever = (n: number) => {
  const found = COST_LEVERS[n - 1];
  if (found === undefined) throw new Error(`no lever ${n}`);
  return found;
};
const billOf = (model: CostModel) => perMillionOf(model.mix, model.prices, model.assumptions);
const entryOf = (model: CostModel, operation: string) => model.mix.mix.find((e) => e.operation === operation);

describe('each lever changes what it says in the mix, and nothing else', () => {
  it.each([
    {
      n: 2,
      operation: CREATE,
      field: 'writeUnits',
      after: 8,
      why: 'the count shard, 2 WCU in the transaction',
    },
    { n: 2, operation: DELETE, field: 'writeUnits', after: 12, why: 'the delete uncounts too' },
    { n: 2, operation: PATCH, field: 'writeUnits', after: 2, why: 'a PATCH counts nothing' },
    {
      n: 2,
      operation: 'group add 100 members',
      field: 'writeUnits',
      after: 301,
      why: 'nor does a member add',
    },
    {
      n: 3,
      operation: CREATE,
      field: 'writeUnits',
      after: 8,
      why: 'two lookup items, 2 WCU each, become 1 each',
    },
    {
      n: 3,
      operation: DELETE,
      field: 'writeUnits',
      after: 12,
      why: 'their index entries are deleted at 1 each',
    },
    { n: 3, operation: PATCH, field: 'writeUnits', after: 2, why: 'the lookups stay: no index write' },
    { n: 4, operation: CREATE, field: 'requestLogLines', after: 0, why: 'a 201 write loses its line' },
    {
      n: 4,
      operation: 'group add 1 member',
      field: 'requestLogLines',
      after: 1,
      why: 'a 400 keeps its line',
    },
    { n: 4, operation: 'Test Connection probe', field: 'requestLogLines', after: 0, why: 'a read had none' },
    {
      n: 6,
      operation: 'group add 100 members',
      field: 'writeUnits',
      after: 201,
      why: '100 puts at 1 WCU, not 2',
    },
    {
      n: 6,
      operation: 'group add 1 member',
      field: 'writeUnits',
      after: 6,
      why: 'one member keeps its transaction',
    },
    { n: 6, operation: CREATE, field: 'writeUnits', after: 10, why: 'a create adds no member' },
  ] as const)('lever $n on $operation: $field becomes $after ($why)', ({ n, operation, field, after }) => {
    const changed = lever(n).apply(MODEL);
    expect(entryOf(changed, operation)?.[field]).toBe(after);
    // Nothing else of the entry moves.
    const { [field]: _before, ...rest } = entryOf(MODEL, operation) ?? {};
    const { [field]: _after, ...restAfter } = entryOf(changed, operation) ?? {};
    expect(restAfter).toEqual(rest);
  });

  const LINES = [
    'apiGateway',
    'lambda',
    'lambdaInit',
    'dynamodb',
    'requestLog',
    'logs',
    'dataTransfer',
  ] as const;
  const base = billOf(MODEL);
  it.each([
    { n: 1, changed: ['apiGateway'] },
    { n: 2, changed: ['dynamodb'] },
    { n: 3, changed: ['dynamodb'] },
    { n: 4, changed: ['requestLog'] },
    { n: 5, changed: ['logs'] },
    { n: 6, changed: ['dynamodb'] },
    { n: 7, changed: ['dynamodb', 'requestLog'] },
  ])('lever $n moves only the bill lines $changed', ({ n, changed }) => {
    const bill = billOf(lever(n).apply(MODEL));
    const moved = LINES.filter((line) => bill[line] !== base[line]);
    expect(moved).toEqual(changed);
    expect(bill.total).toBeLessThan(base.total);
  });

  it.each([
    { n: 1, line: 'apiGateway', saving: 2.5, why: '$3.50 of REST against $1.00 of HTTP API per million' },
    { n: 5, line: 'logs', saving: 0.1234, why: '265 bytes a request at $0.50 per GB' },
    {
      n: 2,
      line: 'dynamodb',
      saving: (0.4 + 0.1) * 2 * 0.625,
      why: '2 WCU on the creates and deletes, half the mix',
    },
  ] as { n: number; line: keyof CostPerMillion; saving: number; why: string }[])(
    'lever $n saves $saving on $line ($why)',
    ({ n, line, saving }) => {
      expect(base[line] - billOf(lever(n).apply(MODEL))[line]).toBeCloseTo(saving, 4);
    },
  );
});

describe('provisioned capacity', () => {
  it.each([
    {
      perUnitHour: 0.00065,
      utilisation: 1,
      perMillion: 0.180556,
      why: 'a WCU-hour fully used: 3,600 writes',
    },
    { perUnitHour: 0.00065, utilisation: 0.5, perMillion: 0.361111, why: 'half used: twice the price' },
    { perUnitHour: 0.00013, utilisation: 0.5, perMillion: 0.072222, why: 'an RCU-hour half used' },
    {
      perUnitHour: 0.00065,
      utilisation: 0.00065 / (3600 * 0.625e-6),
      perMillion: 0.625,
      why: 'at the break-even use, the on-demand price',
    },
  ])('$perUnitHour $ per unit-hour at $utilisation use: $perMillion per million ($why)', (row) => {
    expect(provisionedPerMillion(row.perUnitHour, row.utilisation)).toBeCloseTo(row.perMillion, 6);
  });

  it('the lever prices every DynamoDB unit, the request log included, at the assumed use', () => {
    const { prices } = lever(7).apply(MODEL);
    expect(prices.dynamoWriteUnitPerMillion).toBeCloseTo(0.361111, 6);
    expect(prices.dynamoReadUnitPerMillion).toBeCloseTo(0.072222, 6);
    expect(ASSUMPTIONS.provisionedUtilisation).toBe(0.5);
  });
});

describe('applying levers', () => {
  it('no lever reproduces perMillionOf exactly', () => {
    const model = applyLevers(MODEL, []);
    expect(billOf(model)).toEqual(perMillionOf(MIX));
  });

  it('the levers change different figures: in reverse order they come to the same bill', () => {
    expect(billOf(applyLevers(MODEL, [...COST_LEVERS].reverse()))).toEqual(
      billOf(applyLevers(MODEL, COST_LEVERS)),
    );
  });

  it('every operation of the mixes says what a lever can change in it', () => {
    const operations = [...new Set(FIRST_YEAR.map((w) => w.operation))];
    expect(operations.filter((operation) => LEVER_ITEMS[operation] === undefined)).toEqual([]);
  });

  it('an operation it does not know is an error, not a silent "nothing changes"', () => {
    const unknown: CostModel = { ...MODEL, mix: { ...MIX, mix: [entry('user rename', 1, {})] } };
    expect(() => lever(2).apply(unknown)).toThrow(/No lever items for user rename/);
  });
});

describe('statuses of a report written before they were recorded', () => {
  const { status: _, ...withoutStatus } = entry(CREATE, 1, {});
  const old: Mix = { ...MIX, mix: [withoutStatus] };
  const row: CapacityRow = {
    operation: CREATE,
    status: 409,
    requests: 1,
    commands: 'TransactWriteItems',
    reportedUnits: 1,
    readUnits: 0,
    writeUnits: 2,
  };

  it.each([
    { what: 'taken from the capacity row', mix: old, rows: [row], status: 409 },
    { what: 'an entry keeps its own', mix: MIX, rows: [row], status: 201 },
  ])('$what', ({ mix, rows, status }) => {
    expect(withStatuses(mix, rows).mix.find((e) => e.operation === CREATE)?.status).toBe(status);
  });

  it('without either, the failures-only lever cannot tell and says so', () => {
    const model: CostModel = { ...MODEL, mix: withStatuses(old, []) };
    expect(() => lever(4).apply(model)).toThrow(/No HTTP status for user create/);
  });
});

describe('the levers table', () => {
  const rows = leverRows(MIX);

  it.each([
    { n: 1, keepsGuarantees: true, keepsUsagePlans: false },
    { n: 2, keepsGuarantees: true, keepsUsagePlans: true },
    { n: 3, keepsGuarantees: true, keepsUsagePlans: true },
    { n: 4, keepsGuarantees: true, keepsUsagePlans: true },
    { n: 5, keepsGuarantees: true, keepsUsagePlans: true },
    { n: 6, keepsGuarantees: false, keepsUsagePlans: true },
    { n: 7, keepsGuarantees: true, keepsUsagePlans: true },
  ])('lever $n keeps the guarantees: $keepsGuarantees, usage plans: $keepsUsagePlans', ({ n, ...flags }) => {
    expect(rows[n - 1]).toMatchObject({ levers: [n], ...flags });
  });

  it.each([
    { index: 7, levers: [2, 3, 4, 5, 7], keepsGuarantees: true, keepsUsagePlans: true },
    { index: 8, levers: [1, 2, 3, 4, 5, 6, 7], keepsGuarantees: false, keepsUsagePlans: false },
  ])('combined: levers $levers', ({ index, ...expected }) => {
    expect(rows[index]).toMatchObject(expected);
  });

  it('a saving is the default total less the row total', () => {
    const base = perMillionOf(MIX).total;
    for (const row of rows) expect(row.saving).toBeCloseTo(base - row.total, 4);
    expect(rows[0]?.saving).toBeCloseTo(2.5, 4);
  });
});

describe('which rows come under $7, in a sentence', () => {
  const row = (levers: number[], total: number): LeverRow => ({
    name: levers.length === 1 ? `lever ${levers[0]}` : `levers ${levers.join('+')}`,
    levers,
    keepsGuarantees: true,
    keepsUsagePlans: true,
    givesUp: '',
    total,
    saving: 0,
  });
  it.each([
    {
      rows: [row([1], 7.5), row([2], 8), row([1, 2], 7)],
      text: 'No lever alone comes under $7. Combined, levers 1+2: $7.00 (not under $7).',
    },
    {
      rows: [row([1], 6.5), row([2], 8), row([1, 2], 6)],
      text: 'Alone, 1 (lever 1, $6.50) comes under $7. Combined, levers 1+2: $6.00 (under $7).',
    },
    {
      rows: [row([1], 6.5), row([2], 6.9), row([1, 2], 5), row([1, 2, 3], 4)],
      text: 'Alone, 1 (lever 1, $6.50) and 2 (lever 2, $6.90) come under $7. Combined, levers 1+2: $5.00 (under $7); levers 1+2+3: $4.00 (under $7).',
    },
  ])('$text', ({ rows, text }) => {
    expect(reachSummary(rows)).toBe(text);
  });
});
