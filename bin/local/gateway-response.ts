import type { APIGatewayProxyResult } from 'aws-lambda';
import { catalogueResponse } from '../../functions/http/error-response';
import { toProxyResult } from '../../functions/http/scim-response';
import {
  ERROR_CATALOGUE,
  type ErrorEntry,
  type GatewayResponseType,
} from '../../functions/scim/error-catalogue';

/**
 * The gateway responses the local gateway answers by itself, as the deployed gateway does: the error
 * catalogue's entries for these types (test/bin/local/local-gateway-limits.test.ts checks both say the same).
 *
 * A function that fails (it throws, Lambda stops it at its timeout, or its response is over Lambda's 6 MB,
 * Function.ResponseSizeTooLarge) or whose invocation Lambda refuses (an event over 6 MB) is an integration
 * failure: API Gateway answers 502 (500 for a refused invocation) with {"message": "Internal server error"}
 * by default (https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html), and its
 * INTEGRATION_FAILURE gateway response when one is configured, as the stack does: a response over the limit
 * came back with the API's INTEGRATION_FAILURE response in https://github.com/DataBiosphere/azul/issues/7470,
 * a refused invocation (throttled) in https://repost.aws/questions/QUL-z6rJbmR4meafB7MzYXxw. Neither can be
 * checked without an AWS account.
 *
 * A method the API does not declare on a resource it does (GET on the token endpoint, which has POST only)
 * is MISSING_AUTHENTICATION_TOKEN in API Gateway, as an unknown path is
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html:
 * "missing authentication token error, including the cases when the client attempts to invoke an
 * unsupported API method or resource"); the stack answers that type with a 404. (With an Authorization
 * header, AWS is reported to answer such a request with a 403 of its own instead, which no gateway response
 * changes: https://repost.aws/questions/QU4P9tucybRzG52U5OhwaT0A. Locally it is always the 404.)
 */
export const LOCAL_GATEWAY_RESPONSES = {
  UNAUTHORIZED: ERROR_CATALOGUE.unauthorized,
  MISSING_AUTHENTICATION_TOKEN: ERROR_CATALOGUE.notBelowBase,
  AUTHORIZER_FAILURE: ERROR_CATALOGUE.authorizerUnavailable,
  REQUEST_TOO_LARGE: ERROR_CATALOGUE.requestTooLarge,
  INTEGRATION_FAILURE: ERROR_CATALOGUE.integrationFailure,
  INTEGRATION_TIMEOUT: ERROR_CATALOGUE.integrationTimeout,
} as const satisfies Partial<Record<GatewayResponseType, ErrorEntry>>;

export type LocalGatewayResponseType = keyof typeof LOCAL_GATEWAY_RESPONSES;

/** The gateway answers by itself: thrown by the steps of a request, answered as the gateway response. */
export class GatewayResponse extends Error {
  constructor(readonly type: LocalGatewayResponseType) {
    super(type);
  }

  toResult(): APIGatewayProxyResult {
    return toProxyResult(catalogueResponse(LOCAL_GATEWAY_RESPONSES[this.type]));
  }
}
