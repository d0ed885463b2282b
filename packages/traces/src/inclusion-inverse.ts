/**
 * Sampling weights that reproduce measured loads. A counts file says how often
 * each expert was chosen; with top-k routing (k distinct experts per token,
 * successive weighted sampling without replacement) using the counts directly
 * as weights would flatten the loads (the hot expert's second chance is taken
 * by others). So the weights are solved: find w with
 * P(i in top-k | w) = k * c_i / sum(c) for every expert i, by the fixed point
 * w_i <- w_i * target_i / P_i(w) (P from topkInclusionAll, all experts on one
 * set of quadrature nodes, exact up to quadrature), started at w = target. Experts with a zero count get weight 0
 * (never drawn). A target of 1 or more (one expert in more than every token's
 * top-k) has no solution and is refused.
 */
import { TracesError } from './errors.js';
import { topkInclusionAll } from './inclusion-all.js';

/** Largest |P_i(w) - target_i| accepted. */
export const INCLUSION_TOLERANCE = 1e-9;
const MAX_ITERATIONS = 2000;

/** Weights (same order as `counts`) whose top-k inclusion probabilities are k * counts / sum(counts). */
export function weightsForInclusion(counts: ArrayLike<number>, k: number, what: string): Float64Array {
  const n = counts.length;
  let sum = 0;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = counts[i] as number;
    sum += c;
    if (c > 0) idx.push(i);
  }
  const out = new Float64Array(n);
  if (idx.length <= k) {
    for (const i of idx) out[i] = 1;
    return out;
  }
  const target = Float64Array.from(idx, (i) => (k * (counts[i] as number)) / sum);
  for (let j = 0; j < idx.length; j++) {
    if ((target[j] as number) >= 1) {
      throw new TracesError(
        'ROUTING_INPUT_INVALID',
        `${what}: expert ${idx[j]} has ${((target[j] as number) * 100).toFixed(1)} % of the top-${k} selections x ${k}: an expert can be in at most every token's top-k (share <= 1/${k})`,
      );
    }
  }
  const w = Float64Array.from(target);
  let err = Number.POSITIVE_INFINITY;
  for (let it = 0; it < MAX_ITERATIONS && err > INCLUSION_TOLERANCE; it++) {
    const p = topkInclusionAll(w, k);
    err = 0;
    for (let j = 0; j < idx.length; j++) {
      const t = target[j] as number;
      const pj = p[j] as number;
      err = Math.max(err, Math.abs(pj - t));
      w[j] = (w[j] as number) * (t / pj);
    }
    // keep the scale bounded (only ratios matter)
    let max = 0;
    for (const x of w) max = Math.max(max, x);
    for (let j = 0; j < w.length; j++) w[j] = (w[j] as number) / max;
  }
  if (err > 1e-6)
    throw new TracesError(
      'ROUTING_INPUT_INVALID',
      `${what}: no sampling weights reproduce the counts (inclusion error ${err.toExponential(2)} after ${MAX_ITERATIONS} iterations)`,
    );
  for (let j = 0; j < idx.length; j++) out[idx[j] as number] = w[j] as number;
  return out;
}
