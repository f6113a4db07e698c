import type { TestTenant } from '../../test/support/scim-server';

function proxyEvent(
  method: string,
  resource: string,
  path: string,
  query: Record<string, string>,
  tenantId: string,
) {
  return {
    resource: `/scim/v2${resource}`,
    path: `/scim/v2${path}`,
    httpMethod: method,
    headers: { Host: 'bench.example', 'X-Forwarded-Proto': 'https' },
    queryStringParameters: query,
    pathParameters: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { path: `/prod/scim/v2${path}`, domainName: 'bench.example', authorizer: { tenantId } },
  };
}

/** The event each function's cold start answers: a request as API Gateway or the CLI would send it. */
export function probeEvents(tenant: TestTenant): Record<string, unknown> {
  return {
    users: proxyEvent(
      'GET',
      '/Users',
      '/Users',
      { filter: 'userName eq "probe@contoso.example"' },
      tenant.tenantId,
    ),
    groups: proxyEvent(
      'GET',
      '/Groups',
      '/Groups',
      { excludedAttributes: 'members', filter: 'displayName eq "x"' },
      tenant.tenantId,
    ),
    discovery: proxyEvent('GET', '/ServiceProviderConfig', '/ServiceProviderConfig', {}, tenant.tenantId),
    authorizer: {
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:eu-west-1:111111111111:api/prod/GET/scim/v2/Users',
      headers: { Authorization: `Bearer ${tenant.token}` },
    },
    admin: { action: 'listTokens', tenantId: tenant.tenantId },
    floor: {},
  };
}
