import type { TestTenant } from './scim-server';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** A realistic user body, as Entra sends it on create. */
export function userBody(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const [given = 'Test', family = 'User'] = userName.split('@')[0]?.split('.') ?? [];
  return {
    schemas: [USER_SCHEMA, ENTERPRISE],
    userName,
    active: true,
    displayName: `${given} ${family}`,
    name: { givenName: given, familyName: family, formatted: `${given} ${family}` },
    emails: [{ type: 'work', value: userName, primary: true }],
    externalId: `ext-${userName}`,
    [ENTERPRISE]: { department: 'Engineering', employeeNumber: '1001' },
    ...extra,
  };
}

/** Creates a user through the API and returns its id. */
export async function createUser(tenant: TestTenant, userName: string, extra?: Record<string, unknown>) {
  const response = await tenant.request('POST', '/Users', userBody(userName, extra));
  if (response.status !== 201) throw new Error(`create ${userName}: ${response.status} ${response.text}`);
  return response.body.id as string;
}

export const patchOp = (...operations: Record<string, unknown>[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: operations,
});
