import { DEFAULT_RETAIN_DAYS, isInstant, POLICY_LIMITS, type TenantPolicy } from '../scim/tenant-policy';

/**
 * What `tenants set` asks to change, as the CLI sends it: each field absent keeps that setting. Checked by
 * policyChangeProblem on both sides, so the CLI refuses (exit 2) what the admin function would.
 */
export interface PolicyChange {
  readonly deletion?: string;
  readonly retainDays?: number;
  readonly purgeDeactivatedAfterDays?: number | 'off';
  readonly pause?: boolean;
  readonly resume?: boolean;
  /** The instant until which the log keeps bodies (the CLI's `--log-bodies 24h`, from its clock), or off. */
  readonly logBodiesUntil?: string;
}

const MINUTE_MS = 60_000;
/**
 * How far past the limit the admin function lets an instant be: the CLI reckons `--log-bodies 7d` on its
 * own clock, which may run a little ahead of Lambda's.
 */
const CLOCK_SKEW_MS = 5 * MINUTE_MS;

/** Why `logBodiesUntil` is not `off` or an instant from now to the limit ahead, or undefined. */
function logBodiesProblem(until: string, now: Date): string | undefined {
  if (until === 'off') return undefined;
  if (!isInstant(until)) return `--log-bodies takes a duration such as 24h, or off, not '${until}'`;
  const { max } = POLICY_LIMITS.logBodiesMinutes;
  const at = Date.parse(until);
  if (at <= now.getTime()) return `--log-bodies: ${until} is in the past`;
  if (at > now.getTime() + max * MINUTE_MS + CLOCK_SKEW_MS)
    return `--log-bodies: ${until} is more than ${max / 1440} days ahead; bodies are kept for a week at most`;
  return undefined;
}

const within = (value: number, { min, max }: { readonly min: number; readonly max: number }) =>
  Number.isInteger(value) && value >= min && value <= max;

/** Why a change cannot be made at `now`, in the CLI's terms, or undefined if it can. */
export function policyChangeProblem(change: PolicyChange, now: Date = new Date()): string | undefined {
  const { deletion, retainDays, purgeDeactivatedAfterDays: purge, pause, resume, logBodiesUntil } = change;
  const unnamed = deletion === undefined && retainDays === undefined && purge === undefined;
  if (unnamed && !pause && !resume && logBodiesUntil === undefined)
    return 'tenants set needs at least one of --deletion, --retain-days, --purge-deactivated-after, --pause, --resume, --log-bodies';
  if (pause === true && resume === true) return '--pause and --resume contradict each other: give one';
  if (deletion !== undefined && deletion !== 'hard' && deletion !== 'retain')
    return `--deletion takes hard or retain, not '${deletion}'`;
  if (retainDays !== undefined && deletion !== 'retain') return '--retain-days goes with --deletion retain';
  const { retainDays: days, purgeDeactivatedAfterDays: purgeDays } = POLICY_LIMITS;
  if (retainDays !== undefined && !within(retainDays, days))
    return `--retain-days takes ${days.min} to ${days.max} days, not ${retainDays}`;
  if (purge !== undefined && purge !== 'off' && !within(purge, purgeDays))
    return `--purge-deactivated-after takes ${purgeDays.min} to ${purgeDays.max} days or off, not ${purge}`;
  return logBodiesUntil === undefined ? undefined : logBodiesProblem(logBodiesUntil, now);
}

/** The deletion setting after a change: a tenant already retaining keeps its days unless told others. */
function deletionAfter(current: TenantPolicy['deletion'], change: PolicyChange): TenantPolicy['deletion'] {
  if (change.deletion === 'hard') return { mode: 'hard' };
  if (change.deletion !== 'retain') return current;
  const kept = current.mode === 'retain' ? current.days : DEFAULT_RETAIN_DAYS;
  return { mode: 'retain', days: change.retainDays ?? kept };
}

/** The policy after a valid change (policyChangeProblem undefined): what it names changes, nothing else. */
export function changedPolicy(current: TenantPolicy, change: PolicyChange): TenantPolicy {
  const purge = change.purgeDeactivatedAfterDays ?? current.purgeDeactivatedAfterDays;
  const until = change.logBodiesUntil ?? current.logBodiesUntil;
  return {
    deletion: deletionAfter(current.deletion, change),
    ...(purge === undefined || purge === 'off' ? {} : { purgeDeactivatedAfterDays: purge }),
    paused: change.pause === true ? true : change.resume === true ? false : current.paused,
    ...(until === undefined || until === 'off' ? {} : { logBodiesUntil: until }),
  };
}
