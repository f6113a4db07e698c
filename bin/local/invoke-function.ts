import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describeError, logger } from '../../functions/http/logger';
import type { LocalFunctionName, LocalGatewayOptions, ProxyHandler } from './gateway-options';
import { GatewayResponse } from './gateway-response';
import { refuseOversizedResult } from './payload-limits';

/**
 * API Gateway's integration timeout: 50 ms to 29 s, 29 s by default, then INTEGRATION_TIMEOUT (504)
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html).
 */
const INTEGRATION_TIMEOUT_MILLIS = 29_000;
/** The stack's function timeout (lib/scim-api.ts). */
const FUNCTION_TIMEOUT_MILLIS = 28_000;

/** A Lambda context whose remaining time counts down from the function's timeout. */
function invocationContext(name: LocalFunctionName, functionTimeoutMillis: number): Context {
  const started = Date.now();
  return {
    functionName: `scim-${name}`,
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, functionTimeoutMillis - (Date.now() - started)),
    callbackWaitsForEmptyEventLoop: false,
  } as unknown as Context;
}

/**
 * Rejects at the function's timeout (Lambda stops it: INTEGRATION_FAILURE) or the integration timeout
 * (API Gateway gives up: INTEGRATION_TIMEOUT), whichever comes first; `clear` stops both timers.
 */
function timeouts(functionTimeoutMillis: number, integrationTimeoutMillis: number) {
  const timers: NodeJS.Timeout[] = [];
  const expired = new Promise<never>((_, reject) => {
    timers.push(setTimeout(() => reject(new GatewayResponse('INTEGRATION_FAILURE')), functionTimeoutMillis));
    timers.push(
      setTimeout(() => reject(new GatewayResponse('INTEGRATION_TIMEOUT')), integrationTimeoutMillis),
    );
  });
  return { expired, clear: () => timers.forEach(clearTimeout) };
}

/**
 * Runs the route's function as Lambda behind API Gateway would: with a context whose remaining time counts
 * down from the function's timeout, failed if it throws, is still running at that timeout, or answers
 * more than Lambda's response limit; and given up at the integration timeout.
 */
export async function invokeFunction(
  options: LocalGatewayOptions,
  { name, handler }: { readonly name: LocalFunctionName; readonly handler: ProxyHandler },
  event: APIGatewayProxyEvent,
): Promise<APIGatewayProxyResult> {
  const functionTimeout = options.functionTimeoutMillis ?? FUNCTION_TIMEOUT_MILLIS;
  const context = invocationContext(name, functionTimeout);
  const deadline = timeouts(functionTimeout, options.integrationTimeoutMillis ?? INTEGRATION_TIMEOUT_MILLIS);
  const running = Promise.resolve()
    .then(() => handler(event, context))
    .catch((error: unknown) => {
      logger.error('The function failed', { function: name, ...describeError(error) });
      throw new GatewayResponse('INTEGRATION_FAILURE');
    });
  // Given up on, the function may still settle later: that must not become an unhandled rejection.
  running.catch(() => undefined);
  try {
    const result = await Promise.race([running, deadline.expired]);
    refuseOversizedResult(name, result);
    return result;
  } finally {
    deadline.clear();
  }
}
