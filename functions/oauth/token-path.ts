/**
 * Where the OAuth 2.0 token endpoint (RFC 6749 §3.2) is served, below the API's stage: beside `/scim/v2`,
 * not under it, and not behind the bearer-token authorizer (the client authenticates in the request itself).
 * The CDK construct creates this resource and the local gateway matches it, so the two cannot drift apart.
 */
export const TOKEN_PATH = '/oauth2/token';
