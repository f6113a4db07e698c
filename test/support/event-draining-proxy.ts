/**
 * A pass-through in front of a test server that reads the event stream after every write, before it
 * answers: the event function handles each write's records before the next write, as it does in AWS within
 * the event source mapping's one-second batching window when the client waits between requests. Sequences
 * replayed through it (test/support/replay.ts) see the events AWS would emit for them.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Headers that describe the body as the server sent it, not as fetch hands it back. */
const HOP_HEADERS = new Set(['content-length', 'transfer-encoding', 'content-encoding', 'connection']);

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function eventDrainingProxy(
  target: string,
  drain: () => Promise<unknown>,
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const origin = new URL(target);
  const server = createServer(async (request, response) => {
    const sent = await body(request);
    const answer = await fetch(`${origin.origin}${request.url ?? ''}`, {
      method: request.method ?? 'GET',
      headers: Object.fromEntries(
        Object.entries(request.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
      ),
      ...(sent.length === 0 ? {} : { body: sent }),
    });
    const text = Buffer.from(await answer.arrayBuffer());
    if (request.method !== 'GET') await drain();
    const headers = [...answer.headers].filter(([name]) => !HOP_HEADERS.has(name));
    response.writeHead(answer.status, Object.fromEntries(headers));
    response.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${origin.pathname}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
