import type { GroupStorePort } from '../scim/resource-store-port';
import type { MemberBudget } from './member-budget';
import type { ResourceOperations } from './resource-operations';

/** What the Group operations work with: the shared resource operations, the group store, the budget. */
export interface GroupContext {
  readonly operations: ResourceOperations;
  readonly groups: GroupStorePort;
  /** A fresh budget of members for one response. */
  readonly budget: () => MemberBudget;
}
