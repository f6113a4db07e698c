import type { TestTenant } from './scim-server';

export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** Microsoft Entra ID puts this URI on every group it creates. */
export const ENTRA_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

export async function createGroup(tenant: TestTenant, displayName: string, members: string[] = []) {
  const response = await tenant.request('POST', '/Groups', {
    schemas: [GROUP_SCHEMA],
    displayName,
    externalId: `ext-${displayName}`,
    members: members.map((value) => ({ value })),
  });
  if (response.status !== 201)
    throw new Error(`create group ${displayName}: ${response.status} ${response.text}`);
  return response.body.id as string;
}

/** The member ids of a group, read through the API. */
export async function memberIds(tenant: TestTenant, groupId: string): Promise<string[]> {
  const response = await tenant.request('GET', `/Groups/${groupId}?attributes=members`);
  if (response.status !== 200) throw new Error(`get group ${groupId}: ${response.status} ${response.text}`);
  return ((response.body.members ?? []) as { value: string }[]).map((m) => m.value).sort();
}

/** The ids of the groups a user is a direct member of, through User.groups. */
export async function groupsOfUser(tenant: TestTenant, userId: string): Promise<string[]> {
  const response = await tenant.request('GET', `/Users/${userId}?attributes=groups`);
  return ((response.body.groups ?? []) as { value: string }[]).map((g) => g.value).sort();
}
