/**
 * Fault injection through the storage layer's own client, and nothing else: middleware on the
 * DynamoDBDocumentClient's `middlewareStack` that makes selected DynamoDB calls fail the way DynamoDB and
 * the network fail. DynamoDB Local still serves every other call, so what the service did before and after
 * the fault is real data.
 *
 * - An error is thrown either above the SDK's retries (one logical call fails, as if every attempt had
 *   failed: fast), or `perAttempt`, below them (each attempt counts, so the SDK's own retry logic runs).
 * - `hang` sends the request to a socket that never answers, so only the client's own time limits
 *   (`requestTimeout` in functions/storage/dynamo-client.ts) end it.
 */
import { createServer, type Server, type Socket } from 'node:net';
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Fault {
  /** The DynamoDB operations it hits, e.g. `TransactWriteItems`; all of them when omitted. */
  readonly commands?: readonly string[];
  /** Which matching calls fail, numbered from 1 since the fault was set; every one when omitted. */
  readonly calls?: (call: number) => boolean;
  /** The error a failing call throws. */
  readonly error?: () => Error;
  /** Instead of an error: the request goes to a socket that never answers. */
  readonly hang?: boolean;
  /** Fail each attempt below the SDK's retries instead of the whole call above them. */
  readonly perAttempt?: boolean;
}

/** A DynamoDB call as the injector saw it. */
export interface Call {
  readonly command: string;
  readonly failed: boolean;
}

const FAULT = Symbol('reliability fault');

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

/** The errors DynamoDB and the network answer with, as the SDK presents them. */
export const faults = {
  throttling: () =>
    new ThrottlingException({
      message: 'Rate of requests exceeds the allowed throughput.',
      ...metadata(400),
    }),
  provisionedThroughput: () =>
    new ProvisionedThroughputExceededException({
      message: 'The level of configured provisioned throughput for the table was exceeded.',
      ...metadata(400),
    }),
  internalServerError: () => new InternalServerError({ message: 'Internal server error', ...metadata(500) }),
  timeout: () => Object.assign(new Error('the request socket timed out'), { name: 'TimeoutError' }),
  network: () =>
    Object.assign(new Error('getaddrinfo ENOTFOUND dynamodb.eu-west-1.amazonaws.com'), {
      name: 'Error',
      code: 'ENOTFOUND',
    }),
  /** A plain write refused because a transaction was writing the same item. */
  transactionConflict: () =>
    new TransactionConflictException({
      message: 'Transaction is ongoing for the item',
      ...metadata(400),
    }),
  /** A transaction cancelled because one of its items was throttled (index 1), the others fine. */
  transactionThrottled: () =>
    new TransactionCanceledException({
      message:
        'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ThrottlingError]',
      CancellationReasons: [
        { Code: 'None' },
        {
          Code: 'ThrottlingError',
          Message: 'Throughput exceeds the current capacity of your table or index.',
        },
      ],
      ...metadata(400),
    }),
} as const;

/** A DynamoDB call held before it is sent, so that other requests can run in between. */
export interface Hold {
  /** Settles when the held call is reached: the request is then paused just before that call. */
  readonly reached: Promise<void>;
  /** Lets the held call go on. */
  release(): void;
}

export interface FaultInjector {
  /** Makes calls fail until `clear()`. Faults are tried in the order they were set. */
  fail(fault: Fault): void;
  /**
   * Holds the `call`-th call (from 1, counted since now) of `command` before it is sent, until released:
   * a deterministic interleaving of two requests. Only the first matching call is held.
   */
  hold(command: string, call?: number): Hold;
  clear(): void;
  /** Every DynamoDB call made since the last `clear()` or `resetCalls()`, in order. */
  readonly calls: readonly Call[];
  resetCalls(): void;
  close(): Promise<void>;
}

export async function faultInjector(db: DynamoDBDocumentClient): Promise<FaultInjector> {
  let active: { fault: Fault; seen: number }[] = [];
  let holds: { command: string; call: number; seen: number; reach(): void; released: Promise<void> }[] = [];
  let calls: Call[] = [];
  const blackHole = await listenBlackHole();

  /** Counts the call against every fault of its kind that names the command; the first that fires wins. */
  const decide = (command: string, perAttempt: boolean): Fault | undefined => {
    let chosen: Fault | undefined;
    for (const entry of active) {
      const { fault } = entry;
      if ((fault.perAttempt ?? false) !== perAttempt) continue;
      if (fault.commands !== undefined && !fault.commands.includes(command)) continue;
      entry.seen++;
      if (chosen === undefined && (fault.calls?.(entry.seen) ?? true)) chosen = fault;
    }
    return chosen;
  };
  const operation = (context: { commandName?: string }) =>
    (context.commandName ?? '').replace(/Command$/, '');

  // One logical call: above the SDK's retries.
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const command = operation(context);
      for (const hold of holds) {
        if (hold.command !== command || ++hold.seen !== hold.call) continue;
        hold.reach();
        await hold.released;
      }
      const fault = decide(command, false);
      calls.push({ command, failed: fault !== undefined });
      if (fault?.hang) (context as Record<symbol, unknown>)[FAULT] = fault;
      else if (fault?.error) throw fault.error();
      return next(args);
    },
    { step: 'initialize', name: 'reliabilityFaultInjector', priority: 'high' },
  );
  // Each attempt: below the SDK's retries, after signing.
  db.middlewareStack.add(
    (next, context) => async (args) => {
      if ((context as Record<symbol, unknown>)[FAULT] !== undefined) {
        const request = args.request as { hostname: string; port?: number; headers: Record<string, string> };
        request.hostname = '127.0.0.1';
        request.port = blackHole.port;
        request.headers.host = `127.0.0.1:${blackHole.port}`;
        return next(args);
      }
      const fault = decide(operation(context), true);
      if (fault?.error) throw fault.error();
      return next(args);
    },
    { step: 'finalizeRequest', name: 'reliabilityFaultInjectorPerAttempt', priority: 'low' },
  );

  return {
    fail: (fault) => {
      active.push({ fault, seen: 0 });
    },
    hold: (command, call = 1) => {
      let reach = () => {};
      let release = () => {};
      const reached = new Promise<void>((resolve) => {
        reach = resolve;
      });
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.push({ command, call, seen: 0, reach, released });
      return { reached, release };
    },
    clear: () => {
      active = [];
      calls = [];
      holds = [];
    },
    get calls() {
      return calls;
    },
    resetCalls: () => {
      calls = [];
    },
    close: () => blackHole.close(),
  };
}

/** A TCP server that accepts connections and never answers on them. */
async function listenBlackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
