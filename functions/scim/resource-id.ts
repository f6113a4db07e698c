/** Resource ids are UUIDs issued by this server; anything else names no resource. */
const RESOURCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isResourceId(id: string): boolean {
  return RESOURCE_ID.test(id);
}
