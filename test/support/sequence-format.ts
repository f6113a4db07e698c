/**
 * The format of a recorded identity-provider sequence (test/fixtures/sequences/*.json) and the pure helpers
 * that replay it. Shared by test/sequences (against the local endpoint) and the integration test's driver
 * (against a deployed Tenant URL), so it imports nothing of Node or vitest.
 */
export interface Sequence {
  readonly name: string;
  readonly description?: string;
  readonly sources?: readonly string[];
  /** Appended to every request path, as Entra appends the Tenant URL's query string (`aadOptscim062020`). */
  readonly query?: string;
  readonly variables?: Readonly<Record<string, string>>;
  readonly steps: readonly SequenceStep[];
}

export interface SequenceStep {
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

/** `value` with every `{{name}}` replaced by the variable of that name. */
export function substitute<T>(value: T, variables: Readonly<Record<string, string>>): T {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => variables[name] ?? whole) as T;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, variables)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, variables)])) as T;
  }
  return value;
}

/** The value at a dotted path of a response body. */
export function at(body: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], body);
}

/**
 * `actual` cut down to the shape of `expected`: the keys `expected` names, and arrays element by element
 * (keeping their length), so that comparing it with `expected` is a partial match.
 */
export function pick(actual: unknown, expected: unknown): unknown {
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
