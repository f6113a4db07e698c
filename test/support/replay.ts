import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type ScimResult, scimRequest } from './scim-server';
import { at, pick, type Sequence, substitute } from './sequence-format';

export type { Sequence } from './sequence-format';

const SEQUENCES = join(import.meta.dirname, '..', 'fixtures', 'sequences');

export function loadSequences(): Sequence[] {
  return readdirSync(SEQUENCES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(SEQUENCES, f), 'utf8')) as Sequence);
}

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
