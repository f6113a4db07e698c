import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { inFlightRequests } from '../../../bin/bench/in-flight-requests';

/**
 * A mock, named: a request handler that answers each request when the test says so, so that the count of
 * requests under way can be read while one is held. It stands in for the network, not for DynamoDB's
 * behaviour: the answer is an empty GetItem result.
 */
function heldHandler() {
  const release: (() => void)[] = [];
  return {
    release: () => release.shift()?.(),
    handler: {
      handle: () =>
        new Promise<{ response: unknown }>((resolve) => {
          release.push(() =>
            resolve({
              response: { statusCode: 200, headers: {}, body: Buffer.from('{}') },
            }),
          );
        }),
    },
  };
}

describe('inFlightRequests: when a timed-out invocation has stopped (group-scale DELETE)', () => {
  it('counts a request under way until it is answered, and is idle only after', async () => {
    const held = heldHandler();
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: 'local',
        endpoint: 'http://127.0.0.1:1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        requestHandler: held.handler as never,
      }),
    );
    const inFlight = inFlightRequests(db);
    expect(inFlightRequests(db)).toBe(inFlight);
    const request = db.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
    // The request reaches the handler (held there) in a few turns of the event loop.
    while (inFlight.count() === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(inFlight.count()).toBe(1);
    let idle = false;
    const waiting = inFlight.idle(30).then(() => {
      idle = true;
    });
    // Held well past the quiet period asked for: still not idle, whatever the machine's pace.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(idle).toBe(false);
    held.release();
    await request;
    expect(inFlight.count()).toBe(0);
    await waiting;
    expect(idle).toBe(true);
  });
});
