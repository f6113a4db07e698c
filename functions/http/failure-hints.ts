/**
 * A human reason for each kind of failure a request log shows (issue 14): what the identity provider
 * reports for it, and what the identity admin or the vendor can do. Keyed by status and scimType
 * (`409:uniqueness`), then by status alone. README.md's troubleshooting table says the same at length.
 */
export const FAILURE_HINTS: Readonly<Record<string, string>> = {
  '400:invalidFilter':
    'The client sent a filter the endpoint cannot answer. In Entra, check the matching attribute (Attribute mapping > Match objects using this attribute): userName, externalId or the work email are indexed.',
  '400:invalidValue':
    'A value does not fit its attribute (the detail names it), or a member id names nothing. In Entra, check the mapping that sends it (an expression may give an empty or malformed value); Entra retries the object in later cycles.',
  '400:invalidPath':
    'A PATCH names an attribute the endpoint does not know. In Entra, check the target attribute names of the mapping; custom attributes need their full urn:…:User:name.',
  '400:noTarget':
    'A PATCH replaced a value selected by a filter that matched nothing (for example emails[type eq "work"] on a user without one). Entra usually sends add for a value that is new; this client sent replace.',
  '400:invalidSyntax':
    'The body is not valid JSON or not a SCIM message, or a key is not an attribute name. Entra and Okta do not send such bodies: look at the client that did.',
  '400:tooMany':
    'The request asks for too much work at once (too many member filters or values). Send the change in smaller PATCHes.',
  '400:mutability':
    'The request tries to change a read-only attribute (id, meta, groups). Leave it out of the request.',
  '400:invalidCursor': 'The cursor is not one the endpoint gave out. Start paging again without it.',
  '400':
    'The request was refused as malformed (the detail says why). The identity provider reports the detail in its log.',
  '401':
    'The Secret Token or client credentials were refused: mistyped, revoked or expired. Entra quarantines the job on this; mint a new credential (scim-admin tokens create) and paste it under Admin Credentials, then Test Connection.',
  '401:revoked':
    'The Secret Token (or client secret) in the request was revoked. If Entra still sends it, its job is quarantined or soon will be: mint a new one (scim-admin tokens create, or secrets create for a client), paste it under Admin Credentials and Test Connection. API Gateway caches the refusal: one line per token per cache period.',
  '401:expired':
    'The Secret Token (or client secret) expired. Mint a new one (scim-admin tokens create, or secrets create), paste it into the identity provider and Test Connection; tokens list shows the expiry of the others.',
  '401:wrong_secret':
    "The client id is right but the secret is not the client's (mistyped, or an old one). In Okta's Basic Auth the password is the client secret; in Entra the Client Secret field. scim-admin secrets list shows the client's secrets.",
  '401:not_a_secret_client':
    'The client id belongs to a federated (assertion) client, which has no secret: it must get its access token from the token endpoint with an assertion.',
  '401:inactive_tenant':
    'The credential is valid but its tenant is not active (being created, deleted or disabled). The vendor checks it with scim-admin tenants show.',
  '401:invalid_client':
    'The token endpoint refused the client: unknown client id, wrong or revoked secret, or an assertion that did not verify (the reason says which). In Entra, check the Client Identifier, Client Secret and Authorization Server URL.',
  '403':
    'The credential is valid but may not do this (for example a tenant without a throttling plan). The vendor must check the tenant (scim-admin tenants show).',
  '404':
    'The resource does not exist on the endpoint: deleted here, or never created. Entra forgets the id and looks the object up again on its next cycle; an Okta task can be retried.',
  '405': 'This method is not supported on this path. The Tenant URL must end in /scim/v2.',
  '409:uniqueness':
    'Another user (or group) on the endpoint already has this userName (or displayName), compared case-insensitively. Entra reports a conflict: usually its matching attribute is not userName, so it did not find the existing one. Match on userName, or remove or rename the other one.',
  '409': 'The write conflicts with the resource as stored. The client retries.',
  '412': 'The resource changed since the client read it (If-Match). The client reads it again and retries.',
  '413': 'The request body is too large (1 MiB; 4.5 MiB for /Groups). Send fewer members per request.',
  '415': 'The Content-Type is not JSON. Send application/scim+json.',
  '429':
    "The tenant's rate limit was reached. The client waits Retry-After and retries; if it persists through a whole cycle, the tenant needs a higher tier (scim-admin tenants set --tier).",
  '501': 'The endpoint does not support this (/Bulk, /Me, sorting). Entra and Okta do not need it.',
  '503':
    'The endpoint or its database was briefly unavailable, or the tenant is paused; nothing was changed. The client retries after Retry-After. If it persists, see the vendor alarms.',
  '500':
    'An unexpected error; nothing is known to have changed. The vendor should look at the function logs for this request id.',
};

/** The hint for a failure's status and scimType, or undefined for a success. */
export function failureHint(status: number, scimType?: string): string | undefined {
  if (status < 400) return undefined;
  return (
    (scimType === undefined ? undefined : FAILURE_HINTS[`${status}:${scimType}`]) ??
    FAILURE_HINTS[String(status)] ??
    (status >= 500 ? FAILURE_HINTS['500'] : FAILURE_HINTS['400'])
  );
}
