import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { LAMBDA_PAYLOAD_LIMITS } from '../../functions/http/lambda-payload';
import { logger } from '../../functions/http/logger';
import { GatewayResponse } from './gateway-response';

/**
 * REST API quotas (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html):
 * payload size 10 MB; above it, API Gateway answers its REQUEST_TOO_LARGE gateway response, 413.
 */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** The request body; REQUEST_TOO_LARGE as soon as it passes API Gateway's payload limit. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) throw new GatewayResponse('REQUEST_TOO_LARGE');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Lambda refuses an invocation whose event is over its request limit: INTEGRATION_FAILURE. API Gateway
 * passes a text body as it is (the API declares no binary media types): that is what Lambda measures, not
 * the base64 this adapter hands the function.
 */
export function refuseOversizedEvent(event: APIGatewayProxyEvent, body: Buffer): void {
  const invocation = {
    ...event,
    body: body.length === 0 ? null : body.toString('utf8'),
    isBase64Encoded: false,
  };
  if (Buffer.byteLength(JSON.stringify(invocation)) > LAMBDA_PAYLOAD_LIMITS.requestBytes) {
    throw new GatewayResponse('INTEGRATION_FAILURE');
  }
}

/** A function's answer over Lambda's response limit is a function error (Function.ResponseSizeTooLarge). */
export function refuseOversizedResult(functionName: string, result: APIGatewayProxyResult): void {
  if (Buffer.byteLength(JSON.stringify(result)) > LAMBDA_PAYLOAD_LIMITS.responseBytes) {
    logger.error('The function failed', {
      function: functionName,
      errorName: 'Function.ResponseSizeTooLarge',
    });
    throw new GatewayResponse('INTEGRATION_FAILURE');
  }
}
