import { isDeepStrictEqual } from 'node:util';
import { at, pick, type Sequence, type SequenceStep, substitute } from '../../support/sequence-format';

export type { Sequence, SequenceStep } from '../../support/sequence-format';

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
