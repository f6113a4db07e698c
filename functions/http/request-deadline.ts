import { AsyncLocalStorage } from 'node:async_hooks';
import { ScimError } from '../scim/scim-error';

/**
 * The time a request may still use, from Lambda's `context.getRemainingTimeInMillis()`, less a margin
 * to answer in. Past it the request stops: no DynamoDB request is sent any more (see
 * functions/storage/deadline-guard.ts), so that its work cannot go on after the answer.
 *
 * Why it must stop rather than just answer: once the handler returns, Lambda freezes the execution
 * environment, and whatever the function was still doing resumes when the environment is thawed for the
 * next invocation, racing that one (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html,
 * "Invoke phase"; https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html). Every long operation
 * here (member sweeps, scans) is idempotent, so the client's retry continues where this one stopped.
 */
export class RequestDeadline {
  private readonly controller = new AbortController();

  constructor(
    private readonly remainingMillis: () => number,
    readonly marginMillis: number,
  ) {}

  /** Aborted once the deadline has passed. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** How long until the deadline, in milliseconds (Infinity without a remaining time). */
  millisLeft(): number {
    return this.remainingMillis() - this.marginMillis;
  }

  /** Whether the deadline has passed; once it has, it stays passed. */
  get passed(): boolean {
    if (!this.controller.signal.aborted && this.millisLeft() <= 0) this.expire();
    return this.controller.signal.aborted;
  }

  expire(): void {
    if (!this.controller.signal.aborted) this.controller.abort(RequestDeadline.error());
  }

  /** Throws the 503 a client retries once the deadline has passed. */
  check(): void {
    if (this.passed) throw RequestDeadline.error();
  }

  static error(): ScimError {
    return ScimError.unavailable('The request took too long; retry it to continue where it stopped');
  }
}

const current = new AsyncLocalStorage<RequestDeadline>();

/** Runs `work` with `deadline` as the current request's deadline, for everything it calls or starts. */
export function runWithDeadline<T>(deadline: RequestDeadline, work: () => Promise<T>): Promise<T> {
  return current.run(deadline, work);
}

/** The deadline of the request whose work is running, if any. */
export function currentDeadline(): RequestDeadline | undefined {
  return current.getStore();
}
