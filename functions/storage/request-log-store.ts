import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { REQUEST_LOG_DAYS } from '../config';
import type { RequestLogEntry, RequestLogSink } from '../scim/request-log-port';
import { marshalled, plainClientOf } from './dynamo-client';
import { epochSeconds, keys, requestLogPatterns, TTL_ATTRIBUTE } from './table-design';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/**
 * How long a line that carries a body lives, if the log's retention is longer: a body holds personal
 * data (names, addresses) kept only to debug a failure now, so a day, not the log's 30; the rest of the
 * line goes with it (DynamoDB's TTL is per item). TTL deletes within a few days of expiresAt; `list`
 * leaves a line out from expiresAt on.
 */
export const BODY_RETENTION_HOURS = 24;
/** The lines `summary` reads at most: one Query of well under 1 MB. */
const SUMMARY_LINES = 1_000;

export interface RequestLogPage {
  readonly lines: readonly RequestLogEntry[];
  /** Where the next page starts, when there may be more. */
  readonly next?: Record<string, unknown>;
}

/** The tenants' request logs in the data table (table-design.ts, `keys.requestLog`). */
export class RequestLogStore implements RequestLogSink {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retentionDays: number;
  readonly #now: () => Date;

  constructor(
    db: DynamoDBDocumentClient,
    table: string,
    {
      retentionDays = REQUEST_LOG_DAYS.default,
      now = () => new Date(),
    }: { readonly retentionDays?: number; readonly now?: () => Date } = {},
  ) {
    this.#db = db;
    this.#table = table;
    this.#retentionDays = retentionDays;
    this.#now = now;
  }

  async write(tenant: string, entry: RequestLogEntry): Promise<void> {
    const retention = this.#retentionDays * DAY_MS;
    const kept = entry.body === undefined ? retention : Math.min(retention, BODY_RETENTION_HOURS * HOUR_MS);
    const expiresAt = epochSeconds(new Date(Date.parse(entry.time) + kept));
    const { TableName, Item } = requestLogPatterns.putLine(this.#table, tenant, { ...entry }, expiresAt);
    // A line per write: the plain client, with the item marshalled here (dynamo-client.ts, plainClientOf).
    await plainClientOf(this.#db).send(new PutItemCommand({ TableName, Item: marshalled(Item ?? {}) }));
  }

  /**
   * A page of lines from `since` on, oldest first, `limit` at most, after the line whose sort key is `after`;
   * `next` is the sort key to pass as `after` for the next page, when there may be one.
   */
  async page(
    tenant: string,
    since: Date,
    limit: number,
    after?: string,
  ): Promise<{ lines: readonly RequestLogEntry[]; next?: string }> {
    const startKey = after === undefined ? undefined : { pk: keys.requestLogOf(tenant), sk: after };
    const page = await this.list(tenant, since, { limit, ...(startKey === undefined ? {} : { startKey }) });
    const sk = page.next?.sk;
    return { lines: page.lines, ...(typeof sk === 'string' ? { next: sk } : {}) };
  }

  /**
   * What `tenants show` says of the log: the newest line's time, how many writes and failures the last 24
   * hours hold (counted on the newest SUMMARY_LINES at most: `+` when there are more), and the newest
   * failure with its hint. One Query, newest first.
   */
  async summary(tenant: string): Promise<Record<string, string | number>> {
    const now = this.#now();
    const page = await this.list(tenant, new Date(now.getTime() - DAY_MS), {
      limit: SUMMARY_LINES,
      newestFirst: true,
    });
    const failures = page.lines.filter((line) => line.status >= 400);
    const more = page.next === undefined ? '' : '+';
    const lastError = failures[0];
    return {
      ...(page.lines[0] === undefined ? {} : { lastRequestAt: page.lines[0].time }),
      writesAndFailuresLast24h: `${page.lines.length}${more}`,
      failuresLast24h: `${failures.length}${more}`,
      ...(lastError === undefined
        ? {}
        : {
            lastError: [
              lastError.time,
              lastError.status,
              lastError.method,
              lastError.path,
              lastError.scimType,
            ]
              .filter((part) => part !== undefined)
              .join(' '),
            ...(lastError.hint === undefined ? {} : { lastErrorHint: lastError.hint }),
          }),
    };
  }

  /** Lines from `since` on, oldest first (newest first with `newestFirst`); expired ones left out. */
  async list(
    tenant: string,
    since: Date,
    {
      limit = 100,
      newestFirst = false,
      startKey,
    }: { limit?: number; newestFirst?: boolean; startKey?: Record<string, unknown> } = {},
  ): Promise<RequestLogPage> {
    const output = await this.#db.send(
      new QueryCommand(
        requestLogPatterns.queryLines(this.#table, tenant, since.toISOString(), limit, {
          newestFirst,
          ...(startKey === undefined ? {} : { startKey }),
        }),
      ),
    );
    const now = epochSeconds(this.#now());
    const lines = (output.Items ?? [])
      .filter((item) => typeof item[TTL_ATTRIBUTE] !== 'number' || (item[TTL_ATTRIBUTE] as number) > now)
      .map(({ pk: _pk, sk: _sk, [TTL_ATTRIBUTE]: _ttl, ...line }) => line as unknown as RequestLogEntry);
    return { lines, ...(output.LastEvaluatedKey === undefined ? {} : { next: output.LastEvaluatedKey }) };
  }
}
