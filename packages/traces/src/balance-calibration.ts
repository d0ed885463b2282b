/**
 * Calibration of the Zipf model to a target balance (`routing.balance`): the
 * exponent s is solved so that the expected per-expert load of every layer has
 * the given max/mean or Gini. The load of an expert is its top-k inclusion
 * probability P_r(s) (the fraction of tokens that use it, exact up to
 * quadrature, selection-probability.ts), so with E experts and top-k:
 *
 *   max/mean(s) = P_0(s) / (k / E)          (rank 0 is the hottest)
 *   Gini(s)     = sum_i sum_j |P_i - P_j| / (2 E^2 mean),  mean = k / E
 *
 * Both rise monotonically from their uniform values (1 and 0 at s = 0)
 * towards E / k and 1 - k / E as s grows (tested), so s is found by bisection
 * on [0, S_MAX] to BISECTION_STEPS halvings (s within 10 / 2^40).
 */
import { TracesError } from './errors.js';
import { zipfRankWeights } from './routing-model.js';
import { topkInclusionProbabilities, topkInclusionProbabilityOf } from './selection-probability.js';

export type BalanceTarget = { readonly max_over_mean: number } | { readonly gini: number };

/** The schema's bound on zipf_s. */
const S_MAX = 10;
const BISECTION_STEPS = 40;

export function maxOverMean(experts: number, k: number, s: number): number {
  return topkInclusionProbabilityOf(zipfRankWeights(experts, s), k, 0) / (k / experts);
}

export function giniOfLoads(loads: ArrayLike<number>): number {
  const n = loads.length;
  const sorted = Float64Array.from(loads).sort();
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    sum += sorted[i] as number;
    weighted += (2 * (i + 1) - n - 1) * (sorted[i] as number);
  }
  return sum > 0 ? weighted / (n * sum) : 0;
}

export function zipfGini(experts: number, k: number, s: number): number {
  return giniOfLoads(topkInclusionProbabilities(zipfRankWeights(experts, s), k));
}

/** What a balance target measures of Zipf(s). */
export function balanceOf(target: BalanceTarget, experts: number, k: number, s: number): number {
  return 'max_over_mean' in target ? maxOverMean(experts, k, s) : zipfGini(experts, k, s);
}

const memo = new Map<string, number>();

/** The Zipf exponent with the target balance (memoised per process: it is a pure function). */
export function solveZipfExponent(experts: number, k: number, target: BalanceTarget): number {
  const key = `${experts}:${k}:${JSON.stringify(target)}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const want = 'max_over_mean' in target ? target.max_over_mean : target.gini;
  const at = (s: number): number => balanceOf(target, experts, k, s);
  let lo = 0;
  let hi = S_MAX;
  if (want <= at(lo)) return store(key, 0);
  const top = at(hi);
  if (want > top) {
    throw new TracesError(
      'TRACE_OPTION_INVALID',
      `routing.balance ${JSON.stringify(target)} is above what Zipf reaches with ${experts} experts and top-${k} (${top.toFixed(4)} at zipf_s = ${S_MAX})`,
    );
  }
  for (let i = 0; i < BISECTION_STEPS; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) < want) lo = mid;
    else hi = mid;
  }
  return store(key, (lo + hi) / 2);
}

function store(key: string, s: number): number {
  memo.set(key, s);
  return s;
}
