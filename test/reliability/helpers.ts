/**
 * Shared helpers of the reliability tests: requests sent byte for byte (no URL normalisation, no automatic
 * Content-Type), SCIM error expectations, and reads that show whether anything was written.
 */
import { request as httpRequest } from 'node:http';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { keys } from '../../functions/storage/table-design';
import type { ScimResult, TestTenant } from '../support/scim-server';
import { TEST_TABLES } from '../support/test-tables';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_JSON = 'application/scim+json; charset=utf-8';

/**
 * A request exactly as given: the path is not normalised (`..`, `#`, `%2F` reach the server as written),
 * and no header is added except `Content-Length`. `fetch` would resolve dot segments and set a
 * Content-Type for string bodies, which would hide what these tests send.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Uint8Array,
): Promise<ScimResult> {
  const url = new URL(baseUrl);
  const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: `${url.pathname}${path}`,
        headers: { ...headers, ...(payload === undefined ? {} : { 'Content-Length': payload.length }) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined)
              responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          resolve({ status: response.statusCode ?? 0, headers: responseHeaders, text, body: json });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** The answer is an RFC 7644 §3.12 error with `status` (and `scimType`), as application/scim+json. */
export function expectScimError(response: ScimResult, status: number, scimType?: string, what = ''): void {
  const context = `${what} → ${response.status} ${response.text.slice(0, 300)}`;
  expect(response.status, context).toBe(status);
  expect(response.headers.get('content-type'), context).toBe(SCIM_JSON);
  expect(response.body, context).toEqual({
    schemas: [ERROR_SCHEMA],
    ...(scimType === undefined ? {} : { scimType }),
    detail: expect.any(String),
    status: String(status),
  });
}

/** The answer is a 503 a client retries: SCIM error JSON and a Retry-After header. Never a 401. */
export function expectRetryLater(response: ScimResult, what = ''): void {
  expect(response.status, `${what}: never 401`).not.toBe(401);
  expectScimError(response, 503, undefined, what);
  expect(response.headers.get('retry-after'), `${what}: Retry-After`).toMatch(/^\d+$/);
}

/** totalResults of the tenant's Users or Groups, as the API counts them. */
export async function countOf(tenant: TestTenant, endpoint: '/Users' | '/Groups'): Promise<number> {
  const response = await tenant.request('GET', `${endpoint}?count=0`);
  expect(response.status, response.text).toBe(200);
  return response.body.totalResults as number;
}

/** Every key of an object tree, at any depth: what a stored resource must not have gained. */
export function allKeys(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const item of value) allKeys(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      into.add(key);
      allKeys((value as Record<string, unknown>)[key], into);
    }
  }
  return into;
}

/** The stored item of a User or Group, read from the table itself (undefined if there is none). */
export async function storedItem(
  db: DynamoDBDocumentClient,
  tenantId: string,
  kind: 'User' | 'Group',
  id: string,
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: TEST_TABLES.data,
      Key: keys.resource(tenantId, kind, id),
      ConsistentRead: true,
    }),
  );
  return Item;
}

/** The items of one partition of the data table. */
export async function partition(db: DynamoDBDocumentClient, pk: string): Promise<Record<string, unknown>[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: TEST_TABLES.data,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

/** The membership items that name `memberId`, through gsi1 (the groups of a member). */
export async function membershipsOf(
  db: DynamoDBDocumentClient,
  tenantId: string,
  memberId: string,
): Promise<Record<string, unknown>[]> {
  const result = await db.send(
    new QueryCommand({
      TableName: TEST_TABLES.data,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.groupsOf(tenantId, memberId) },
    }),
  );
  return result.Items ?? [];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
