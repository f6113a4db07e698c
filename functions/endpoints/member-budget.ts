import { payloadBytes } from '../http/lambda-payload';
import type { MemberRef } from '../scim/resource-store-port';

function memberJson(baseUrl: string, member: MemberRef): Record<string, unknown> {
  return {
    value: member.id,
    $ref: `${baseUrl}/${member.type === 'Group' ? 'Groups' : 'Users'}/${member.id}`,
    type: member.type,
    ...(member.display === undefined ? {} : { display: member.display }),
  };
}

/**
 * What one response may still carry of members, by count and by bytes: the bytes of the JSON of its
 * `members` arrays as Lambda's response payload carries them (payloadBytes: escaping included). Members are
 * taken in order until the first that does not fit; after it none is taken, in this group or any later
 * group of the response, so that each group shows a prefix of its members in member-id order.
 */
export class MemberBudget {
  private members: number;
  private bytes: number;
  constructor(members: number, bytes: number) {
    this.members = members;
    this.bytes = bytes;
  }

  /** How many more members fit at most. */
  get membersLeft(): number {
    return Math.max(0, this.members);
  }

  /** Adds `member`'s JSON to the `members` array `taken` if it fits (and counts it); whether it did. */
  take(baseUrl: string, member: MemberRef, taken: Record<string, unknown>[]): boolean {
    if (this.members <= 0) return false;
    const json = memberJson(baseUrl, member);
    // The first member of an array also pays for its brackets, each later one for its comma.
    const size = payloadBytes(JSON.stringify(json)) + (taken.length === 0 ? 2 : 1);
    if (size > this.bytes) {
      this.members = 0;
      return false;
    }
    this.members--;
    this.bytes -= size;
    taken.push(json);
    return true;
  }

  /** The members of one group that fit, in member-id order. */
  fitting(baseUrl: string, members: readonly MemberRef[]): Record<string, unknown>[] {
    const taken: Record<string, unknown>[] = [];
    for (const member of [...members].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      if (!this.take(baseUrl, member, taken)) break;
    }
    return taken;
  }
}
