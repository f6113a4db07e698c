/**
 * Lambda entry point of the event function: the data table's stream, through its event source mapping, to
 * the provisioning bus. Events exist only for what the table committed (docs/events.md, Delivery).
 *
 * A batch's records are handled in order; the first record that cannot be decoded or built, or whose
 * events EventBridge did not take, is returned in `batchItemFailures` (ReportBatchItemFailures), and Lambda
 * retries from it: the records before it are done, those after it come again (their events may then be
 * put twice, with the same ids). Any other failure (the table unreadable) fails the whole batch, which the
 * mapping halves and retries (bisect), then sends to the dead-letter queue.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ENV, eventFunctionEnvironment, readEnvironment } from './config';
import { type BuildOptions, buildEvents } from './events/build-events';
import type { CommittedChange } from './events/committed-change';
import type { ProvisioningEvent } from './events/provisioning-event';
import { describeError, logger } from './http/logger';
import { deletingResources } from './storage/deleting-resources';
import { createDocumentClient } from './storage/dynamo-client';
import { createEventBus, UndeliveredEvents } from './storage/event-bus';
import { committedChanges } from './storage/stream-changes';

export interface StreamHandlerDependencies {
  /** Which resources of the changes are being deleted (read from the table). */
  readonly deleting: (changes: readonly CommittedChange[]) => Promise<BuildOptions['deleting']>;
  /** Puts events on the bus in order; throws UndeliveredEvents with those it could not. */
  readonly put: (events: readonly ProvisioningEvent[]) => Promise<void>;
}

/** A record and its changes, decoded. */
type Decoded = { readonly record: DynamoDBRecord; readonly changes: CommittedChange[] };

export function streamHandler(dependencies: StreamHandlerDependencies) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const records = event.Records;
    let failed = records.length; // the index of the first record not done
    const decoded: Decoded[] = [];
    for (const [index, record] of records.entries()) {
      const changes = attempt(record, () => committedChanges([record]));
      if (changes === undefined) {
        failed = index;
        break;
      }
      decoded.push({ record, changes });
    }
    const deleting = await dependencies.deleting(decoded.flatMap((d) => d.changes));
    const owner = new Map<ProvisioningEvent, number>();
    for (const [index, { record, changes }] of decoded.entries()) {
      const built = attempt(record, () => buildEvents(changes, { deleting }));
      if (built === undefined) {
        failed = Math.min(failed, index);
        break;
      }
      for (const e of built) owner.set(e, index);
    }
    const events = [...owner.keys()].filter((e) => (owner.get(e) ?? 0) < failed);
    failed = Math.min(failed, await undeliveredFrom(events, owner, dependencies.put));
    const first = records[failed]?.dynamodb?.SequenceNumber;
    return { batchItemFailures: first === undefined ? [] : [{ itemIdentifier: first }] };
  };
}

/** The result of `step` on one record, or undefined (logged) when it throws: a poison record. */
function attempt<T>(record: DynamoDBRecord, step: () => T): T | undefined {
  try {
    return step();
  } catch (error) {
    logger.error('A stream record gives no events', { eventID: record.eventID, ...describeError(error) });
    return undefined;
  }
}

/** The index of the first record with an event the bus did not take; Infinity when all were put. */
async function undeliveredFrom(
  events: readonly ProvisioningEvent[],
  owner: ReadonlyMap<ProvisioningEvent, number>,
  put: StreamHandlerDependencies['put'],
): Promise<number> {
  try {
    await put(events);
    return Number.POSITIVE_INFINITY;
  } catch (error) {
    if (!(error instanceof UndeliveredEvents)) throw error;
    logger.error('Events not put on the bus', {
      count: error.events.length,
      codes: error.errorCodes.join(','),
    });
    return Math.min(...error.events.map((e) => owner.get(e) ?? 0));
  }
}

const environment = readEnvironment(eventFunctionEnvironment);
const db = createDocumentClient({
  region: environment[ENV.AWS_REGION],
  endpoint: environment[ENV.DYNAMODB_ENDPOINT],
});
const bus = createEventBus(environment[ENV.AWS_REGION], environment[ENV.EVENT_BUS_NAME]);

export const handler = streamHandler({
  deleting: (changes) => deletingResources(db, environment[ENV.TABLE_NAME], changes),
  put: (events) => bus.put(events),
});
