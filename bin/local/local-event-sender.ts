/**
 * A PutEvents sender for the local endpoint: functions/storage/event-bus.ts's `EventBus` builds the very
 * entries it puts on EventBridge in AWS (detail-type, Time, the Detail JSON, the size rules) and hands them
 * to this `send`, which keeps them in the local event store instead. EventBridge has no local form.
 */
import type { PutEventsCommand, PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import type { PutEventsSender } from '../../functions/storage/event-bus';
import { type CommitPosition, type LocalEventStore, positionKey } from './local-event-store';

/** Where the event of a detail id sits in commit order; the stream reader knows, from its batch. */
export type PositionOf = (eventId: string) => CommitPosition;

/** Every entry kept; the answer is EventBridge's for a request whose entries were all taken. */
export function localEventSender(store: LocalEventStore, positionOf: PositionOf): PutEventsSender {
  return {
    async send(command: PutEventsCommand): Promise<PutEventsCommandOutput> {
      const entries = command.input.Entries ?? [];
      for (const entry of entries) {
        const detail = JSON.parse(entry.Detail ?? '{}') as {
          id: string;
          tenantId: string;
          committedAt: string;
        };
        const time = entry.Time instanceof Date ? entry.Time.toISOString() : detail.committedAt;
        await store.save({
          id: detail.id,
          tenantId: detail.tenantId,
          detailType: entry.DetailType ?? '',
          time,
          source: entry.Source ?? '',
          detail: entry.Detail ?? '',
          position: positionKey(time, positionOf(detail.id)),
        });
      }
      return {
        FailedEntryCount: 0,
        Entries: entries.map((entry) => ({ EventId: JSON.parse(entry.Detail ?? '{}').id })),
        $metadata: {},
      };
    },
  };
}
