import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { ENV } from '../functions/config';
import { TOKEN_PATH } from '../functions/oauth/token-path';
import { ScimFunction } from './scim-function';
import type { ScimTable } from './scim-table';
import { useTable } from './use-table';

export interface ScimTokenEndpointProps {
  readonly tokensTable: ScimTable;
  /** Where a token request of a known client is logged (its tenant's request log), and for how long. */
  readonly dataTable: ScimTable;
  readonly requestLogDays: number;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The OAuth 2.0 token endpoint (RFC 6749 §3.2, client credentials §4.4), a part of ScimApi (in its scope, as
 * the other parts: see ScimApi): the token function, which authenticates a client (its secret, or an Entra
 * workload identity assertion) and issues an ordinary bearer token of the client's tenant, and its method,
 * `POST /oauth2/token` beside `/scim/v2`. The method has no authorizer and takes no API key: the client
 * authenticates in the request itself (RFC 6749 §2.3), and a client that has no access token yet has nothing
 * an authorizer could check. Its throttling is the stage's (ScimGateway), its refusals are counted from the
 * access log (ScimAlarms).
 */
export class ScimTokenEndpoint {
  readonly function: ScimFunction;

  constructor(scope: Construct, props: ScimTokenEndpointProps) {
    this.function = new ScimFunction(scope, 'Token', {
      entry: 'token',
      description: 'OAuth 2.0 token endpoint',
      logRetention: props.logRetention,
    });
    useTable(this.function, props.tokensTable, { variable: ENV.TOKENS_TABLE_NAME, access: 'token' });
    useTable(this.function, props.dataTable, { variable: ENV.DATA_TABLE_NAME, access: 'requestLog' });
    this.function.function.addEnvironment(ENV.REQUEST_LOG_DAYS, String(props.requestLogDays));
  }

  /** The token method on the API: the function behind it, no authorizer, no API key. */
  addTo(api: apigw.RestApi): apigw.Method {
    // An unauthorized method may take no API key even where the API's key source is the authorizer: the key
    // source only matters for methods that require one.
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-key-source.html
    const method = api.root
      .resourceForPath(TOKEN_PATH)
      .addMethod('POST', new apigw.LambdaIntegration(this.function.function, { allowTestInvoke: false }), {
        authorizationType: apigw.AuthorizationType.NONE,
        apiKeyRequired: false,
      });
    // On this method only: on the API (with its children) the suppression would hide a SCIM method that lost
    // its authorizer too.
    NagSuppressions.addResourceSuppressions(method, [
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'The OAuth 2.0 token endpoint: clients authenticate in the request itself (HTTP Basic, client_secret in the body, or a JWT client assertion, RFC 6749 §2.3, RFC 7523), before they have a token an authorizer could check.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason:
          'The OAuth 2.0 token endpoint is the issuer of the bearer tokens: its clients authenticate with a client secret or an Entra workload identity assertion, not with Cognito.',
      },
    ]);
    return method;
  }
}
