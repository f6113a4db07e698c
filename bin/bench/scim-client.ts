import { Agent, request } from 'node:http';

/** A response: its status and its body, unparsed. */
export interface Reply {
  readonly status: number;
  readonly body: string;
}

/** A SCIM client with one keep-alive agent per server: the same code for both servers measured. */
export class ScimClient {
  readonly #agent: Agent;
  readonly #base: URL;
  readonly #authorization: string;

  constructor(base: URL, token: string, concurrency: number) {
    this.#agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    this.#base = base;
    this.#authorization = `Bearer ${token}`;
  }

  send(method: string, path: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = {
      Authorization: this.#authorization,
      Accept: 'application/scim+json',
    };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/scim+json';
      headers['Content-Length'] = payload.length;
    }
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent: this.#agent,
          host: this.#base.hostname,
          port: this.#base.port,
          path: `${this.#base.pathname}${path}`,
          method,
          headers,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
