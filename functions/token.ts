/**
 * Lambda entry point of the OAuth 2.0 token endpoint (`POST /oauth2/token`, RFC 6749 §3.2, §4.4): a client
 * of a tenant authenticates with its secret (HTTP Basic or form fields) or with a JWT assertion of its
 * trust (Entra workload identity federation), and gets an access token: an ordinary bearer token of the
 * tenant with an expiry, which the authorizer serves unchanged. No authorizer runs before it.
 */
import { credentialFunctionEnvironment, readEnvironment } from './config';
import { tokenEndpoint } from './oauth/token-endpoint';
import { ClientStore } from './storage/client-store';
import { createDocumentClient } from './storage/dynamo-client';
import { RequestLogStore } from './storage/request-log-store';
import { TokenStore } from './storage/token-store';

const environment = readEnvironment(credentialFunctionEnvironment);
const db = createDocumentClient({ region: environment.AWS_REGION, endpoint: environment.DYNAMODB_ENDPOINT });

export const handler = tokenEndpoint({
  tokens: new TokenStore(db, environment.TOKENS_TABLE_NAME),
  clients: new ClientStore(db, environment.TOKENS_TABLE_NAME),
  // A line per token request of a known client, issued or refused, in its tenant's request log.
  requestLog: new RequestLogStore(db, environment.DATA_TABLE_NAME, {
    retentionDays: environment.REQUEST_LOG_DAYS,
  }),
});
