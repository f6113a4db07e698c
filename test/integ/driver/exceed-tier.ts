const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface TierCheck {
  /** Requests sent, in waves, until one was throttled or the budget ran out. */
  readonly requests: number;
  /** How many answers of each status. */
  readonly statuses: Readonly<Record<string, number>>;
  /** The first 429, as the identity provider sees it; absent if none came. */
  readonly throttled?: {
    readonly contentType: string | null;
    readonly retryAfter: string | null;
    readonly body: string;
  };
}

export interface TierCheckOptions {
  /** Requests sent at once: at most this many function executions at a time. Default 25. */
  readonly waveSize?: number;
  /** Waves before giving up. Default 20 (500 requests). */
  readonly maxWaves?: number;
}

/**
 * Sends the tenant's requests faster than its tier allows (the default `standard` tier: 25 requests/s,
 * burst 50) in waves of `waveSize` concurrent requests, until API Gateway throttles one. Usage-plan
 * throttling is applied "on a best-effort basis" and clients can exceed it for a while
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html), so this
 * counts requests until the first 429 rather than expecting it at request 51. Waves, not one burst of
 * hundreds, keep the concurrent function executions (and the sandbox account's Lambda concurrency) low.
 */
export async function exceedTier(
  baseUrl: string,
  token: string,
  { waveSize = 25, maxWaves = 20 }: TierCheckOptions = {},
): Promise<TierCheck> {
  const statuses: Record<string, number> = {};
  let requests = 0;
  for (let wave = 0; wave < maxWaves; wave++) {
    const responses = await Promise.all(
      Array.from({ length: waveSize }, () =>
        fetch(`${baseUrl}/ServiceProviderConfig`, { headers: { Authorization: `Bearer ${token}` } }),
      ),
    );
    requests += responses.length;
    let throttled: TierCheck['throttled'];
    for (const response of responses) {
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      const text = await response.text();
      if (response.status === 429 && throttled === undefined) {
        throttled = {
          contentType: response.headers.get('content-type'),
          retryAfter: response.headers.get('retry-after'),
          body: text,
        };
      }
    }
    if (throttled !== undefined) return { requests, statuses, throttled };
  }
  return { requests, statuses };
}

/** What an identity provider would trip over in the tier check: nothing, if the list is empty. */
export function tierProblems(check: TierCheck): string[] {
  const problems: string[] = [];
  const unexpected = Object.entries(check.statuses).filter(
    ([status]) => status !== '200' && status !== '429',
  );
  if (unexpected.length > 0) {
    problems.push(
      `tier: answers other than 200 and 429 during the burst: ${unexpected.map(([s, n]) => `${s}×${n}`).join(', ')}`,
    );
  }
  const throttled = check.throttled;
  if (throttled === undefined) {
    problems.push(`tier: no 429 after ${check.requests} requests beyond the tier's rate`);
    return problems;
  }
  // RFC 7644 §3.12: an error is a SCIM Error message; §8.1: its media type is application/scim+json.
  if (!throttled.contentType?.startsWith('application/scim+json')) {
    problems.push(`tier: the 429 is ${throttled.contentType ?? 'untyped'}, not application/scim+json`);
  }
  let body: { schemas?: unknown; status?: unknown } | undefined;
  try {
    body = JSON.parse(throttled.body);
  } catch {
    body = undefined;
  }
  if (!Array.isArray(body?.schemas) || !body.schemas.includes(ERROR_SCHEMA) || body.status !== '429') {
    problems.push(`tier: the 429 is not a SCIM Error with status "429": ${throttled.body.slice(0, 300)}`);
  }
  // Entra and Okta back off by Retry-After (RFC 9110 §10.2.3: a number of seconds or a date).
  if (throttled.retryAfter === null || throttled.retryAfter.trim() === '') {
    problems.push('tier: the 429 has no Retry-After header');
  }
  return problems;
}
