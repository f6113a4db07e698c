import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import type { Construct } from 'constructs';
import { SCIM_BASE_PATH } from '../functions/http/route-table';
import { accessLogFormat } from './access-log-format';
import type { ScimApiProps } from './scim-api-props';
import { addScimGatewayResponses } from './scim-gateway-responses';
import { ScimWebAcl } from './scim-web-acl';

export interface ScimGatewayProps extends Pick<ScimApiProps, 'webAcl' | 'customDomain'> {
  readonly stageName: string;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The REST API, a part of ScimApi (in its scope, so that the logical ids stay: see ScimApi): its stage with JSON
 * access logs, SCIM-shaped gateway responses, the optional WAF web ACL and custom domain, and the Tenant URL.
 */
export class ScimGateway {
  readonly api: apigw.RestApi;
  readonly accessLogs: logs.LogGroup;
  /** The Tenant URL customers paste into their identity provider. */
  readonly tenantUrl: string;

  constructor(scope: Construct, props: ScimGatewayProps) {
    // Kept when the stack is deleted, deleted when the create that made it rolls back (see ScimTable).
    this.accessLogs = new logs.LogGroup(scope, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const apiName = `${Stack.of(scope).stackName}-scim`;
    this.api = new apigw.RestApi(scope, 'Api', {
      restApiName: apiName,
      description: 'SCIM 2.0 provisioning endpoint (RFC 7643/7644)',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // The authorizer supplies each tenant's API key: Entra and Okta send no x-api-key header.
      apiKeySourceType: apigw.ApiKeySourceType.AUTHORIZER,
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stageName,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        // Every value quoted, so that every line is JSON (lib/access-log-format.ts).
        accessLogFormat: apigw.AccessLogFormat.custom(accessLogFormat(apiName)),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
      },
    });
    addScimGatewayResponses(this.api);
    if (props.webAcl !== undefined) {
      new ScimWebAcl(scope, 'WebAcl', {
        stage: this.api.deploymentStage,
        requestsPerTokenPer5Minutes: props.webAcl.requestsPerTokenPer5Minutes,
      });
    }
    this.tenantUrl =
      props.customDomain === undefined
        ? `${this.api.url.replace(/\/$/, '')}${SCIM_BASE_PATH}`
        : this.addDomain(scope, props.customDomain);
  }

  /** The custom domain, and its alias record when the hosted zone is given; returns the Tenant URL. */
  private addDomain(scope: Construct, domain: NonNullable<ScimApiProps['customDomain']>): string {
    const domainName = this.api.addDomainName('Domain', {
      domainName: domain.domainName,
      certificate: domain.certificate,
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    if (domain.hostedZone !== undefined) {
      new route53.ARecord(scope, 'DomainAlias', {
        zone: domain.hostedZone,
        recordName: domain.domainName,
        target: route53.RecordTarget.fromAlias(new targets.ApiGatewayDomain(domainName)),
      });
    }
    return `https://${domain.domainName}${SCIM_BASE_PATH}`;
  }
}
