/**
 * Analytic expert heat: the marginal probability that an expert is among a
 * token's top-k when k experts are drawn by weighted sampling without
 * replacement (the generator's routing model). TAPS uses it as f_e.
 *
 * Successive weighted sampling without replacement equals an exponential race:
 * give expert j a clock T_j ~ Exp(w_j) and take the k earliest. Hence, exactly,
 *
 *   P(i in top-k) = integral_0^inf w_i e^{-w_i t} P(fewer than k of the others ring before t) dt
 *                 = integral_0^1 P(N_i(u) < k) du,   u = 1 - e^{-w_i t},
 *
 * where N_i(u) is a sum of independent Bernoullis with probabilities
 * q_j = 1 - (1 - u)^{w_j / w_i} (j != i), whose distribution below k is a
 * Poisson-binomial recursion in O(n k). The integrand is bounded and monotone
 * on [0, 1]; adaptive Simpson integrates it to about 1e-10 absolute.
 */
import type { ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { buildRoutingModel } from './routing-model.js';
import { traceShape } from './trace-shape.js';

const TOLERANCE = 1e-11;
const MAX_DEPTH = 48;

/** P(N_i(u) < k) for the exponential race of expert i at CDF value u. */
function fewerThanKBefore(weights: ArrayLike<number>, i: number, k: number, u: number, dp: Float64Array): number {
  const wi = weights[i] as number;
  const oneMinusU = 1 - u;
  dp.fill(0);
  dp[0] = 1;
  for (let j = 0; j < weights.length; j++) {
    if (j === i) continue;
    const q = u >= 1 ? 1 : 1 - oneMinusU ** ((weights[j] as number) / wi);
    for (let c = k - 1; c >= 1; c--) dp[c] = (dp[c] as number) * (1 - q) + (dp[c - 1] as number) * q;
    dp[0] = (dp[0] as number) * (1 - q);
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += dp[c] as number;
  return sum;
}

function adaptiveSimpson(f: (x: number) => number, a: number, b: number, fa: number, fm: number, fb: number, whole: number, tol: number, depth: number): number {
  const m = (a + b) / 2;
  const lm = (a + m) / 2;
  const rm = (m + b) / 2;
  const flm = f(lm);
  const frm = f(rm);
  const left = ((m - a) / 6) * (fa + 4 * flm + fm);
  const right = ((b - m) / 6) * (fm + 4 * frm + fb);
  const delta = left + right - whole;
  if (depth <= 0 || Math.abs(delta) <= 15 * tol) return left + right + delta / 15;
  return (
    adaptiveSimpson(f, a, m, fa, flm, fm, left, tol / 2, depth - 1) +
    adaptiveSimpson(f, m, b, fm, frm, fb, right, tol / 2, depth - 1)
  );
}

/**
 * Probability that item i is among k items drawn by successive weighted sampling
 * without replacement (weights > 0, any scale). Sums to k; equal weights give k/n.
 */
export function topkInclusionProbabilities(weights: ArrayLike<number>, k: number): Float64Array {
  const n = weights.length;
  const out = new Float64Array(n);
  if (k >= n) return out.fill(1);
  if (k <= 0) return out;
  const dp = new Float64Array(k);
  const byWeight = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const wi = weights[i] as number;
    const known = byWeight.get(wi);
    if (known !== undefined) {
      out[i] = known;
      continue;
    }
    const f = (u: number): number => fewerThanKBefore(weights, i, k, u, dp);
    // Split [0, 1] in a few panels first so the steep end near u = 1 is not missed by the first estimate.
    let p = 0;
    const panels = 8;
    for (let s = 0; s < panels; s++) {
      const a = s / panels;
      const b = (s + 1) / panels;
      const fa = f(a);
      const fb = f(b);
      const fm = f((a + b) / 2);
      p += adaptiveSimpson(f, a, b, fa, fm, fb, ((b - a) / 6) * (fa + 4 * fm + fb), TOLERANCE / panels, MAX_DEPTH);
    }
    p = Math.min(1, Math.max(0, p));
    byWeight.set(wi, p);
    out[i] = p;
  }
  return out;
}

/**
 * Analytic selection probability of every expert (indexed by global expert
 * number, shared experts included): the probability that a token at the
 * expert's layer uses it. Routed experts of a layer sum to topk; shared experts are 1.
 */
export function analyticExpertSelectionProbability(cfg: ResolvedWorkloadConfig, opts: { readonly seed?: number } = {}): Float64Array {
  const shape = traceShape(cfg, opts.seed);
  const routing = buildRoutingModel(shape.seed, shape.layers, shape.expertsPerLayer, shape.topk, shape.zipfS);
  const byRank = topkInclusionProbabilities(routing.rankWeight, shape.topk);
  const out = new Float64Array(shape.expertCount);
  for (let l = 0; l < shape.layers; l++) {
    for (let r = 0; r < shape.expertsPerLayer; r++) {
      const idx = routing.rankToExpert[l * shape.expertsPerLayer + r] as number;
      out[l * shape.expertsPerLayer + idx] = byRank[r] as number;
    }
  }
  out.fill(1, shape.routedExpertCount);
  return out;
}

