import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** DynamoDB requests and capacity units consumed, per command and in total. */
export interface CapacityTotals {
  requests: number;
  readUnits: number;
  writeUnits: number;
  readonly byCommand: Record<string, { requests: number; units: number }>;
}

const READ_COMMANDS = /^(Get|BatchGet|Query|Scan|TransactGet)/;

/**
 * Makes every request of `client` return its consumed capacity and adds it up: what the tests and the
 * benchmark report. Not used in the deployed functions.
 */
export function meterCapacity(client: DynamoDBDocumentClient): { totals: CapacityTotals; reset(): void } {
  const totals: CapacityTotals = { requests: 0, readUnits: 0, writeUnits: 0, byCommand: {} };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const command = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
      let units = 0;
      try {
        const result = await next(args);
        const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        units = (Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]).reduce(
          (sum: number, c: { CapacityUnits?: number }) => sum + (c.CapacityUnits ?? 0),
          0,
        );
        return result;
      } finally {
        // A request that failed (a cancelled transaction, say) was still sent, and counts.
        totals.requests++;
        if (READ_COMMANDS.test(command)) totals.readUnits += units;
        else totals.writeUnits += units;
        const entry = totals.byCommand[command] ?? { requests: 0, units: 0 };
        entry.requests++;
        entry.units += units;
        totals.byCommand[command] = entry;
      }
    },
    { step: 'initialize', name: 'capacityMeter' },
  );
  return {
    totals,
    reset: () => {
      totals.requests = 0;
      totals.readUnits = 0;
      totals.writeUnits = 0;
      for (const key of Object.keys(totals.byCommand)) delete totals.byCommand[key];
    },
  };
}
