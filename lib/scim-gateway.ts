import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import type { Construct } from 'constructs';
import { SCIM_BASE_PATH } from '../functions/http/route-table';
import { TOKEN_PATH } from '../functions/oauth/token-path';
import { accessLogFormat } from './access-log-format';
import type { ScimApiProps } from './scim-api-props';
import { addScimGatewayResponses } from './scim-gateway-responses';
import type { ScimSettings } from './scim-settings';
import { ScimWebAcl } from './scim-web-acl';

export interface ScimGatewayProps
  extends Pick<ScimApiProps, 'webAcl' | 'customDomain'>,
    Pick<ScimSettings, 'tokenEndpointThrottle' | 'tokenRequestsPerIpPer5Minutes'> {
  readonly stageName: string;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The REST API, a part of ScimApi (in its scope, so that the logical ids stay: see ScimApi): its stage with JSON
 * access logs and the token endpoint's throttling, SCIM-shaped gateway responses, the optional WAF web ACL and
 * custom domain, the Tenant URL and the Token Endpoint.
 */
export class ScimGateway {
  readonly api: apigw.RestApi;
  readonly accessLogs: logs.LogGroup;
  /** The Tenant URL customers paste into their identity provider. */
  readonly tenantUrl: string;
  /** The OAuth 2.0 token endpoint's URL (RFC 6749 §3.2): Entra's "Token Endpoint". */
  readonly tokenEndpoint: string;

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
        methodOptions: { [TOKEN_METHOD]: tokenMethodOptions(props.tokenEndpointThrottle) },
      },
    });
    addScimGatewayResponses(this.api);
    if (props.webAcl !== undefined) {
      new ScimWebAcl(scope, 'WebAcl', {
        stage: this.api.deploymentStage,
        requestsPerTokenPer5Minutes: props.webAcl.requestsPerTokenPer5Minutes,
        tokenRequestsPerIpPer5Minutes: props.tokenRequestsPerIpPer5Minutes,
      });
    }
    const base =
      props.customDomain === undefined
        ? this.api.url.replace(/\/$/, '')
        : this.addDomain(scope, props.customDomain);
    this.tenantUrl = `${base}${SCIM_BASE_PATH}`;
    this.tokenEndpoint = `${base}${TOKEN_PATH}`;
  }

  /** The custom domain, and its alias record when the hosted zone is given; returns its base URL. */
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
    return `https://${domain.domainName}`;
  }
}

/**
 * The stage's method-settings key of the token endpoint: `{resource_path}/{http_method}`, "i.e. /api/toys/GET"
 * (aws-cdk-lib StageOptions.methodOptions,
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_apigateway.StageOptions.html#methodoptions), which
 * CDK renders as the MethodSetting's ResourcePath `/~1oauth2~1token` and HttpMethod `POST`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-stage-methodsetting.html).
 */
export const TOKEN_METHOD = `${TOKEN_PATH}/POST`;

/**
 * The token endpoint's method settings: its throttling, which is the only limit on it, since usage plans
 * throttle by API key and this method takes none ("Default per-method limits and individual per-method
 * limits that you set in API stage settings",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html).
 * The stage's other settings are repeated, so that an override never turns them off: above all no data
 * trace, which would log request bodies, here client secrets and assertions.
 */
function tokenMethodOptions(throttle: ScimSettings['tokenEndpointThrottle']): apigw.MethodDeploymentOptions {
  return {
    throttlingRateLimit: throttle.rateLimit,
    throttlingBurstLimit: throttle.burstLimit,
    loggingLevel: apigw.MethodLoggingLevel.ERROR,
    dataTraceEnabled: false,
    metricsEnabled: true,
  };
}
