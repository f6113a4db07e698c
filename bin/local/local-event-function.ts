/**
 * The event function as `npm start` runs it: the deployed function's own `streamHandler`
 * (functions/events.ts), with the real `deletingResources` on the local data table and the real `EventBus`,
 * whose PutEvents go to the local event store (local-event-sender.ts) instead of EventBridge.
 *
 * functions/events.ts reads its environment when imported, as at a cold start (TABLE_NAME,
 * EVENT_BUS_NAME): the caller sets it first; this module imports it only when called.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { ProvisioningEvent } from '../../functions/events/provisioning-event';
import { deletingResources } from '../../functions/storage/deleting-resources';
import { EventBus, type PutEventsSender } from '../../functions/storage/event-bus';
import { localEventSender } from './local-event-sender';
import type { CommitPosition, LocalEventStore } from './local-event-store';

/** The local bus's name (entries carry EventBusName; nothing reads it locally). */
export const LOCAL_EVENT_BUS_NAME = 'scim-local';

export type LocalEventFunction = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export interface LocalEventFunctionOptions {
  readonly db: DynamoDBDocumentClient;
  /** The data table. */
  readonly table: string;
  readonly store: LocalEventStore;
  /** Wraps the sender the bus sends to: tests inject PutEvents faults here. */
  readonly wrapSender?: (sender: PutEventsSender) => PutEventsSender;
  /** The bus's wait between retries of refused entries (default: the bus's own backoff). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The stream record of an event: its id is the record's eventID and the event's detail-type. */
function recordIdOf(eventId: string): string {
  return eventId.slice(0, eventId.lastIndexOf(':'));
}

export async function localEventFunction(options: LocalEventFunctionOptions): Promise<LocalEventFunction> {
  const { streamHandler } = await import('../../functions/events');
  let sequenceOf = new Map<string, string>();
  const positions = new Map<string, CommitPosition>();
  const positionOf = (eventId: string): CommitPosition =>
    positions.get(eventId) ?? { sequenceNumber: sequenceOf.get(recordIdOf(eventId)) ?? '0', index: 0 };
  const sender = localEventSender(options.store, positionOf);
  const bus = new EventBus(options.wrapSender?.(sender) ?? sender, LOCAL_EVENT_BUS_NAME, options.sleep);
  const handler = streamHandler({
    deleting: (changes) => deletingResources(options.db, options.table, changes),
    put: (events) => {
      remember(events);
      return bus.put(events);
    },
  });
  /** Each event's place among the events of its record, in the order the builder made them. */
  function remember(events: readonly ProvisioningEvent[]): void {
    const perRecord = new Map<string, number>();
    for (const { detail } of events) {
      const record = recordIdOf(detail.id);
      const index = perRecord.get(record) ?? 0;
      perRecord.set(record, index + 1);
      positions.set(detail.id, { sequenceNumber: sequenceOf.get(record) ?? '0', index });
    }
  }
  return async (event) => {
    sequenceOf = new Map(
      event.Records.map((r) => [r.eventID ?? '', r.dynamodb?.SequenceNumber ?? '0'] as const),
    );
    positions.clear();
    return handler(event);
  };
}
