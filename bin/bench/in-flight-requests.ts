import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The DynamoDB requests of a client still under way, and a wait until there are none. */
export interface InFlightRequests {
  count(): number;
  /** Resolves once no request has been under way for `quietMillis` (polled every 20 ms). */
  idle(quietMillis?: number): Promise<void>;
}

const tracked = new WeakMap<DynamoDBDocumentClient, InFlightRequests>();

/**
 * Counts the requests `db` has under way (a middleware, added once per client). The local gateway runs
 * the handlers in this process and cannot stop one it has given up on: the count says when such an
 * invocation's work has ended.
 */
export function inFlightRequests(db: DynamoDBDocumentClient): InFlightRequests {
  const known = tracked.get(db);
  if (known !== undefined) return known;
  let running = 0;
  db.middlewareStack.add(
    (next) => async (args) => {
      running++;
      try {
        return await next(args);
      } finally {
        running--;
      }
    },
    { step: 'initialize', name: 'benchInFlightRequests' },
  );
  const idle = async (quietMillis = 200) => {
    let quietSince = running === 0 ? Date.now() : undefined;
    while (quietSince === undefined || Date.now() - quietSince < quietMillis) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (running > 0) quietSince = undefined;
      else quietSince ??= Date.now();
    }
  };
  const result = { count: () => running, idle };
  tracked.set(db, result);
  return result;
}
