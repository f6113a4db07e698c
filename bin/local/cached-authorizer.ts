import type { Authorization } from '../../functions/auth/authorize';
import type { Authorize } from './gateway-options';

/** Beyond this many cached answers the cache starts afresh, so that a flood of tokens cannot fill memory. */
const MAX_CACHED_ANSWERS = 10_000;

/**
 * API Gateway's authorizer cache: an answer (allowed or refused) is reused for the same identity source
 * until the TTL runs out; a failure is never cached. So a revoked token keeps working until then, locally
 * as deployed, and a tenant's policy change (`scim-admin tenants set`: a pause, a resume, a retention) reaches
 * its requests only once the answers cached before it have expired: within the TTL (300 s by default).
 */
export function cachedAuthorizer(authorize: Authorize, ttlSeconds: number): Authorize {
  if (ttlSeconds <= 0) return authorize;
  const cache = new Map<string, { expires: number; answer: Authorization }>();
  return async (header, request) => {
    const key = header ?? '';
    const now = Date.now();
    const cached = cache.get(key);
    if (cached !== undefined && cached.expires > now) return cached.answer;
    const answer = await authorize(header, request);
    if (cache.size > MAX_CACHED_ANSWERS) cache.clear();
    cache.set(key, { expires: now + ttlSeconds * 1000, answer });
    return answer;
  };
}
