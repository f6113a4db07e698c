/**
 * The provisioning bus: events put on a custom EventBridge bus with PutEvents.
 *
 * EventBridge's limits (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html):
 * at most 10 entries per request, and a request's entries together under 256 KB, sized as
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/events/CalculatePutEventsEntrySize.html counts them (the UTF-8
 * bytes of Source, DetailType and Detail, and 14 bytes for Time; no Resources are set here). A request can succeed with
 * some entries refused (`FailedEntryCount`, an `ErrorCode` on the entry, in request order): those are sent
 * again with backoff, as https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevents.html asks,
 * then the put throws {@link UndeliveredEvents}, so that the stream's event source mapping retries the
 * records (at least once: an event is never dropped, a redelivered one keeps its `id`).
 */
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { ProvisioningEvent } from '../events/provisioning-event';

/** The `source` of every event: rules match on it (`{"source": ["scim-endpoint"]}`). */
export const EVENT_SOURCE = 'scim-endpoint';
/** PutEvents' limit on the entries of one request. */
export const MAX_ENTRIES_PER_PUT = 10;
/** PutEvents' limit on the size of one entry, and of a request's entries together. */
export const MAX_PUT_BYTES = 256 * 1024;
/** How often refused entries are sent again before the put throws. */
const FAILED_ENTRY_RETRIES = 5;

/** What the bus needs of an EventBridge client (an `EventBridgeClient`, or a test's stand-in). */
export interface PutEventsSender {
  send(command: PutEventsCommand): Promise<PutEventsCommandOutput>;
}

/** Events EventBridge did not take after the retries; the handler reports their stream records. */
export class UndeliveredEvents extends Error {
  constructor(
    readonly events: readonly ProvisioningEvent[],
    readonly errorCodes: readonly string[],
  ) {
    super(`${events.length} event(s) not put on the bus: ${[...new Set(errorCodes)].join(', ')}`);
    this.name = 'UndeliveredEvents';
  }
}

/** An entry's size as EventBridge counts it. */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (text: string | undefined) => Buffer.byteLength(text ?? '', 'utf8');
  return (
    (entry.Time === undefined ? 0 : 14) + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail)
  );
}

/**
 * The entry of an event. A detail too large for EventBridge (a user with very large extension attributes)
 * goes without its `resource` and with `truncated: true`: ids, names, `changedAttributes` and the version
 * still say what changed, and the consumer reads the resource itself (the reader) if it needs it. The
 * event's time is its commit's (`committedAt`), not the put's, so that an archive replays a window of
 * commits (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html).
 */
export function eventEntry(event: ProvisioningEvent, busName: string): PutEventsRequestEntry {
  const entry = (detail: object) => ({
    Time: new Date(event.detail.committedAt),
    Source: EVENT_SOURCE,
    DetailType: event.detailType,
    Detail: JSON.stringify(detail),
    EventBusName: busName,
  });
  const full = entry(event.detail);
  if (entrySize(full) <= MAX_PUT_BYTES) return full;
  const { resource: _dropped, ...rest } = event.detail as { resource?: unknown };
  const truncated = entry({ ...rest, truncated: true });
  if (entrySize(truncated) > MAX_PUT_BYTES)
    throw new Error(`Event ${event.detail.id} exceeds EventBridge's 256 KB even without its resource`);
  return truncated;
}

/** Consecutive groups of at most 10 entries and 256 KB, in order. */
export function putBatches<T>(items: readonly T[], sizeOf: (item: T) => number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length === MAX_ENTRIES_PER_PUT || (current.length > 0 && bytes + size > MAX_PUT_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

type Pending = { readonly event: ProvisioningEvent; readonly entry: PutEventsRequestEntry };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class EventBus {
  constructor(
    private readonly client: PutEventsSender,
    private readonly busName: string,
    /** Waits between retries; tests pass one that does not wait. */
    private readonly sleep: (ms: number) => Promise<void> = wait,
  ) {}

  /** Puts the events in order; throws {@link UndeliveredEvents} with those not put and every one after. */
  async put(events: readonly ProvisioningEvent[]): Promise<void> {
    const pending = events.map((event) => ({ event, entry: eventEntry(event, this.busName) }));
    const batches = putBatches(pending, (p) => entrySize(p.entry));
    for (const [index, batch] of batches.entries()) {
      const refused = await this.putUntilTaken(batch);
      if (refused.length > 0) {
        const later = batches.slice(index + 1).flat();
        throw new UndeliveredEvents(
          [...refused, ...later].map((p) => p.event),
          refused.map((p) => p.code),
        );
      }
    }
  }

  /** One batch, its refused entries sent again with exponential backoff; what is still refused after. */
  private async putUntilTaken(batch: readonly Pending[]): Promise<(Pending & { code: string })[]> {
    let left: (Pending & { code: string })[] = batch.map((p) => ({ ...p, code: '' }));
    for (let retry = 0; left.length > 0 && retry <= FAILED_ENTRY_RETRIES; retry++) {
      if (retry > 0) await this.sleep(Math.min(2000, 50 * 2 ** retry));
      const sent = left;
      const result = await this.client.send(new PutEventsCommand({ Entries: sent.map((p) => p.entry) }));
      if ((result.FailedEntryCount ?? 0) === 0) return [];
      // The response's entries are the request's, in the same order.
      left = sent.flatMap((p, i) => {
        const code = result.Entries?.[i]?.ErrorCode;
        return code === undefined ? [] : [{ ...p, code }];
      });
    }
    return left;
  }
}

/**
 * The bus of the deployed function, or, given `client`, of another sender of PutEvents commands (the local
 * endpoint's, which delivers the entries itself: EventBridge has no local form). Either way the entries are
 * built, sized, batched and retried as here.
 */
export function createEventBus(
  region: string,
  busName: string,
  client: PutEventsSender = new EventBridgeClient({ region }),
): EventBus {
  return new EventBus(client, busName);
}
