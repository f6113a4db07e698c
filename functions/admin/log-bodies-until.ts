import { POLICY_LIMITS } from '../scim/tenant-policy';

/** The outcome of reading `--log-bodies`: the instant the setting ends (or `off`), or why it is refused. */
export type LogBodiesResult =
  | { readonly ok: true; readonly logBodiesUntil: string }
  | { readonly ok: false; readonly message: string };

const DURATION = /^(\d{1,5})([mhd])$/;
const MINUTES_PER_UNIT: Readonly<Record<string, number>> = { m: 1, h: 60, d: 1440 };

/** What `--log-bodies` accepts, for error messages and the CLI's help. */
export const LOG_BODIES_FORMS = 'a duration in minutes, hours or days (30m, 24h, 3d), at most 7 days, or off';

/**
 * Reads `--log-bodies`: a duration from `now` on, as the instant it ends, so that the setting ends by
 * itself; a week at most (POLICY_LIMITS.logBodiesMinutes), as the bodies are personal data.
 */
export function logBodiesUntil(text: string, now: Date): LogBodiesResult {
  const value = text.trim();
  if (value === 'off') return { ok: true, logBodiesUntil: 'off' };
  const duration = DURATION.exec(value);
  if (duration === null) return { ok: false, message: `'${text}' is not ${LOG_BODIES_FORMS}` };
  const minutes = Number(duration[1]) * (MINUTES_PER_UNIT[duration[2] as string] as number);
  const { min, max } = POLICY_LIMITS.logBodiesMinutes;
  if (minutes < min) return { ok: false, message: `'${text}' is no time at all: give at least 1m` };
  if (minutes > max)
    return { ok: false, message: `'${text}' is more than 7 days: bodies are kept for a week at most` };
  return { ok: true, logBodiesUntil: new Date(now.getTime() + minutes * 60_000).toISOString() };
}
