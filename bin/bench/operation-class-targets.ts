import type { OperationClassResult, OperationClassRow, Target } from './bench-report';
import { round } from './stats';

const OURS = 'this project';
const PEER = 'SCIMMY';
const FLOOR = 'floor';

/**
 * Why a class misses the peer, from the run's own figures: the floor (the same DynamoDB calls made with the
 * bare SDK, nothing else) against the peer, and what ours adds above the floor.
 */
export function missedNote(operation: string, ours: number, peer: number, floor: number | undefined): string {
  const where = 'Where the CPU goes: docs/performance.md.';
  if (floor === undefined) return `No floor was measured. ${where}`;
  const floorText =
    floor > peer
      ? `The floor, the same DynamoDB calls made with the bare AWS SDK and nothing else, costs ${floor} µs by itself, more than the peer's ${peer} µs in memory: no cut of our code reaches the target while the request makes those calls through the SDK; fewer DynamoDB calls per request would.`
      : `The floor, the same DynamoDB calls made with the bare AWS SDK and nothing else, costs ${floor} µs, under the peer's ${peer} µs.`;
  // The floor makes the class's data calls only; a create also writes its request-log line (docs/request-log.md).
  const above =
    operation === 'user create'
      ? `Ours adds ${round(ours - floor, 0)} µs above it, which includes the request log's PutItem: a second SDK call per write that the floor does not make (the floor's one call, the transaction, costs ${floor} µs).`
      : `Ours adds ${round(ours - floor, 0)} µs above it.`;
  return `${floorText} ${above} ${where}`;
}

const median = (row: OperationClassRow | undefined, server: string) => row?.servers[server]?.cpuMicros.median;

/**
 * Issue 15's CPU targets, per operation class (not CPU over all requests, which the member PATCHes into a
 * large group dominate): a user filter and a user create at or below the in-memory peer's CPU, and a member
 * PATCH whose CPU does not grow with the group (within 1.5× from the smallest group measured to the largest).
 */
export function operationClassTargets(result: OperationClassResult): Target[] {
  const row = (operation: string) => result.rows.find((r) => r.operation === operation);
  const atOrBelowPeer = (operation: string): Target => {
    const ours = median(row(operation), OURS);
    const peer = median(row(operation), PEER);
    const floor = median(row(operation), FLOOR);
    const met = ours !== undefined && peer !== undefined && ours <= peer;
    return {
      target: `CPU per ${operation} at or below the SCIMMY peer's`,
      met,
      figure: `${ours ?? '—'} µs vs ${peer ?? '—'} µs per request (medians of ${result.rounds} rounds; the floor ${floor ?? '—'} µs)`,
      ...(met
        ? {}
        : {
            note:
              ours === undefined || peer === undefined
                ? 'Not measured in this run.'
                : missedNote(operation, ours, peer, floor),
          }),
    };
  };
  const members = result.rows
    .filter((r) => r.groupSize !== undefined)
    .sort((a, b) => (a.groupSize ?? 0) - (b.groupSize ?? 0));
  const first = median(members[0], OURS);
  const last = median(members.at(-1), OURS);
  const growth = first !== undefined && last !== undefined && first > 0 ? round(last / first) : undefined;
  return [
    atOrBelowPeer('user filter'),
    atOrBelowPeer('user create'),
    {
      target: 'Member PATCH CPU independent of the group size (within 1.5×)',
      met: growth !== undefined && growth <= 1.5,
      figure: `×${growth ?? '—'} from ${members[0]?.groupSize?.toLocaleString('en') ?? '—'} to ${members.at(-1)?.groupSize?.toLocaleString('en') ?? '—'} members; the peer's ×${peerGrowth(members) ?? '—'}; ours cheaper from groups of ${result.crossoverGroupSize?.toLocaleString('en') ?? '— (never, at the sizes measured)'}`,
    },
  ];
}

function peerGrowth(members: readonly OperationClassRow[]): number | undefined {
  const first = median(members[0], PEER);
  const last = median(members.at(-1), PEER);
  return first !== undefined && last !== undefined && first > 0 ? round(last / first) : undefined;
}
