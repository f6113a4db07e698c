import { describe, expect, it } from 'vitest';
import { type DeleteAnswer, deleteUntilDone, retryAfterMillis } from '../../../bin/bench/delete-until-done';

/** Runs deleteUntilDone against `answers`, in order, and returns what it did, step by step. */
async function trace(answers: DeleteAnswer[], maxAttempts?: number) {
  const steps: string[] = [];
  let next = 0;
  const result = await deleteUntilDone(
    {
      send: async () => {
        steps.push('send');
        const answer = answers[next++];
        if (answer === undefined) throw new Error('sent once too often');
        return answer;
      },
      sleep: async (ms) => {
        steps.push(`sleep ${ms}`);
      },
      idle: async () => {
        steps.push('idle');
      },
    },
    maxAttempts,
  ).then(
    (attempts) => `done in ${attempts}`,
    (error: Error) => error.message,
  );
  return { steps, result };
}

describe('deleteUntilDone', () => {
  it.each([
    { why: 'done at once', answers: [{ status: 204 }], steps: ['send'], result: 'done in 1' },
    {
      why: 'a 503 with Retry-After: wait it, then for the running invocation, then send again',
      answers: [{ status: 503, retryAfter: '1' }, { status: 204 }],
      steps: ['send', 'sleep 1000', 'idle', 'send'],
      result: 'done in 2',
    },
    {
      why: 'a 429 asking for 3 s, then a 503 without Retry-After (1 s)',
      answers: [{ status: 429, retryAfter: '3' }, { status: 503, retryAfter: null }, { status: 204 }],
      steps: ['send', 'sleep 3000', 'idle', 'send', 'sleep 1000', 'idle', 'send'],
      result: 'done in 3',
    },
    {
      why: 'another status: no retry',
      answers: [{ status: 404 }],
      steps: ['send'],
      result: 'delete: HTTP 404',
    },
  ])('$why', async ({ answers, steps, result }) => {
    expect(await trace(answers)).toEqual({ steps, result });
  });

  it('gives up after the last attempt, without waiting after it', async () => {
    const { steps, result } = await trace([{ status: 503 }, { status: 503 }], 2);
    expect(steps).toEqual(['send', 'sleep 1000', 'idle', 'send']);
    expect(result).toBe('delete: still 503 after 2 attempts');
  });
});

describe('retryAfterMillis', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  it.each([
    { header: '1', expected: 1000 },
    { header: ' 30 ', expected: 30_000 },
    { header: 'Tue, 01 Dec 2026 10:00:05 GMT', expected: 5000 },
    { header: 'Tue, 01 Dec 2026 09:59:00 GMT', expected: 0 },
    { header: null, expected: 1000 },
    { header: '', expected: 1000 },
    { header: 'soon', expected: 1000 },
  ])('$header → $expected ms', ({ header, expected }) => {
    expect(retryAfterMillis(header, 1000, now)).toBe(expected);
  });
});
