/**
 * 95 % confidence interval of a mean over repeats: Student's t-interval,
 * mean +- t(0.975, n - 1) * s / sqrt(n) with the sample standard deviation s.
 * It assumes roughly normal run-to-run noise, which suits a handful of seeds of
 * the same configuration; n = 1 gives the value with no interval.
 */

/** t(0.975, df) for df = 1..30 (standard tables, 3 decimals). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** Two-sided 95 % Student t quantile; beyond the table, the Cornish-Fisher expansion (error < 1e-4 for df > 30). */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) return Number.NaN;
  const d = Math.floor(df);
  const tab = T975[d - 1];
  if (tab !== undefined) return tab;
  const z = 1.959963985;
  return z + (z ** 3 + z) / (4 * d) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * d * d);
}

export interface MeanCi {
  readonly mean: number;
  /** Interval bounds; both equal the mean for n = 1. */
  readonly low: number;
  readonly high: number;
  readonly n: number;
}

/** Mean and t-interval of the finite values (non-finite ones are left out); undefined when none is finite. */
export function meanCi95(values: readonly number[]): MeanCi | undefined {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return undefined;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, low: mean, high: mean, n };
  const s2 = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const half = tQuantile975(n - 1) * Math.sqrt(s2 / n);
  return { mean, low: mean - half, high: mean + half, n };
}
