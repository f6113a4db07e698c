import { ScimError } from '../scim/scim-error';

/**
 * A group cannot be its own member: RFC 7643 §4.2 makes members Users or other Groups, and the one
 * transaction that writes the group and its members could not hold both the group's item and the check
 * that the new member (the same item) exists, since DynamoDB refuses two actions on one item in a
 * transaction (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
 * Refused the same way by every request that names members, before anything is read or written.
 */
export function refuseSelfMembership(groupId: string, memberIds: Iterable<string>): void {
  for (const id of memberIds) {
    if (id === groupId.toLowerCase()) {
      throw ScimError.badRequest('invalidValue', 'A group cannot be a member of itself');
    }
  }
}
