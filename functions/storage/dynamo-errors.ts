import { ScimError } from '../scim/scim-error';

/** Errors after which the same request will likely succeed: DynamoDB throttled, failed or did not answer. */
const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  // A plain write that met an ongoing transaction on the same item: the same write succeeds a moment later.
  'TransactionConflictException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  // The network between the function and DynamoDB: name resolution or routing failed.
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, $metadata, $retryable } = error as {
    code?: unknown;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  // What the SDK itself would retry: a 5xx of DynamoDB or of anything in between, or an error it marks
  // retryable. By the time it reaches us the SDK's retries are used up; the client retries later.
  const status = $metadata?.httpStatusCode ?? 0;
  return (
    TRANSIENT.has(error.name) ||
    (typeof code === 'string' && TRANSIENT.has(code)) ||
    (status >= 500 && status <= 599) ||
    $retryable !== undefined
  );
}

/** The reason codes of a cancelled transaction, one per item; undefined for any other error. */
export function cancellationReasons(error: unknown): readonly string[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}

/**
 * Sends a request, turning transient failures (after the SDK's own retries) into a 503 with Retry-After.
 * Everything else is rethrown for the caller to understand, or to become a 500.
 */
export async function send<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (isTransient(error))
      throw ScimError.unavailable('The data store is temporarily unavailable, retry later');
    const reasons = cancellationReasons(error);
    if (reasons?.some((r) => r === 'ThrottlingError' || r === 'ProvisionedThroughputExceeded')) {
      throw ScimError.unavailable('The data store is temporarily unavailable, retry later');
    }
    throw error;
  }
}

/**
 * Sends a conditional write (as `send` does); undefined when its condition does not hold, which callers read
 * as "not there" or "not in that state" rather than as a failure.
 */
export async function sendIfConditionHolds<T>(request: () => Promise<T>): Promise<T | undefined> {
  try {
    return await send(request);
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}

/**
 * Runs `attempt` again while it fails with a transaction conflict (two transactions touched one item at
 * once), with jittered backoff; persistent contention becomes a 503.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, attempts = 6): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const reasons = cancellationReasons(error);
      const conflict =
        (reasons?.includes('TransactionConflict') ?? false) && !reasons?.includes('ConditionalCheckFailed');
      if (!conflict) throw error;
      if (i >= attempts) throw ScimError.unavailable('The resource is busy, retry later');
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** i));
    }
  }
}
