import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ERROR_CATALOGUE, errorHeaders, renderScimError } from '../functions/scim/error-catalogue';

/** What the rate rule answers: the catalogue's entry for it, as WAF's custom response body and headers. */
const RATE_LIMITED = ERROR_CATALOGUE.tokenRateLimited;

export interface ScimWebAclProps {
  readonly stage: apigw.Stage;
  /** Requests allowed per bearer token in any 5-minute window; more are answered 429. */
  readonly requestsPerTokenPer5Minutes: number;
}

/**
 * A WAF web ACL in front of the stage, rate-limiting per bearer token. Never per IP: Microsoft Entra ID
 * calls from shared IP ranges, so an IP limit would let one customer's sync throttle another's.
 */
export class ScimWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ScimWebAclProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: false,
      metricName,
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('ScimWebAcl'),
      customResponseBodies: {
        scimTooManyRequests: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify(renderScimError(RATE_LIMITED)),
        },
      },
      rules: [
        {
          name: 'RatePerBearerToken',
          priority: 0,
          action: {
            block: {
              customResponse: {
                responseCode: RATE_LIMITED.status,
                customResponseBodyKey: 'scimTooManyRequests',
                responseHeaders: Object.entries(errorHeaders(RATE_LIMITED)).map(([name, value]) => ({
                  name,
                  value,
                })),
              },
            },
          },
          statement: {
            rateBasedStatement: {
              limit: props.requestsPerTokenPer5Minutes,
              evaluationWindowSec: 300,
              aggregateKeyType: 'CUSTOM_KEYS',
              customKeys: [
                { header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } },
              ],
            },
          },
          visibilityConfig: visibility('RatePerBearerToken'),
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
