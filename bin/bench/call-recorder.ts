import type { CycleOperation } from './bench-report';
import type { Reply, ScimClient } from './scim-client';

/** Sends the requests of a sequence, timing each and counting those that fail. */
export class CallRecorder {
  readonly latencies: Record<CycleOperation, number[]> = {
    filter: [],
    create: [],
    createGroup: [],
    addMembers: [],
  };
  sent = 0;
  errors = 0;
  readonly #onSent: (sent: number) => void;

  constructor(onSent: (sent: number) => void = () => {}) {
    this.#onSent = onSent;
  }

  /** Sends one request, times it, and counts it as an error unless `accept` says otherwise. */
  async call(
    client: ScimClient,
    operation: CycleOperation,
    method: string,
    path: string,
    body: unknown,
    accept: (reply: Reply) => boolean,
  ): Promise<Reply | undefined> {
    this.sent++;
    const started = performance.now();
    let reply: Reply | undefined;
    try {
      reply = await client.send(method, path, body);
      this.latencies[operation].push(performance.now() - started);
      if (!accept(reply)) this.errors++;
    } catch {
      this.errors++;
    }
    this.#onSent(this.sent);
    return reply;
  }
}

export const emptyList = (reply: Reply) =>
  reply.status === 200 && (JSON.parse(reply.body) as { totalResults?: unknown }).totalResults === 0;
export const createdWithId = (reply: Reply) =>
  reply.status === 201 && typeof (JSON.parse(reply.body) as { id?: unknown }).id === 'string';
export const patched = (reply: Reply) => reply.status === 200 || reply.status === 204;

export function idOf(reply: Reply | undefined): string | undefined {
  if (reply?.status !== 201) return undefined;
  try {
    const { id } = JSON.parse(reply.body) as { id?: unknown };
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

export const accepting = (check: (reply: Reply) => boolean) => (reply: Reply) => {
  try {
    return check(reply);
  } catch {
    return false;
  }
};
