import fc from 'fast-check';
import { expect } from 'vitest';
import { ScimError, type ScimType } from '../../../../functions/scim/scim-error';

/**
 * Property-based tests are seeded: the same seed generates the same cases, so a failure reproduces.
 * `FC_SEED` and `FC_RUNS` override the defaults; `FC_PATH` (printed by fast-check with a failure, together
 * with the seed) replays one failing case and its shrinking: `FC_SEED=… FC_PATH=… npx vitest run …`.
 */
export const SEED = Number.parseInt(process.env.FC_SEED ?? '20261122', 10);
export const RUNS = Number.parseInt(process.env.FC_RUNS ?? '10000', 10);
const PATH = process.env.FC_PATH;

if (!Number.isSafeInteger(SEED) || !Number.isSafeInteger(RUNS) || RUNS < 1) {
  throw new Error(
    `FC_SEED and FC_RUNS must be integers (got ${process.env.FC_SEED}, ${process.env.FC_RUNS})`,
  );
}

/** For the properties that add strength to an area's main one: half as many runs, to bound the runtime. */
export const SECONDARY_RUNS = Math.ceil(RUNS / 2);

/** What a test title shows, so that a failing run names the seed that reproduces it. */
export const SEED_LABEL = `seed ${SEED}, ${RUNS} runs`;

/** Checks `property` with the run's parameters: fast-check reports `seed` and `path` on failure. */
export function assertProperty<Ts>(property: fc.IProperty<Ts>, runs: number = RUNS): void {
  fc.assert(property, { seed: SEED, numRuns: runs, ...(PATH === undefined ? {} : { path: PATH }) });
}

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ScimError };

/**
 * Runs `call` and sorts out what happened. The only allowed outcomes are a result or a `ScimError` with a
 * 4xx status (and, when given, one of `scimTypes`); any other exception or a 5xx fails the property, with
 * the original exception rethrown so that its stack trace shows where it came from. (Speed is not asserted
 * here — tests make no timing assertions; super-linear work shows in `npm run bench` and in vitest's
 * per-test timeout.)
 */
export function outcome<T>(call: () => T, scimTypes?: readonly (ScimType | undefined)[]): Outcome<T> {
  let result: Outcome<T>;
  try {
    result = { ok: true, value: call() };
  } catch (error) {
    if (!(error instanceof ScimError)) throw error;
    if (error.status < 400 || error.status > 499) {
      throw new Error(`A ScimError with status ${error.status} (${error.scimType}): ${error.detail}`);
    }
    if (scimTypes !== undefined && !scimTypes.includes(error.scimType)) {
      throw new Error(
        `A ScimError of scimType ${error.scimType}, not ${scimTypes.join('/')}: ${error.detail}`,
      );
    }
    result = { ok: false, error };
  }
  return result;
}

/**
 * Freezes `value` and everything reachable from it: a core function that writes to its input then throws a
 * TypeError (modules are strict), which the property reports. Returns `value`.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return value;
}

/** Builds an object with own, enumerable properties, even for keys like `__proto__` (as JSON.parse does). */
export function objectFrom(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(output, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return output;
}

/** Own property names of Object.prototype, to prove no input polluted it. */
export function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

/** Asserted after every property of a file: nothing reached Object.prototype. */
export function expectUnpollutedPrototype(before: readonly string[]): void {
  expect(prototypeKeys()).toEqual(before);
  expect(Object.keys(Object.prototype)).toEqual([]);
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
}

/**
 * A cheap assertion for the hot path of a property (vitest's expect costs more than the call it checks):
 * throws, with both values, unless `actual` is `expected`.
 */
export function same<T>(actual: T, expected: T, what: string): void {
  if (!Object.is(actual, expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** A JSON value as JSON.parse would give it: plain objects and arrays, own keys only. */
export function isJsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether every object reachable from `value` is a plain object or array, with the usual prototype. */
export function hasOrdinaryPrototypes(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  const prototype = Object.getPrototypeOf(value);
  if (Array.isArray(value)) return prototype === Array.prototype && value.every(hasOrdinaryPrototypes);
  return prototype === Object.prototype && Object.values(value).every(hasOrdinaryPrototypes);
}

/**
 * Any UTF-16 code unit (lone surrogates included), astral characters, combining marks. Shared, because
 * `fc.string({unit: 'binary'})` takes about a second to build each time.
 */
const anyUnit = fc.oneof(
  { weight: 8, arbitrary: fc.nat({ max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom('😀', '\u{10FFFF}', 'e\u0301', '\u0000', '\u2028') },
);

/** Strings of any code units, up to `maxLength` of them. */
export function anyString(maxLength: number): fc.Arbitrary<string> {
  return fc.string({ maxLength, unit: anyUnit });
}

/**
 * `count` edits of `text`, each inserting, deleting or replacing one character, with characters drawn from
 * the grammar's own alphabet so that the result stays close to valid input, where bugs hide.
 */
export function mutated(text: fc.Arbitrary<string>, alphabet: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.record({
    kind: fc.constantFrom('insert', 'delete', 'replace', 'truncate', 'duplicate'),
    at: fc.nat(),
    piece: fc.oneof(fc.constantFrom(...alphabet), anyString(3)),
  });
  return fc.tuple(text, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([start, edits]) => {
    let s = start;
    for (const { kind, at, piece } of edits) {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      if (kind === 'insert') s = s.slice(0, i) + piece + s.slice(i);
      else if (kind === 'delete') s = s.slice(0, i) + s.slice(i + 1);
      else if (kind === 'replace') s = s.slice(0, i) + piece + s.slice(i + piece.length);
      else if (kind === 'truncate') s = s.slice(0, i);
      else s = s.slice(0, i) + s.slice(i, i + 8) + s.slice(i);
    }
    return s;
  });
}
