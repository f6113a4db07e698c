import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { meterCapacity } from '../local/capacity-meter';
import type { OperationCost } from './bench-report';
import { billedUnits } from './capacity-model';
import { ItemSizes } from './item-sizes';

type Json = Record<string, unknown>;

export interface CostMeter {
  /** Starts a measurement: what the client sent before is forgotten. */
  start(): void;
  /** What the client's requests cost since `start`. */
  cost(): OperationCost;
}

/** The units a response reports: one entry, or one per table for batches and transactions. */
function reportedUnits(output: Json): number {
  const consumed = output.ConsumedCapacity;
  const entries: { CapacityUnits?: number }[] = Array.isArray(consumed)
    ? consumed
    : consumed
      ? [consumed]
      : [];
  return entries.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
}

/**
 * Meters `client`: the project's capacity meter (bin/local/capacity-meter.ts) counts its requests and the
 * units DynamoDB Local reports; beside it, each request's units by DynamoDB's billing rules
 * (capacity-model.ts), which DynamoDB Local does not report for transactions, by the sizes of the items it
 * has seen (item-sizes.ts).
 */
export function meterOperationCost(client: DynamoDBDocumentClient): CostMeter {
  const capacity = meterCapacity(client);
  // Kept across measurements: the items seeded and written before an operation are what it updates.
  const sizes = new ItemSizes();
  let billed = { read: 0, write: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
      const input = args.input as Json;
      let output: Json = {};
      let succeeded = false;
      try {
        const result = await next(args);
        output = result.output as Json;
        succeeded = true;
        return result;
      } finally {
        // A failed request (a transaction cancelled by a condition) was sent and is taken to be billed: its
        // units are modelled from its input. An assumption: a cancelled transaction's response reports no
        // capacity (https://github.com/paritysuite/dynamodb-conformance/pull/67), and AWS does not say.
        const units = billedUnits(command, input, output, reportedUnits(output), sizes);
        billed.read += units.read;
        billed.write += units.write;
        // After billing: a write is billed by the item as it was before.
        if (succeeded) sizes.learn(command, input, output);
      }
    },
    { step: 'initialize', name: 'benchmarkBilledUnits' },
  );
  return {
    start: () => {
      capacity.reset();
      billed = { read: 0, write: 0 };
    },
    cost: () => {
      const { totals } = capacity;
      const commands = Object.entries(totals.byCommand).map(([name, { requests }]) =>
        requests === 1 ? name : `${name}×${requests}`,
      );
      return {
        requests: totals.requests,
        commands: commands.join(', '),
        reportedUnits: totals.readUnits + totals.writeUnits,
        readUnits: billed.read,
        writeUnits: billed.write,
      };
    },
  };
}
