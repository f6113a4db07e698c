import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What the guard asks before a request is sent: throw to refuse it. */
export interface Deadline {
  check(): void;
}

const guarded = new WeakSet<DynamoDBDocumentClient>();

/**
 * Refuses every DynamoDB request of a request whose deadline has passed, before it is sent: once as a call
 * (above the SDK's retries) and before each attempt (below them, so that a retry of the SDK cannot send
 * one either). `deadline` finds the deadline of the request on whose behalf the call is made.
 */
export function guardDeadline(db: DynamoDBDocumentClient, deadline: () => Deadline | undefined): void {
  if (guarded.has(db)) return;
  guarded.add(db);
  db.middlewareStack.add(
    (next) => async (args) => {
      deadline()?.check();
      return next(args);
    },
    { step: 'initialize', name: 'requestDeadlineGuard', priority: 'high' },
  );
  db.middlewareStack.add(
    (next) => async (args) => {
      deadline()?.check();
      return next(args);
    },
    { step: 'finalizeRequest', name: 'requestDeadlineGuardPerAttempt', priority: 'low' },
  );
}
