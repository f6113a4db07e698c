import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type ScimResult, scimRequest } from './scim-server';

/** A recorded request sequence of an identity provider (test/fixtures/sequences/*.json). */
export interface Sequence {
  readonly name: string;
  readonly description: string;
  readonly sources: readonly string[];
  /** Appended to every request path, as Entra appends the Tenant URL's query string (`aadOptscim062020`). */
  readonly query?: string;
  readonly variables?: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}

interface Step {
  readonly name: string;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: unknown;
  };
  readonly capture?: Readonly<Record<string, string>>;
  readonly expect: {
    readonly status: number | readonly number[];
    readonly body?: unknown;
    readonly absent?: readonly string[];
  };
}

const SEQUENCES = join(import.meta.dirname, '..', 'fixtures', 'sequences');

export function loadSequences(): Sequence[] {
  return readdirSync(SEQUENCES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(SEQUENCES, f), 'utf8')) as Sequence);
}

function substitute<T>(value: T, variables: Readonly<Record<string, string>>): T {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => variables[name] ?? whole) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, variables)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, variables)])) as T;
  }
  return value;
}

function at(body: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], body);
}

/**
 * `actual` cut down to the shape of `expected`: the keys `expected` names, and arrays element by element
 * (keeping their length), so that `toEqual(expected)` is a partial match.
 */
function pick(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) ? actual.map((a, i) => pick(a, expected[i] ?? expected[0])) : actual;
  }
  if (expected !== null && typeof expected === 'object' && actual !== null && typeof actual === 'object') {
    return Object.fromEntries(
      Object.keys(expected).map((k) => [k, pick((actual as never)[k], (expected as never)[k])]),
    );
  }
  return actual;
}

/**
 * Replays a sequence against `baseUrl` with `token`: each step's request, then its expectations. Returns the
 * responses, so that callers can look further.
 */
export async function replay(sequence: Sequence, baseUrl: string, token: string): Promise<ScimResult[]> {
  const variables: Record<string, string> = { run: randomBytes(4).toString('hex') };
  for (const [name, value] of Object.entries(sequence.variables ?? {}))
    variables[name] = substitute(value, variables);
  const results: ScimResult[] = [];
  for (const step of sequence.steps) {
    const request = substitute(step.request, variables);
    const separator = request.path.includes('?') ? '&' : '?';
    const path = sequence.query === undefined ? request.path : `${request.path}${separator}${sequence.query}`;
    const result = await scimRequest(
      `${baseUrl}${path}`,
      request.method,
      {
        Authorization: `Bearer ${token}`,
        ...(request.body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
        ...request.headers,
      },
      request.body,
    );
    results.push(result);
    const statuses = Array.isArray(step.expect.status) ? step.expect.status : [step.expect.status];
    expect(
      statuses,
      `${sequence.name} › ${step.name}: status ${result.status} ${result.text.slice(0, 300)}`,
    ).toContain(result.status);
    if (step.expect.body !== undefined) {
      const expected = substitute(step.expect.body, variables);
      expect(pick(result.body, expected), `${sequence.name} › ${step.name}`).toEqual(expected);
    }
    for (const path of step.expect.absent ?? []) {
      expect(
        at(result.body, path),
        `${sequence.name} › ${step.name}: ${path} must be absent`,
      ).toBeUndefined();
    }
    for (const [name, path] of Object.entries(step.capture ?? {})) {
      const value = at(result.body, path);
      expect(value, `${sequence.name} › ${step.name}: capture ${path}`).toBeDefined();
      variables[name] = String(value);
    }
  }
  return results;
}
