/**
 * Lambda entry point of the OAuth 2.0 token endpoint (`POST /oauth2/token`, RFC 6749 §3.2, §4.4): a client
 * of a tenant authenticates with its secret (HTTP Basic or form fields) or with a JWT assertion of its
 * trust (Entra workload identity federation), and gets an access token: an ordinary bearer token of the
 * tenant with an expiry, which the authorizer serves unchanged. No authorizer runs before it.
 */
import { readEnvironment, tokensFunctionEnvironment } from './config';
import { tokenEndpoint } from './oauth/token-endpoint';
import { ClientStore } from './storage/client-store';
import { createDocumentClient } from './storage/dynamo-client';
import { TokenStore } from './storage/token-store';

const environment = readEnvironment(tokensFunctionEnvironment);
const db = createDocumentClient({ region: environment.AWS_REGION, endpoint: environment.DYNAMODB_ENDPOINT });

export const handler = tokenEndpoint({
  tokens: new TokenStore(db, environment.TOKENS_TABLE_NAME),
  clients: new ClientStore(db, environment.TOKENS_TABLE_NAME),
});
