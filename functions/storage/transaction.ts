import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, send } from './dynamo-errors';

/** One action of a TransactWriteItems request. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * DynamoDB's limit on the actions of one transaction; each item may be the target of one action only
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
 */
export const MAX_TRANSACTION_ITEMS = 100;

/**
 * A transaction whose every action is named by the part it plays (`resource`, `uniqueName`,
 * `memberExists:<id>` …). A cancelled transaction's CancellationReasons come one per action, in order
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html#API_TransactWriteItems_Errors),
 * so the roles say what each reason means without anyone counting positions.
 */
export interface Transaction {
  readonly TransactItems: TransactItem[];
  /** `roles[i]` is the part `TransactItems[i]` plays. */
  readonly roles: readonly string[];
}

/** A transaction of `[role, action]` pairs, in order. */
export function transaction(actions: readonly (readonly [string, TransactItem])[]): Transaction {
  return { TransactItems: actions.map(([, item]) => item), roles: actions.map(([role]) => role) };
}

/** Several transactions' actions as one transaction. */
export function joined(...parts: readonly Transaction[]): Transaction {
  return {
    TransactItems: parts.flatMap((part) => part.TransactItems),
    roles: parts.flatMap((part) => part.roles),
  };
}

/** The roles whose condition failed, of each cancelled transaction's error (see writeTransaction). */
const failedRoles = new WeakMap<object, ReadonlySet<string>>();

/**
 * Sends a transaction (as `send` does: transient failures become a 503). A cancelled transaction's error
 * is rethrown knowing which roles' conditions failed: failedConditions reads them, wherever it is caught.
 */
export async function writeTransaction(db: DynamoDBDocumentClient, written: Transaction): Promise<void> {
  try {
    await send(() => db.send(new TransactWriteCommand({ TransactItems: written.TransactItems })));
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons !== undefined) {
      const failed = new Set<string>();
      reasons.forEach((code, index) => {
        const role = written.roles[index];
        if (code === 'ConditionalCheckFailed' && role !== undefined) failed.add(role);
      });
      failedRoles.set(error as object, failed);
    }
    throw error;
  }
}

/** The roles whose condition failed, if `error` cancelled a transaction sent by writeTransaction. */
export function failedConditions(error: unknown): ReadonlySet<string> | undefined {
  return typeof error === 'object' && error !== null ? failedRoles.get(error) : undefined;
}
