import type { OperationClassResult, OperationClassRow, Target } from './bench-report';
import { round } from './stats';

const OURS = 'this project';
const PEER = 'SCIMMY';

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
    return {
      target: `CPU per ${operation} at or below the SCIMMY peer's`,
      met: ours !== undefined && peer !== undefined && ours <= peer,
      figure: `${ours ?? '—'} µs vs ${peer ?? '—'} µs per request (medians of ${result.rounds} rounds)`,
      note: 'docs/performance.md: where our CPU goes (mostly the AWS SDK, about 500 µs per DynamoDB call here, which the floor pays too) and what is left above the floor.',
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
