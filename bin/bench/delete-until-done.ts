/** What one DELETE answered: its status and its Retry-After header, if any. */
export interface DeleteAnswer {
  readonly status: number;
  readonly retryAfter?: string | null;
}

export interface DeleteSteps {
  /** Sends the DELETE once. */
  send(): Promise<DeleteAnswer>;
  /** Waits `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
  /**
   * Resolves once the previous invocation has stopped: the local gateway answers at the timeout but cannot
   * stop the handler, so its last DynamoDB requests may still be under way when the answer arrives.
   */
  idle(): Promise<void>;
}

/** The seconds a Retry-After header asks for (RFC 9110 §10.2.3: seconds or an HTTP date), or `fallback`. */
export function retryAfterMillis(
  header: string | null | undefined,
  fallback: number,
  now = Date.now(),
): number {
  if (header === null || header === undefined || header.trim() === '') return fallback;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? fallback : Math.max(0, date - now);
}

const RETRYABLE = new Set([429, 503]);

/**
 * A DELETE sent until it answers 204, one at a time, as an identity provider retries it: after a 503 or
 * 429 it waits what Retry-After asks (1 s without one), and does not send again while the previous
 * invocation is still running, so that no two sweeps of the group overlap. Returns the requests sent.
 */
export async function deleteUntilDone(steps: DeleteSteps, maxAttempts = 20): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const answer = await steps.send();
    if (answer.status === 204) return attempt;
    if (!RETRYABLE.has(answer.status)) throw new Error(`delete: HTTP ${answer.status}`);
    if (attempt >= maxAttempts) throw new Error(`delete: still ${answer.status} after ${attempt} attempts`);
    await steps.sleep(retryAfterMillis(answer.retryAfter, 1000));
    await steps.idle();
  }
}
