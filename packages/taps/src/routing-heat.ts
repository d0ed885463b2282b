/**
 * Expert heat f_e: the expected number of times expert e is chosen per token at
 * its MoE layer (routed experts: in [0, 1], summing to topk over a layer; shared
 * experts: exactly 1).
 *
 * Analytic mode (heat_estimate: 'analytic'): the routing model of @tasmoe/traces,
 * re-derived here because packages may not import each other. Popularity weights
 * w_r = r^-zipf_s for rank r = 1..n; each token draws topk *distinct* experts by
 * successive weighted sampling without replacement. The inclusion probability of
 * expert i then has the exact "exponential race" form (draw X_j ~ Exp(w_j), keep
 * the topk smallest):
 *
 *   P_i = integral_0^inf  w_i e^{-w_i t} * P(at most topk-1 of the others have X_j < t) dt,
 *
 * where the count of others is Poisson-binomial with p_j(t) = 1 - e^{-w_j t}
 * (an O(n * topk) recursion). We integrate in z = ln t with composite
 * Gauss-Legendre quadrature (the integrand is smooth on a log scale); the result
 * agrees with brute-force enumeration of ordered draws to ~1e-12 (tests) and
 * sums to topk. No Monte Carlo.
 *
 * The trace generator permutes ranks per layer with a seeded permutation TAPS
 * cannot reproduce, so analytic mode assigns rank r to index r-1 of every layer.
 * The runner, which knows the trace, passes empirical frequencies instead
 * (`expertHeat`, heat_estimate: 'trace-prefix'); see normaliseExpertHeat.
 */
import type { ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { TapsError } from './errors.js';

// 8-point Gauss-Legendre nodes/weights on [-1, 1].
const GL_X = [
  -0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498,
  0.525532409916329, 0.7966664774136267, 0.9602898564975363,
];
const GL_W = [
  0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362, 0.3137066458778873,
  0.2223810344533745, 0.1012285362903763,
];

/** Inclusion probabilities of weighted top-k sampling without replacement (exact up to quadrature). */
export function topkInclusionProbabilities(weights: ArrayLike<number>, topk: number): Float64Array {
  const n = weights.length;
  const out = new Float64Array(n);
  if (topk >= n) return out.fill(1);
  if (topk <= 0) return out;
  let wMin = Infinity;
  let wSum = 0;
  for (let j = 0; j < n; j++) {
    const w = weights[j] as number;
    if (!(w > 0) || !Number.isFinite(w))
      throw new TapsError('TAPS_HEAT_INVALID', `popularity weights must be positive and finite, got ${w}`);
    wMin = Math.min(wMin, w);
    wSum += w;
  }
  // Outside [tLo, tHi] the integrand is negligible: below tLo Q = 1 (added exactly),
  // above tHi every expert has arrived with probability > 1 - e^-36.
  const tLo = 1e-6 / wSum;
  const tHi = 36 / wMin;
  const zLo = Math.log(tLo);
  const zHi = Math.log(tHi);
  const panels = Math.max(24, Math.ceil(zHi - zLo));
  const h = (zHi - zLo) / panels;
  const dp = new Float64Array(topk);
  for (let i = 0; i < n; i++) {
    const wi = weights[i] as number;
    let acc = 1 - Math.exp(-wi * tLo);
    for (let p = 0; p < panels; p++) {
      const mid = zLo + (p + 0.5) * h;
      for (let g = 0; g < 8; g++) {
        const z = mid + 0.5 * h * (GL_X[g] as number);
        const t = Math.exp(z);
        // dp[m] = P(exactly m of the others arrived before t), m < topk.
        dp.fill(0);
        dp[0] = 1;
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          const pj = -Math.expm1(-(weights[j] as number) * t);
          for (let m = topk - 1; m >= 1; m--) dp[m] = (dp[m] as number) * (1 - pj) + (dp[m - 1] as number) * pj;
          dp[0] = (dp[0] as number) * (1 - pj);
        }
        let q = 0;
        for (let m = 0; m < topk; m++) q += dp[m] as number;
        acc += 0.5 * h * (GL_W[g] as number) * wi * Math.exp(-wi * t) * q * t;
      }
    }
    out[i] = Math.min(1, acc);
  }
  return out;
}

/** Zipf(s) popularity weights r^-s for ranks 1..n. */
export function zipfWeights(n: number, s: number): Float64Array {
  const w = new Float64Array(n);
  for (let r = 1; r <= n; r++) w[r - 1] = r ** -s;
  return w;
}

/** Number of experts of a workload: routed of every layer, then shared of every layer. */
export function totalExperts(w: ResolvedWorkloadConfig): number {
  return w.moe.layers * (w.moe.experts_per_layer + w.moe.shared_experts);
}

/** MoE layer of global expert n (routed: n / experts_per_layer; shared: see SPEC numbering). */
export function layerOfExpert(n: number, w: ResolvedWorkloadConfig): number {
  const { layers, experts_per_layer: epl, shared_experts: se } = w.moe;
  const routed = layers * epl;
  return n < routed ? Math.floor(n / epl) : Math.floor((n - routed) / se);
}

/** Global expert numbers of one layer: routed experts first, then its shared experts. */
export function expertsOfLayer(layer: number, w: ResolvedWorkloadConfig): number[] {
  const { layers, experts_per_layer: epl, shared_experts: se } = w.moe;
  const out: number[] = [];
  for (let i = 0; i < epl; i++) out.push(layer * epl + i);
  for (let j = 0; j < se; j++) out.push(layers * epl + layer * se + j);
  return out;
}

/** Analytic f_e for every global expert (rank r -> index r-1 in every layer; shared = 1). */
export function analyticExpertHeat(w: ResolvedWorkloadConfig): Float64Array {
  const { layers, experts_per_layer: epl, shared_experts: se } = w.moe;
  const perLayer = topkInclusionProbabilities(zipfWeights(epl, w.routing.zipf_s), w.routing.topk);
  const out = new Float64Array(totalExperts(w));
  for (let l = 0; l < layers; l++) out.set(perLayer, l * epl);
  out.fill(1, layers * epl, layers * epl + layers * se);
  return out;
}

/**
 * Trace-prefix mode: `raw` may be selection frequencies or raw counts over a
 * prefix. Each layer is scaled so its routed experts sum to topk (one factor per
 * layer, applied to its shared experts too, which then come out at 1 when raw
 * counts were given). Idempotent on proper frequencies.
 */
export function normaliseExpertHeat(raw: ArrayLike<number>, w: ResolvedWorkloadConfig): Float64Array {
  const n = totalExperts(w);
  if (raw.length !== n)
    throw new TapsError(
      'TAPS_HEAT_INVALID',
      `expertHeat has ${raw.length} entries, expected ${n} (every routed and shared expert)`,
    );
  const out = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    const v = raw[e] as number;
    if (!Number.isFinite(v) || v < 0)
      throw new TapsError('TAPS_HEAT_INVALID', `expertHeat[${e}] must be finite and >= 0, got ${v}`);
  }
  for (let l = 0; l < w.moe.layers; l++) {
    const ids = expertsOfLayer(l, w);
    let routed = 0;
    for (let i = 0; i < w.moe.experts_per_layer; i++) routed += raw[ids[i] as number] as number;
    if (!(routed > 0)) throw new TapsError('TAPS_HEAT_INVALID', `expertHeat: layer ${l} has no routed heat (all zero)`);
    const f = w.routing.topk / routed;
    for (const e of ids) out[e] = (raw[e] as number) * f;
  }
  return out;
}
