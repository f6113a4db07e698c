/** How `events list` prints an event to a person (`--json` prints the detail as it was put on the bus). */
import type { StoredEvent } from '../local/local-event-store';

/** The longest detail-type (`scim.tenant.policy_changed`), so that the columns after it line up. */
const TYPE_COLUMN = 26;

type Detail = Readonly<Record<string, unknown>>;

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** What an event is about beyond its resource id: a name, a member, or a tenant's changed settings. */
function about(detail: Detail): string {
  const member = text(detail.memberId);
  if (member !== undefined) {
    const display = text(detail.display);
    return `member ${member}${display === undefined ? '' : ` (${display})`}`;
  }
  const name = text(detail.userName) ?? text(detail.displayName);
  if (name !== undefined) return name;
  const changed = detail.changedAttributes;
  return Array.isArray(changed) ? changed.join(', ') : '';
}

/** `<time>  <type>  <resource id>  <userName, displayName or member>`: one line per event. */
export function eventLine(event: StoredEvent): string {
  const detail = JSON.parse(event.detail) as Detail;
  const subject = text(detail.resourceId) ?? `tenant ${event.tenantId}`;
  return [event.time, event.detailType.padEnd(TYPE_COLUMN), subject, about(detail)].join('  ').trimEnd();
}
