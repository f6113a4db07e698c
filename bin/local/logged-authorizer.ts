import type { Authorization } from '../../functions/auth/authorize';
import { logCredentialUse } from '../../functions/http/credential-log';
import type { RequestLogSink } from '../../functions/scim/request-log-port';
import type { Authorize } from './gateway-options';

/**
 * The authorizer as functions/authorizer.ts runs it in AWS: a refused credential of a known tenant (revoked,
 * expired, a wrong secret of its client) is a 401 line in that tenant's request log, written before the
 * refusal is answered. Behind cachedAuthorizer, as in AWS: a refusal served from the cache is not logged again.
 */
export function loggedAuthorizer(
  authorize: (header: string | undefined) => Promise<Authorization>,
  requestLog: RequestLogSink,
): Authorize {
  return async (header, request) => {
    const answer = await authorize(header);
    if (!answer.allowed) await logCredentialUse(requestLog, request, { status: 401, ...answer });
    return answer;
  };
}
