/**
 * The local endpoint's provisioning events: what `npm start` would have put on the bus, kept per tenant in a
 * DynamoDB Local table of its own (in .scim-local/ with the rest), in commit order, for
 * `npx scim-admin events list --local`. AWS keeps no such store: there the bus and its archive hold the
 * events (docs/events.md).
 *
 * An event is keyed by its commit's position: the commit time, then the stream record's sequence number
 * (which orders the records of a shard), then its place among the events of its record. A redelivered event
 * (the same record, so the same id and the same key) overwrites itself: the store holds each id once.
 */
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableDefinition } from '../../functions/storage/table-design';

/** The table of `npm start`'s events and of its stream reader's checkpoints. */
export const LOCAL_EVENTS_TABLE = 'scim-local-events';

export const LOCAL_EVENTS_DEFINITION: TableDefinition = { partitionKey: 'pk', sortKey: 'sk', indexes: [] };

/** An event as it was put on the bus: the PutEvents entry's detail-type, Time and Detail (a JSON string). */
export interface StoredEvent {
  readonly id: string;
  readonly tenantId: string;
  readonly detailType: string;
  /** The entry's Time (ISO 8601): the commit's. */
  readonly time: string;
  readonly source: string;
  /** The entry's Detail, exactly the JSON string that was put. */
  readonly detail: string;
  /** The sort key: commit order within the tenant. */
  readonly position: string;
}

/** Where an event sits among its tenant's events. */
export interface CommitPosition {
  /** The stream record's SequenceNumber (decimal digits). */
  readonly sequenceNumber: string;
  /** Its place among the events built from that record (0, 1). */
  readonly index: number;
}

/**
 * Sequence numbers have 21 to 40 digits
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html): padded to
 * 40 so that they sort as strings.
 */
const SEQUENCE_DIGITS = 40;

/** The sort key of an event: `<time>#<sequence number>#<index>`, so that it sorts by commit. */
export function positionKey(time: string, position: CommitPosition): string {
  return `${time}#${position.sequenceNumber.padStart(SEQUENCE_DIGITS, '0')}#${String(position.index).padStart(3, '0')}`;
}

const tenantPartition = (tenantId: string) => `EVENTS#${tenantId}`;

/** A page of a tenant's events, oldest first, and where the next page starts. */
export interface EventPage {
  readonly events: StoredEvent[];
  readonly next: Record<string, unknown> | undefined;
}

export class LocalEventStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string = LOCAL_EVENTS_TABLE,
  ) {}

  /** Keeps an event; the same event again (a redelivery) replaces itself with the same content. */
  async save(event: StoredEvent): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: tenantPartition(event.tenantId), sk: event.position, ...event },
      }),
    );
  }

  /** One page of a tenant's events after `after` (a position key, exclusive), oldest first. */
  async page(
    tenantId: string,
    after: string | undefined,
    start?: Record<string, unknown>,
  ): Promise<EventPage> {
    const result = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: after === undefined ? 'pk = :pk' : 'pk = :pk AND sk > :after',
        ExpressionAttributeValues: {
          ':pk': tenantPartition(tenantId),
          ...(after === undefined ? {} : { ':after': after }),
        },
        ConsistentRead: true,
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    );
    const events = (result.Items ?? []).map(storedEvent);
    return { events, next: result.LastEvaluatedKey };
  }

  /** Every event of a tenant after `after` (exclusive), oldest first. */
  async list(tenantId: string, after?: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.page(tenantId, after, start);
      events.push(...page.events);
      start = page.next;
    } while (start !== undefined);
    return events;
  }
}

function storedEvent(item: Record<string, unknown>): StoredEvent {
  return {
    id: String(item.id),
    tenantId: String(item.tenantId),
    detailType: String(item.detailType),
    time: String(item.time),
    source: String(item.source),
    detail: String(item.detail),
    position: String(item.position),
  };
}
