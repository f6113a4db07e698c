import { eventDrainingProxy } from './event-draining-proxy';
import { startTestEventStream, type TestEventStream } from './event-stream';
import { startScimServer, type TestServer } from './scim-server';

/**
 * The local endpoint with its provisioning events, as `npm start` makes them: the test server, the data
 * table's stream read by the local event source mapping into the event store, and a proxy that drains the
 * stream after every write (`proxy.baseUrl` is where requests go).
 */
export interface EventedServer {
  readonly server: TestServer;
  readonly events: TestEventStream;
  readonly proxy: Awaited<ReturnType<typeof eventDrainingProxy>>;
  close(): Promise<void>;
}

export async function startEventedServer(): Promise<EventedServer> {
  const server = await startScimServer();
  const events = await startTestEventStream();
  const proxy = await eventDrainingProxy(server.baseUrl, () => events.poll());
  return {
    server,
    events,
    proxy,
    close: async () => {
      await proxy.close();
      await events.stop();
      await server.close();
    },
  };
}
