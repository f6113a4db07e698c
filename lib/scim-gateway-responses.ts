import * as apigw from 'aws-cdk-lib/aws-apigateway';
import {
  ERROR_CATALOGUE,
  type ErrorEntry,
  errorHeaders,
  renderScimError,
  type ScimErrorBody,
} from '../functions/scim/error-catalogue';

interface ScimGatewayResponse extends ScimErrorBody {
  readonly type: apigw.ResponseType;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * What API Gateway answers by itself, before or instead of a function: every one as an RFC 7644 §3.12
 * Error with `application/scim+json`, so that Entra and Okta always get a SCIM body. The texts are the
 * error catalogue's entries that name a gateway response type (functions/scim/error-catalogue.ts).
 */
export const SCIM_GATEWAY_RESPONSES: readonly ScimGatewayResponse[] = Object.values(
  ERROR_CATALOGUE as Record<string, ErrorEntry>,
).flatMap((entry) =>
  (entry.gatewayResponses ?? []).map((type) => ({
    type: apigw.ResponseType.of(type),
    status: entry.status,
    scimType: entry.scimType,
    detail: entry.detail,
    headers: errorHeaders(entry),
  })),
);

/** Quotes a header value for API Gateway, which reads response header values as mapping expressions. */
const literal = (value: string) => `'${value.replace(/'/g, "\\'")}'`;

export function addScimGatewayResponses(api: apigw.RestApi): void {
  for (const response of SCIM_GATEWAY_RESPONSES) {
    const body = JSON.stringify(renderScimError(response));
    api.addGatewayResponse(`Scim${response.type.responseType}`, {
      type: response.type,
      statusCode: String(response.status),
      responseHeaders: {
        'Content-Type': literal('application/scim+json'),
        'Cache-Control': literal('no-store'),
        ...Object.fromEntries(
          Object.entries(response.headers).map(([name, value]) => [name, literal(value)]),
        ),
      },
      templates: { 'application/json': body, 'application/scim+json': body },
    });
  }
}
