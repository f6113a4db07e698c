/** A throttling tier: a usage plan that tenants' API keys are placed in. */
export interface UsageTier {
  /** Steady-state requests per second per tenant. */
  readonly rateLimit: number;
  /** Requests a tenant may send at once above the rate (a whole number). */
  readonly burstLimit: number;
  /**
   * Closed to new tenants: the usage plan stays, so that the tenants still in it keep working until they
   * are moved (`npx scim-admin tenants move <tenant> --tier <other>`). It cannot be the default tier.
   */
  readonly retired?: boolean;
}

export const DEFAULT_TIERS: Readonly<Record<string, UsageTier>> = {
  standard: { rateLimit: 25, burstLimit: 50 },
  large: { rateLimit: 100, burstLimit: 200 },
  xlarge: { rateLimit: 500, burstLimit: 1000 },
};

/** Tier ids: they name usage plans, construct ids and the tenants' records, and never change. */
const TIER_ID = /^[a-z][a-z0-9-]{0,31}$/;

export interface TierSettings {
  readonly tiers: Readonly<Record<string, UsageTier>>;
  readonly defaultTier: string;
  readonly removedTiers: readonly string[];
}

/**
 * Refuses, at synth, a tier set that would break tenants at deploy time. A tier's id (its key in `tiers`)
 * is its identity: the usage plan's construct id, hence its CloudFormation logical id, derives from it and
 * nothing else, so reordering tiers or changing their limits updates the plans in place. Renaming or
 * dropping an id deletes that usage plan, and every tenant whose API key is in it gets 403 from then on.
 *
 * Synth cannot read the tokens table, so the construct cannot see which tiers hold tenants; it knows the
 * tiers a stack deployed without `tiers` has (the defaults), and insists that each of them is either still
 * declared (perhaps `retired`) or named in `removedTiers`, the vendor's statement that it was emptied first.
 */
export function validateTiers({ tiers, defaultTier, removedTiers }: TierSettings): void {
  const ids = Object.keys(tiers);
  if (ids.length === 0) throw new Error('tiers must declare at least one tier');
  for (const id of [...ids, ...removedTiers]) {
    if (!TIER_ID.test(id))
      throw new Error(
        `tier id '${id}' is invalid: use 1 to 32 lower-case letters, digits and '-', starting with a letter`,
      );
  }
  for (const [id, tier] of Object.entries(tiers)) {
    if (!(Number.isFinite(tier.rateLimit) && tier.rateLimit > 0))
      throw new Error(`tier '${id}': rateLimit must be a positive number of requests per second`);
    if (!(Number.isInteger(tier.burstLimit) && tier.burstLimit > 0))
      throw new Error(`tier '${id}': burstLimit must be a positive whole number of requests`);
  }
  const tier = tiers[defaultTier];
  if (tier === undefined)
    throw new Error(`defaultTier '${defaultTier}' is not one of the tiers (${ids.join(', ')})`);
  if (tier.retired === true)
    throw new Error(`defaultTier '${defaultTier}' is retired: new tenants cannot join it`);
  for (const id of removedTiers) {
    if (tiers[id] !== undefined) throw new Error(`tier '${id}' is both in tiers and in removedTiers`);
  }
  for (const id of Object.keys(DEFAULT_TIERS)) {
    if (tiers[id] === undefined && !removedTiers.includes(id))
      throw new Error(
        `tier '${id}' is missing from tiers: its usage plan would be deleted and every tenant in it would get 403. ` +
          `Keep it (with retired: true to close it to new tenants), or move its tenants out ` +
          `(npx scim-admin tenants move <tenant> --tier <other>) and list '${id}' in removedTiers ` +
          `(a stack first deployed with its own tiers, which never had '${id}', lists it there too).`,
      );
  }
}
