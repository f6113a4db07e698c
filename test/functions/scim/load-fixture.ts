import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import {
  GROUP_RESOURCE_TYPE,
  type ResourceType,
  USER_RESOURCE_TYPE,
} from '../../../functions/scim/schema/resource-type';
import { ScimError } from '../../../functions/scim/scim-error';

/** A fixture of test/fixtures, parsed with JSON.parse (so a `__proto__` key stays an own property). */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** The error a case expects: the HTTP status and, for a 400, the RFC 7644 §3.12 `scimType`. */
export interface ExpectedError {
  readonly status: number;
  readonly scimType?: string;
}

/** Runs `run` and asserts it throws a ScimError, never any other error. */
export function expectScimError(run: () => unknown, expected: ExpectedError): ScimError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a ScimError to be thrown').toBeInstanceOf(ScimError);
  const error = thrown as ScimError;
  expect({ status: error.status, scimType: error.scimType }).toEqual({
    status: expected.status,
    scimType: expected.scimType,
  });
  return error;
}

export function resourceTypeNamed(name: 'User' | 'Group' | undefined): ResourceType {
  return name === 'Group' ? GROUP_RESOURCE_TYPE : USER_RESOURCE_TYPE;
}

/**
 * Expands the generators fixtures use for values too big to write out: `{"$string": "a", "times": 2049}`
 * is a string of 2049 "a", `{"$array": x, "times": 101}` an array of 101 copies of `x` (itself expanded).
 */
export function expand(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expand);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.$string === 'string' && typeof record.times === 'number') {
    return record.$string.repeat(record.times);
  }
  if ('$array' in record && typeof record.times === 'number') {
    return Array.from({ length: record.times }, () => expand(record.$array));
  }
  const output: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    Object.defineProperty(output, key, {
      value: expand(record[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return output;
}

/** Own property names of Object.prototype, to prove no input polluted it. */
export function prototypeSnapshot(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

/** Cases as `[name, case]` rows, for `it.each(named(cases))('%s', (_, c) => …)`: the full name is the title. */
export function named<T extends { readonly name: string }>(cases: readonly T[]): (readonly [string, T])[] {
  return cases.map((c) => [c.name, c] as const);
}
