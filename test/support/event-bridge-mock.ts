import {
  EventBridgeServiceException,
  type PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';

/** PutEvents' limits as AWS states them, not as the code under test does (API_PutEvents.html). */
const MAX_ENTRIES_PER_PUT = 10;
const MAX_PUT_BYTES = 256 * 1024;

export interface EventBridgeMockOptions {
  /**
   * Per-entry refusals injected: the ErrorCode EventBridge would give this entry on this call (1, 2, …), or
   * undefined to take it. Refused entries are not on the bus.
   */
  readonly refuse?: (entry: PutEventsRequestEntry, call: number) => string | undefined;
}

/** PutEvents' request-level refusal (not modelled as a class of its own by the SDK). */
const invalid = (message: string) =>
  new EventBridgeServiceException({
    name: 'ValidationException',
    $fault: 'client',
    message,
    $metadata: { httpStatusCode: 400 },
  });

/**
 * A stand-in for EventBridge's PutEvents (EventBridge has no local form) that refuses what EventBridge
 * refuses (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html): more than 10
 * entries, or entries together over 256 KB, fail the whole request (ValidationException); an entry it
 * refuses is answered in place, in request order, with its ErrorCode and counted in FailedEntryCount.
 * `bus` holds the entries taken, in order; `requests` the entry count of every request sent.
 */
export function eventBridgeMock(options: EventBridgeMockOptions = {}) {
  const bus: PutEventsRequestEntry[] = [];
  const requests: number[] = [];
  let calls = 0;
  return {
    bus,
    requests,
    async send(command: PutEventsCommand): Promise<PutEventsCommandOutput> {
      await Promise.resolve();
      const entries = command.input.Entries ?? [];
      calls++;
      requests.push(entries.length);
      if (entries.length < 1 || entries.length > MAX_ENTRIES_PER_PUT)
        throw invalid(`Entries must hold 1 to ${MAX_ENTRIES_PER_PUT} entries, not ${entries.length}`);
      // Sized as EventBridge documents it, independently of the code under test: 14 bytes for Time, the UTF-8
      // bytes of Source, DetailType and Detail (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html).
      const utf8 = (text: string | undefined) => Buffer.byteLength(text ?? '', 'utf8');
      const bytes = entries.reduce(
        (sum, e) =>
          sum + (e.Time === undefined ? 0 : 14) + utf8(e.Source) + utf8(e.DetailType) + utf8(e.Detail),
        0,
      );
      if (bytes > MAX_PUT_BYTES) throw invalid(`Total size of the entries in the request is over the limit`);
      const answers = entries.map((entry) => {
        const code = options.refuse?.(entry, calls);
        if (code !== undefined) return { ErrorCode: code, ErrorMessage: `refused: ${code}` };
        bus.push(entry);
        return { EventId: `event-${bus.length}` };
      });
      return {
        FailedEntryCount: answers.filter((a) => 'ErrorCode' in a).length,
        Entries: answers,
        $metadata: { httpStatusCode: 200 },
      };
    },
  };
}
