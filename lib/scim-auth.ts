import type { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV } from '../functions/config';
import { ScimFunction } from './scim-function';
import type { ScimTable } from './scim-table';
import { useTable } from './use-table';

export interface ScimAuthProps {
  readonly tokensTable: ScimTable;
  /** Where a refused credential of a known tenant is logged (the tenant's request log), and for how long. */
  readonly dataTable: ScimTable;
  readonly requestLogDays: number;
  /** How long API Gateway caches the authorizer's answer per token. */
  readonly cacheTtl: Duration;
  /** Concurrent executions reserved for (and capping) the authorizer; undefined: the shared pool. */
  readonly reservedConcurrency: number | undefined;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Authentication, a part of ScimApi: the bearer-token authorizer function, which reads the tokens table and
 * records a token's last use, and the REQUEST authorizer that API Gateway calls with the `Authorization`
 * header, its answer cached per token. In the ScimApi's scope, so that the logical ids stay (see ScimApi).
 */
export class ScimAuth {
  readonly function: ScimFunction;
  readonly authorizer: apigw.RequestAuthorizer;

  constructor(scope: Construct, props: ScimAuthProps) {
    this.function = new ScimFunction(scope, 'Authorizer', {
      entry: 'authorizer',
      description: 'SCIM bearer-token authorizer',
      logRetention: props.logRetention,
      ...(props.reservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency }),
    });
    useTable(this.function, props.tokensTable, { variable: ENV.TOKENS_TABLE_NAME, access: 'authorize' });
    useTable(this.function, props.dataTable, { variable: ENV.DATA_TABLE_NAME, access: 'requestLog' });
    this.function.function.addEnvironment(ENV.REQUEST_LOG_DAYS, String(props.requestLogDays));
    this.authorizer = new apigw.RequestAuthorizer(scope, 'TokenAuthorizer', {
      handler: this.function.function,
      identitySources: [apigw.IdentitySource.header('Authorization')],
      resultsCacheTtl: props.cacheTtl,
    });
  }
}
