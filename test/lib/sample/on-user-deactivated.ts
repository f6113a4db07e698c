/**
 * A vendor's function (the sample of docs/events.md and docs/reader.md): when a customer's identity
 * provider deactivates a user, look the user up with the reader and revoke their access in the vendor's
 * product. Here it only logs what it would revoke, ids only: no personal data (userName, emails) in logs.
 * Deployed by ./vendor-stack.ts, which subscribes it to `scim.user.deactivated` and grants it the reader.
 */
import type { ProvisioningEvent } from 'scim-endpoint-aws/events';
import { createScimReader } from 'scim-endpoint-aws/reader';

type Deactivated = Extract<ProvisioningEvent, { detailType: 'scim.user.deactivated' }>;

/** What EventBridge invokes the function with: the event's `detail-type` and its detail (docs/events.md). */
export interface DeactivatedEvent {
  readonly 'detail-type': Deactivated['detailType'];
  readonly detail: Deactivated['detail'];
}

// Built once per container; SCIM_TABLE_NAME is set by `scim.grantRead(fn)`, the region is Lambda's.
const scim = createScimReader({ tableName: process.env.SCIM_TABLE_NAME ?? '' });

export async function handler(event: DeactivatedEvent): Promise<void> {
  const { id, tenantId, resourceId } = event.detail;
  const directory = scim.tenant(tenantId);
  // Delivery is at least once and unordered: read the user's state now rather than trust the event alone.
  const user = await directory.users.get(resourceId);
  if (user?.active === true) {
    console.info(JSON.stringify({ event: id, tenantId, userId: resourceId, outcome: 'reactivated since' }));
    return;
  }
  const groups = user === undefined ? [] : await directory.users.groups(resourceId);
  console.info(
    JSON.stringify({
      event: id,
      tenantId,
      userId: resourceId,
      outcome: 'would revoke',
      sessions: 'all',
      roleGroupIds: groups.map((group) => group.id),
    }),
  );
}
