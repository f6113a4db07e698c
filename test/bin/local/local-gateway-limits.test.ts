import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { LOCAL_GATEWAY_RESPONSES, localGateway, type ProxyHandler } from '../../../bin/local/local-gateway';
import type { Authorization } from '../../../functions/auth/authorize';
import { type ErrorEntry, errorHeaders } from '../../../functions/scim/error-catalogue';
import { deployed, expectGatewayResponse } from './deployed-gateway-response';

const MiB = 1024 * 1024;

/**
 * The local gateway in front of a FAKE FUNCTION (`handler`, standing in for the Lambda functions, which are
 * what these limits are about) and a FAKE AUTHORIZER that allows every request unless told otherwise.
 */
async function gateway(
  handler: ProxyHandler,
  options: {
    integrationTimeoutMillis?: number;
    functionTimeoutMillis?: number;
    authorize?: () => Promise<Authorization>;
  } = {},
) {
  const http = createServer(
    localGateway({
      handlers: { users: handler, groups: handler, discovery: handler },
      authorize: async () => ({
        allowed: true,
        credential: { kind: 'token', hash: 'h' },
        tenantId: 'tenant',
        tokenId: 'id',
      }),
      authorizerCacheTtlSeconds: 0,
      ...options,
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/scim/v2/Users`;
  return {
    send: async (method = 'GET', body?: string) => {
      const response = await fetch(url, {
        method,
        headers: { Authorization: 'Bearer t', 'Content-Type': 'application/scim+json' },
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    },
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

const answering =
  (body: string, calls: { count: number } = { count: 0 }): ProxyHandler =>
  async () => {
    calls.count++;
    return { statusCode: 200, headers: { 'Content-Type': 'application/scim+json' }, body };
  };

describe("the local gateway's own answers", () => {
  it.each(Object.keys(LOCAL_GATEWAY_RESPONSES) as (keyof typeof LOCAL_GATEWAY_RESPONSES)[])(
    '%s is what the deployed gateway response says',
    (type) => {
      const expected = deployed(type);
      const local: ErrorEntry = LOCAL_GATEWAY_RESPONSES[type];
      expect({ status: local.status, detail: local.detail, headers: errorHeaders(local) }).toEqual({
        status: expected.status,
        detail: expected.detail,
        headers: expected.headers,
      });
    },
  );
});

describe("the authorizer's refusal or failure", () => {
  it.each([
    {
      name: 'a refused token: UNAUTHORIZED',
      authorize: async (): Promise<Authorization> => ({ allowed: false, reason: 'unknown' }),
      type: 'UNAUTHORIZED' as const,
    },
    {
      name: 'an authorizer that throws: AUTHORIZER_FAILURE, never a 401',
      authorize: async (): Promise<Authorization> => {
        throw new Error('tokens table unavailable');
      },
      type: 'AUTHORIZER_FAILURE' as const,
    },
  ])('$name', async ({ authorize, type }) => {
    const calls = { count: 0 };
    const local = await gateway(answering('{}', calls), { authorize });
    try {
      expectGatewayResponse(await local.send(), type);
      expect(calls.count).toBe(0);
    } finally {
      await local.close();
    }
  });
});

// Lambda's response limit is 6291556 bytes of the JSON-encoded proxy result, whose body is a JSON string.
describe("a function's answer over Lambda's 6 MB response limit", () => {
  it.each([
    { name: '6.5 MiB of plain text', body: 'x'.repeat(6.5 * MiB), refused: true },
    {
      name: '3.1 MiB of quotes (each escaped to two bytes in the payload)',
      body: '"'.repeat(3.1 * MiB),
      refused: true,
    },
    { name: '3.1 MiB of plain text', body: 'x'.repeat(3.1 * MiB), refused: false },
    { name: '6 MiB less 1 KiB of plain text', body: 'x'.repeat(6 * MiB - 1024), refused: false },
  ])('$name: refused $refused', async ({ body, refused }) => {
    const local = await gateway(answering(body));
    try {
      const answer = await local.send();
      if (refused) expectGatewayResponse(answer, 'INTEGRATION_FAILURE');
      else
        expect({ status: answer.status, length: answer.text.length }).toEqual({
          status: 200,
          length: body.length,
        });
    } finally {
      await local.close();
    }
  });
});

describe('a request over the payload limits', () => {
  it.each([
    // API Gateway's own 10 MB payload limit: its REQUEST_TOO_LARGE response, the function never runs.
    { name: 'a body over 10 MiB', body: 'x'.repeat(10 * MiB + 1), type: 'REQUEST_TOO_LARGE' as const },
    // Under API Gateway's limit but over Lambda's 6 MB for the event: Lambda refuses the invocation.
    { name: 'a 7 MiB body', body: 'x'.repeat(7 * MiB), type: 'INTEGRATION_FAILURE' as const },
    {
      name: 'a 3.5 MiB body of quotes (7 MiB once escaped in the event)',
      body: '"'.repeat(3.5 * MiB),
      type: 'INTEGRATION_FAILURE' as const,
    },
    { name: 'a 5 MiB body', body: 'x'.repeat(5 * MiB), type: undefined },
  ])('$name', async ({ body, type }) => {
    const calls = { count: 0 };
    const local = await gateway(answering('{}', calls));
    try {
      const answer = await local.send('POST', body);
      if (type === undefined) expect([answer.status, calls.count]).toEqual([200, 1]);
      else {
        expectGatewayResponse(answer, type);
        expect(calls.count).toBe(0);
      }
    } finally {
      await local.close();
    }
  });
});

describe('a function that does not answer in time, or fails', () => {
  /** A fake function that answers only once the test lets it (after the gateway has answered). */
  function stalled() {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler: ProxyHandler = async () => {
      await released;
      return { statusCode: 200, body: '{}' };
    };
    return { handler, release };
  }

  it.each([
    // The integration timeout before the function's: API Gateway gives up on it (504).
    {
      name: 'at the integration timeout: INTEGRATION_TIMEOUT',
      integrationTimeoutMillis: 50,
      functionTimeoutMillis: 60_000,
      type: 'INTEGRATION_TIMEOUT' as const,
    },
    // As deployed (function 28 s < integration 29 s): Lambda stops the function, a function error.
    {
      name: "at the function's own timeout: INTEGRATION_FAILURE",
      integrationTimeoutMillis: 60_000,
      functionTimeoutMillis: 50,
      type: 'INTEGRATION_FAILURE' as const,
    },
  ])('$name', async ({ type, ...timeouts }) => {
    const slow = stalled();
    const local = await gateway(slow.handler, timeouts);
    try {
      expectGatewayResponse(await local.send(), type);
    } finally {
      slow.release();
      await local.close();
    }
  });

  it('answers a function that throws with INTEGRATION_FAILURE', async () => {
    const local = await gateway(async () => {
      throw new Error('boom');
    });
    try {
      expectGatewayResponse(await local.send(), 'INTEGRATION_FAILURE');
    } finally {
      await local.close();
    }
  });

  it("gives every invocation a context counting down from the function's timeout", async () => {
    const seen: { start: number; end: number }[] = [];
    const handler: ProxyHandler = async (_event: APIGatewayProxyEvent, context: Context) => {
      const start = context.getRemainingTimeInMillis();
      await new Promise((resolve) => setTimeout(resolve, 30));
      seen.push({ start, end: context.getRemainingTimeInMillis() });
      return { statusCode: 204, body: '' } satisfies APIGatewayProxyResult;
    };
    const local = await gateway(handler, { functionTimeoutMillis: 5_000 });
    try {
      await local.send();
      await local.send();
    } finally {
      await local.close();
    }
    const [first, second] = seen as [{ start: number; end: number }, { start: number; end: number }];
    expect(first.start).toBeLessThanOrEqual(5_000);
    expect(first.end).toBeLessThan(first.start);
    // The second invocation's countdown starts afresh, above where the first one ended.
    expect(second.start).toBeGreaterThan(first.end);
  });
});
