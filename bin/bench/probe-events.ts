import { randomUUID } from 'node:crypto';
import { keys } from '../../functions/storage/table-design';
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

/** `POST /oauth2/token` with a client the tokens table does not hold: read, then refused (401). */
function tokenEvent() {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'cli_0123456789abcdef01234567',
    client_secret: 'not-a-secret-of-any-client',
  }).toString();
  return {
    resource: '/oauth2/token',
    path: '/oauth2/token',
    httpMethod: 'POST',
    headers: { Host: 'bench.example', 'Content-Type': 'application/x-www-form-urlencoded' },
    multiValueHeaders: { 'Content-Type': ['application/x-www-form-urlencoded'] },
    queryStringParameters: null,
    pathParameters: null,
    body: form,
    isBase64Encoded: false,
    requestContext: { path: '/prod/oauth2/token', domainName: 'bench.example' },
  };
}

/**
 * A stream record of a membership removed from a group that is not in the table: the function reads the
 * group's and member's states (a BatchGetItem), finds them gone (a group's DELETE, which emits no event of
 * its own) and puts nothing on the bus, so the probe sends nothing off this machine.
 */
function streamEvent(tenantId: string) {
  const key = keys.membership(tenantId, randomUUID(), randomUUID());
  return {
    Records: [
      {
        eventID: 'bench-1',
        eventName: 'REMOVE',
        eventSource: 'aws:dynamodb',
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
          Keys: { pk: { S: key.pk }, sk: { S: key.sk } },
          OldImage: { pk: { S: key.pk }, sk: { S: key.sk }, memberType: { S: 'User' } },
          SequenceNumber: '100000000000000000001',
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
    ],
  };
}

/** The event each function's cold start answers: a request as API Gateway, the CLI, the table's stream or the schedule would send it. */
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
    token: tokenEvent(),
    events: streamEvent(tenant.tenantId),
    // The daily schedule's event: every tenant with a purge policy (the bench's have none: a read of them).
    lifecycle: {},
    floor: {},
  };
}
