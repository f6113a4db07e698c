/**
 * The order servers are measured in: every server once per round, in the same order each round
 * (A, B, A, B, …), so that a drift of the machine over the run (another job, thermal limits, a JIT that
 * settles) falls on every server alike instead of on whichever ran first or last.
 */
export function abSchedule<T>(servers: readonly T[], rounds: number): { round: number; server: T }[] {
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be ≥ 1 (${rounds})`);
  return Array.from({ length: rounds }, (_, round) => servers.map((server) => ({ round, server }))).flat();
}
