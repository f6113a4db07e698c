/**
 * Section 3 of `npm run bench`: handler cost and latency. Microsoft Entra's initial provisioning cycle is
 * replayed, with the same client, bodies and concurrency, against two servers, one after the other:
 *
 *   - this project: `npm start`'s local endpoint (bin/local-server.ts, the very Lambda handlers behind the
 *     local gateway) on DynamoDB Local in memory, with --no-events and --no-lifecycle (bench-servers.ts);
 *   - a peer: SCIMMY + scimmy-routers on express, in memory (bin/bench/scimmy-peer.mjs).
 *
 * Measured for each: the CPU time of the server's own process over the sequence (utime + stime from
 * /proc/<pid>/stat; DynamoDB Local's JVM is a separate process and is not counted), per-operation latency
 * at the client, and the process's peak resident memory during the sequence (VmHWM, reset before it).
 *
 * The cycle, as Entra runs it: for each user, `GET /Users?filter=userName eq "…"` (nothing found) then
 * `POST /Users`; then `POST /Groups` for each group; then each group's members added by
 * `PATCH /Groups/{id}` in Entra-sized batches, the batches of one group one after the other, groups in
 * parallel (Entra works on one object at a time per worker).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HandlerCostOptions, HandlerCostResult } from './bench-report';
import { oursServer, peerServer } from './bench-servers';
import { measureServer } from './measure-server';
import type { Progress } from './progress';
import { round } from './stats';

function minor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

export async function measureHandlerCost(
  options: HandlerCostOptions,
  progress: Progress,
): Promise<HandlerCostResult> {
  const { users, groups, batch, concurrency } = options;
  if (![users, groups, batch, concurrency].every(Number.isInteger) || users < 0 || groups < 0) {
    throw new RangeError(`handler cost: users and groups must be whole numbers ≥ 0 (${users}, ${groups})`);
  }
  if (batch < 1 || concurrency < 1) {
    throw new RangeError(`handler cost: batch and concurrency must be ≥ 1 (${batch}, ${concurrency})`);
  }
  const dataDirectory = mkdtempSync(join(tmpdir(), 'scim-bench-'));
  try {
    const ours = await measureServer(oursServer(dataDirectory), options, progress);
    const peer = await measureServer(peerServer(minor), options, progress);
    return {
      options,
      ours,
      peer,
      cpuRatio:
        ours.cpuMicrosPerOperation === 0
          ? 0
          : round(peer.cpuMicrosPerOperation / ours.cpuMicrosPerOperation, 2),
    };
  } finally {
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}
