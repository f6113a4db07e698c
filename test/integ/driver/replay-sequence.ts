import { isDeepStrictEqual } from 'node:util';

/**
 * A recorded request sequence of an identity provider, in the format of test/fixtures/sequences/*.json
 * (the same files test/sequences replays against the local endpoint).
 */
export interface Sequence {
  readonly name: string;
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

/** `actual` cut down to the shape of `expected` (the keys it names, arrays element by element). */
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

function parse(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What is wrong with one answer, or undefined; `variables` receives the step's captures. */
function check(step: SequenceStep, status: number, text: string, variables: Record<string, string>) {
  const statuses: readonly number[] = Array.isArray(step.expect.status)
    ? step.expect.status
    : [step.expect.status];
  if (!statuses.includes(status)) return `status ${status}, expected ${statuses.join(' or ')}: ${text}`;
  const body = parse(text);
  if (step.expect.body !== undefined) {
    const expected = substitute(step.expect.body, variables);
    const actual = pick(body, expected);
    if (!isDeepStrictEqual(actual, expected)) {
      return `body ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
    }
  }
  const present = (step.expect.absent ?? []).filter((path) => at(body, path) !== undefined);
  if (present.length > 0) return `${present.join(', ')} must be absent: ${text}`;
  for (const [name, path] of Object.entries(step.capture ?? {})) {
    const value = at(body, path);
    if (value === undefined) return `no ${path} to capture: ${text}`;
    variables[name] = String(value);
  }
  return undefined;
}

/**
 * Sends the sequence to `baseUrl` with the bearer `token`, step by step, and returns what went wrong:
 * nothing, or the first step that did not answer as recorded (later steps depend on its captures, so the
 * replay stops there). Unlike test/support/replay.ts it throws nothing, so that a Lambda function can
 * report the failure as data.
 */
export async function replaySequence(
  sequence: Sequence,
  baseUrl: string,
  token: string,
  run: string,
): Promise<string[]> {
  const variables: Record<string, string> = { run };
  for (const [name, value] of Object.entries(sequence.variables ?? {}))
    variables[name] = substitute(value, variables);
  for (const step of sequence.steps) {
    const request = substitute(step.request, variables);
    const separator = request.path.includes('?') ? '&' : '?';
    const path = sequence.query === undefined ? request.path : `${request.path}${separator}${sequence.query}`;
    const response = await fetch(`${baseUrl}${path}`, {
      method: request.method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(request.body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
        ...request.headers,
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    const text = await response.text();
    const problem = check(step, response.status, text, variables);
    if (problem !== undefined) return [`${sequence.name} › ${step.name}: ${problem.slice(0, 600)}`];
  }
  return [];
}
