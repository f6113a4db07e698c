import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { TOKEN_PATH } from '../functions/oauth/token-path';
import { ERROR_CATALOGUE, errorHeaders, renderScimError } from '../functions/scim/error-catalogue';

/** What the rate rule answers: the catalogue's entry for it, as WAF's custom response body and headers. */
const RATE_LIMITED = ERROR_CATALOGUE.tokenRateLimited;

/**
 * The requests a rate-based rule's scope-down statement lets the token rule count: those whose URI path
 * contains the token path, URL-decoded first. Contains, not exactly: WAF sees the path as the client sent
 * it, `/<stage>/oauth2/token` on the execute-api URL and `/oauth2/token` on a custom domain.
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-scope-down-statements.html
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-string-match.html
 */
const TOKEN_PATH_REQUESTS: wafv2.CfnWebACL.StatementProperty = {
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'CONTAINS',
    searchString: TOKEN_PATH,
    textTransformations: [{ priority: 0, type: 'URL_DECODE' }],
  },
};

export interface ScimWebAclProps {
  readonly stage: apigw.Stage;
  /** Requests allowed per bearer token in any 5-minute window; more are answered 429. */
  readonly requestsPerTokenPer5Minutes: number;
  /** Token requests allowed per client IP in any 5-minute window (at least 10); more are answered 429. */
  readonly tokenRequestsPerIpPer5Minutes: number;
}

/**
 * A WAF web ACL in front of the stage, rate-limiting per bearer token. Never per IP on the SCIM paths:
 * Microsoft Entra ID calls from shared IP ranges, so an IP limit would let one customer's sync throttle
 * another's. The token endpoint is the exception: a request there has no bearer token yet (a client secret
 * in the body, or a Basic header a guesser can vary at will), so it is limited per IP, generously, since
 * Entra asks for a token about once per token lifetime per provisioning job.
 */
export class ScimWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ScimWebAclProps) {
    super(scope, id);
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
      rules: rateRules(props),
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}

/** Metrics on; no sampled requests, which would keep requests' headers (their tokens) in WAF. */
function visibility(metricName: string) {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: false, metricName };
}

/** What a rate rule does over its limit: the SCIM 429 body and headers. */
const BLOCK = {
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
};

/** The rate-based rules: per bearer token on every path, per IP on the token path. */
function rateRules(props: ScimWebAclProps): wafv2.CfnWebACL.RuleProperty[] {
  return [
    {
      name: 'RatePerBearerToken',
      priority: 0,
      action: BLOCK,
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
    {
      name: 'TokenRequestsPerIp',
      priority: 1,
      action: BLOCK,
      statement: {
        rateBasedStatement: {
          limit: props.tokenRequestsPerIpPer5Minutes,
          evaluationWindowSec: 300,
          aggregateKeyType: 'IP',
          scopeDownStatement: TOKEN_PATH_REQUESTS,
        },
      },
      visibilityConfig: visibility('TokenRequestsPerIp'),
    },
  ];
}
