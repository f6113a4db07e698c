import { median, round } from './stats';

/** A figure measured in several rounds: its median, its range and its standard deviation. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Population standard deviation of the rounds. */
  readonly stdev: number;
  readonly rounds: readonly number[];
}

/** The spread of `values` (one per round), rounded to `digits`. */
export function spread(values: readonly number[], digits = 1): Spread {
  if (values.length === 0) throw new RangeError('spread of no values');
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return {
    median: round(median(values), digits),
    min: round(Math.min(...values), digits),
    max: round(Math.max(...values), digits),
    stdev: round(Math.sqrt(variance), digits),
    rounds: values.map((v) => round(v, digits)),
  };
}
