import type { CostPerMillion, PerUserYear, TenantMonth } from './bench-report';
import { ASSUMPTIONS } from './cost-assumptions';
import { PRICES } from './cost-prices';
import { round } from './stats';

/** The tenant sizes the cost per tenant is reported for. */
export const TENANT_SIZES = [1_000, 10_000] as const;

const MINUTES_PER_YEAR = 365 * 24 * 60;

/**
 * Cold starts in a year of incremental cycles: each cycle that sends anything is taken to start one cold
 * execution environment (an assumption: 40 minutes idle outlasts the environments Lambda keeps, which it
 * does not document; other tenants on the stack may keep them warm, so this is the worst case). Changes
 * fall at random over the cycles, so the cycles with at least one are `cycles × (1 − e^(−changes/cycles))`.
 */
export function incrementalColdStarts(changesPerYear: number): number {
  const cycles = MINUTES_PER_YEAR / ASSUMPTIONS.incrementalCycleMinutes;
  return cycles * (1 - Math.exp(-changesPerYear / cycles));
}

/** The dollars of one billed INIT phase of `initMs`. */
export const initDollars = (initMs: number) =>
  (Math.ceil(initMs) / 1000) * (ASSUMPTIONS.memoryMb / 1024) * PRICES.lambdaArmPerGbSecond;

/**
 * A tenant's first year, per month: its requests (the initial cycle once, then a year of incremental
 * cycles) at the mix's cost per million, INIT excluded, and its cold starts, counted per cycle (the
 * initial cycle's at the per-million share).
 */
export function tenantMonth(users: number, perMillion: CostPerMillion, perUser: PerUserYear, initMs: number) {
  const initialRequests = users * perUser.initialRequests;
  const requests = initialRequests + users * perUser.yearlyRequests;
  const coldStarts =
    initialRequests * ASSUMPTIONS.coldStartShare + incrementalColdStarts(users * perUser.yearlyChanges);
  const dollars =
    (requests / 1e6) * (perMillion.total - perMillion.lambdaInit) + coldStarts * initDollars(initMs);
  return {
    users,
    requestsPerMonth: Math.round(requests / 12),
    coldStartsPerMonth: Math.round(coldStarts / 12),
    dollarsPerMonth: round(dollars / 12, 4),
  } satisfies TenantMonth;
}

export function tenantMonths(
  perMillion: CostPerMillion,
  perUser: PerUserYear,
  initMs: number,
): TenantMonth[] {
  return TENANT_SIZES.map((users) => tenantMonth(users, perMillion, perUser, initMs));
}

/** What a stack costs a month whatever its traffic, line by line (docs/metrics.md, lib/scim-web-acl.ts). */
export function stackMonthly(withWaf: boolean) {
  return {
    metrics: ASSUMPTIONS.customMetrics * PRICES.customMetricPerMonth,
    contributorInsights: ASSUMPTIONS.contributorInsightsRules * PRICES.contributorInsightsRulePerMonth,
    dashboard: ASSUMPTIONS.dashboards * PRICES.dashboardPerMonth,
    waf: withWaf ? PRICES.wafWebAclPerMonth + ASSUMPTIONS.wafRules * PRICES.wafRulePerMonth : 0,
  };
}

/** The sum of `stackMonthly`. */
export const stackMonthlyTotal = (withWaf: boolean) =>
  Object.values(stackMonthly(withWaf)).reduce((sum, dollars) => sum + dollars, 0);
