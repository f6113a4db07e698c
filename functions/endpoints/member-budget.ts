import { LAMBDA_PAYLOAD_LIMITS, payloadBytes } from '../http/lambda-payload';
import type { MemberRef } from '../scim/resource-store-port';

/**
 * The most members one response carries (~195 bytes each in Lambda's response payload without `display`,
 * so ~3.9 MB). A larger group is returned with its first members in member-id order: RFC 7644 lets a
 * service provider return a subset; docs/table-design.md explains how to read the rest.
 */
export const MAX_MEMBERS_PER_RESPONSE = 20_000;

/**
 * The most bytes the members of one response take in Lambda's response payload, whose limit is 6291556
 * bytes (LAMBDA_PAYLOAD_LIMITS, https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 * The count alone does not bound them: a `display` is up to 256 characters of anything, so a member takes
 * 468 bytes with 256 ASCII characters (20,000 of them: 8.9 MiB) and 2,004 with 256 control characters,
 * each escaped as `\u0001` in the body and `\\u0001` in the payload. 1 MiB is left for the rest: the
 * group's own attributes (at most LIMITS.resourceBytes, 96 KiB, stored; at most twice that escaped), meta,
 * the list page's envelope (its page budget keeps 64 KiB for it) and the headers. The same rule as the
 * count applies: members in member-id order, up to the first that does not fit.
 */
export const MAX_MEMBER_BYTES_PER_RESPONSE = LAMBDA_PAYLOAD_LIMITS.responseBytes - 1024 * 1024;

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
