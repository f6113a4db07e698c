/** A figure of ours and the peer's at one group size. */
export interface SizedComparison {
  readonly size: number;
  readonly ours: number;
  readonly peer: number;
}

/**
 * The crossover group size: the smallest size measured from which on ours costs less than the peer at
 * every larger size measured too ("ours is cheaper from here on"). `undefined` when ours is not cheaper
 * at the largest size; the smallest size when ours is cheaper throughout.
 */
export function crossover(points: readonly SizedComparison[]): number | undefined {
  const sorted = [...points].sort((a, b) => a.size - b.size);
  let from: number | undefined;
  for (const point of sorted) {
    if (point.ours < point.peer) from ??= point.size;
    else from = undefined;
  }
  return from;
}
