import type { RequestLogEntry, RequestLogSink } from '../scim/request-log-port';
import { FAILURE_HINTS, failureHint } from './failure-hints';
import { REQUEST_LOG_BUDGET_MS, writeWithinBudget } from './request-log';
import { dialectOf } from './request-log-entry';

/**
 * A request whose credential the authorizer refused, or a token request, as their functions see it: API
 * Gateway's REQUEST authorizer event has the method, the path, the headers and the query string, but no
 * body (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html).
 */
export interface CredentialRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly requestId: string;
  /** When the authorizer started on it (ms since the epoch). */
  readonly startedAt: number;
}

/** What an authorizer's REQUEST event and a proxy event both carry of the request. */
interface GatewayEvent {
  readonly httpMethod: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>> | null;
  readonly queryStringParameters: Readonly<Record<string, string | undefined>> | null;
  readonly requestContext: { readonly requestId: string };
}

/** The request as the tenant's request log reads it: the dialect from its headers; no header or body is kept. */
export function credentialRequestOf(event: GatewayEvent, startedAt: number): CredentialRequest {
  return {
    method: event.httpMethod,
    path: event.path,
    headers: event.headers ?? {},
    query: event.queryStringParameters ?? {},
    requestId: event.requestContext.requestId,
    startedAt,
  };
}

/**
 * What became of the credential, and whose it is: a line is written only when the credential names its
 * tenant (a revoked or expired token, a wrong secret of a known client, a token issued to a client).
 */
export interface CredentialOutcome {
  /** 401 for the authorizer's refusals; the token endpoint's status otherwise. */
  readonly status: number;
  /** Why it was refused (`revoked`, `wrong_secret`, `bad_signature`…); none for a success. */
  readonly reason?: string;
  /** The token endpoint's OAuth error code (RFC 6749 §5.2). */
  readonly error?: string;
  readonly tenantId?: string;
  readonly credentialId?: string;
}

/** The hint by reason, then by the OAuth error, then by status. */
function hintOf({ status, reason, error }: CredentialOutcome): string | undefined {
  return (
    (reason === undefined ? undefined : FAILURE_HINTS[`${status}:${reason}`]) ?? failureHint(status, error)
  );
}

/** The tenant's line of the request, or undefined for a credential of no known tenant. */
export function credentialEntry(
  request: CredentialRequest,
  outcome: CredentialOutcome,
  endedAt: number,
): { tenant: string; entry: RequestLogEntry } | undefined {
  if (outcome.tenantId === undefined) return undefined;
  const lowerCased = Object.fromEntries(
    Object.entries(request.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name.toLowerCase(), value]],
    ),
  );
  const query = Object.fromEntries(Object.entries(request.query).map(([k, v]) => [k, v ?? '']));
  const hint = hintOf(outcome);
  return {
    tenant: outcome.tenantId,
    entry: {
      time: new Date(request.startedAt).toISOString(),
      method: request.method,
      path: request.path,
      status: outcome.status,
      ...(outcome.error === undefined ? {} : { detail: outcome.error }),
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      dialect: dialectOf(lowerCased, query, undefined),
      latencyMs: Math.max(0, Math.round(endedAt - request.startedAt)),
      requestId: request.requestId,
      ...(outcome.credentialId === undefined ? {} : { credentialId: outcome.credentialId }),
      ...(hint === undefined ? {} : { hint }),
    },
  };
}

/**
 * Writes the line, if the credential has a tenant, within the request log's budget: a failing log is
 * counted in the function's log (`request log not written`), never turned into another answer.
 */
export async function logCredentialUse(
  sink: RequestLogSink,
  request: CredentialRequest,
  outcome: CredentialOutcome,
  now: () => number = Date.now,
): Promise<void> {
  const line = credentialEntry(request, outcome, now());
  if (line !== undefined)
    await writeWithinBudget(() => sink.write(line.tenant, line.entry), REQUEST_LOG_BUDGET_MS);
}
