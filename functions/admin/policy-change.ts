import { DEFAULT_RETAIN_DAYS, POLICY_LIMITS, type TenantPolicy } from '../scim/tenant-policy';

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
}

const within = (value: number, { min, max }: { readonly min: number; readonly max: number }) =>
  Number.isInteger(value) && value >= min && value <= max;

/** Why a change cannot be made, in the CLI's terms, or undefined if it can. */
export function policyChangeProblem(change: PolicyChange): string | undefined {
  const { deletion, retainDays, purgeDeactivatedAfterDays: purge, pause, resume } = change;
  if (deletion === undefined && retainDays === undefined && purge === undefined && !pause && !resume)
    return 'tenants set needs at least one of --deletion, --retain-days, --purge-deactivated-after, --pause, --resume';
  if (pause === true && resume === true) return '--pause and --resume contradict each other: give one';
  if (deletion !== undefined && deletion !== 'hard' && deletion !== 'retain')
    return `--deletion takes hard or retain, not '${deletion}'`;
  if (retainDays !== undefined && deletion !== 'retain') return '--retain-days goes with --deletion retain';
  const { retainDays: days, purgeDeactivatedAfterDays: purgeDays } = POLICY_LIMITS;
  if (retainDays !== undefined && !within(retainDays, days))
    return `--retain-days takes ${days.min} to ${days.max} days, not ${retainDays}`;
  if (purge !== undefined && purge !== 'off' && !within(purge, purgeDays))
    return `--purge-deactivated-after takes ${purgeDays.min} to ${purgeDays.max} days or off, not ${purge}`;
  return undefined;
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
  return {
    deletion: deletionAfter(current.deletion, change),
    ...(purge === undefined || purge === 'off' ? {} : { purgeDeactivatedAfterDays: purge }),
    paused: change.pause === true ? true : change.resume === true ? false : current.paused,
  };
}
