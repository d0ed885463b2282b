/**
 * Analytic expert heat: the marginal probability that an expert is among a
 * token's top-k when k experts are drawn by weighted sampling without
 * replacement (the generator's routing model). TAPS uses it as f_e.
 *
 * Successive weighted sampling without replacement equals an exponential race:
 * give expert j a clock T_j ~ Exp(w_j) and take the k earliest. Hence, exactly,
 *
 *   P(i in top-k) = integral_0^inf w_i e^{-w_i t} P(N_i(t) < k) dt,
 *
 * where N_i(t) counts the other experts whose clock rang before t: a sum of
 * independent Bernoullis with probabilities 1 - e^{-w_j t}, whose distribution
 * below k is a Poisson-binomial recursion in O(n k). The integral is taken over
 * y = ln(w_i t), where every feature of the integrand (the density's peak and
 * each other expert's ringing time) is about one unit wide whatever the weight
 * ratios, with adaptive Gauss-Kronrod (7-15) on unit panels of
 * y in [-33, 4] (the mass outside is below 1e-14); accuracy about 1e-10.
 */
import type { ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { routingModelFor } from './routing-source.js';
import { traceShape } from './trace-shape.js';

const TOLERANCE = 1e-12;
const MAX_DEPTH = 30;
const Y_MIN = -33;
const Y_MAX = 4;

/** Integrand over y = ln(w_i t): x e^{-x} P(N_i(t) < k) with x = w_i t. */
function raceIntegrand(weights: ArrayLike<number>, i: number, k: number, y: number, dp: Float64Array): number {
  const x = Math.exp(y);
  const t = x / (weights[i] as number);
  dp.fill(0);
  dp[0] = 1;
  for (let j = 0; j < weights.length; j++) {
    if (j === i) continue;
    const q = -Math.expm1(-(weights[j] as number) * t);
    for (let c = k - 1; c >= 1; c--) dp[c] = (dp[c] as number) * (1 - q) + (dp[c - 1] as number) * q;
    dp[0] = (dp[0] as number) * (1 - q);
  }
  let fewer = 0;
  for (let c = 0; c < k; c++) fewer += dp[c] as number;
  return x * Math.exp(-x) * fewer;
}

// Gauss-Kronrod 7-15 nodes and weights on [-1, 1] (positive half; node 0 is the centre), each the
// shortest decimal of the double nearest the tabulated 33-digit value.
export const XK = [
  0, 0.20778495500789848, 0.4058451513773972, 0.5860872354676911, 0.7415311855993945, 0.8648644233597691,
  0.9491079123427585, 0.9914553711208126,
];
export const WK = [
  0.20948214108472782, 0.20443294007529889, 0.19035057806478542, 0.1690047266392679, 0.14065325971552592,
  0.10479001032225019, 0.06309209262997856, 0.022935322010529224,
];
/** Gauss 7-point weights at Kronrod nodes 0, 2, 4, 6. */
export const WG = [0.4179591836734694, 0.3818300505051189, 0.27970539148927664, 0.1294849661688697];

/** Adaptive Gauss-Kronrod 7-15 by bisection: integral of f over [a, b] to about `tol` absolute. */
function integrate(f: (x: number) => number, a: number, b: number, tol: number, depth: number): number {
  const c = (a + b) / 2;
  const h = (b - a) / 2;
  const fc = f(c);
  let kronrod = (WK[0] as number) * fc;
  let gauss = (WG[0] as number) * fc;
  for (let j = 1; j < 8; j++) {
    const dx = h * (XK[j] as number);
    const pair = f(c - dx) + f(c + dx);
    kronrod += (WK[j] as number) * pair;
    if (j % 2 === 0) gauss += (WG[j / 2] as number) * pair;
  }
  kronrod *= h;
  gauss *= h;
  if (depth <= 0 || Math.abs(kronrod - gauss) <= tol) return kronrod;
  return integrate(f, a, c, tol / 2, depth - 1) + integrate(f, c, b, tol / 2, depth - 1);
}

function inclusionOf(weights: ArrayLike<number>, i: number, k: number, dp: Float64Array): number {
  const f = (y: number): number => raceIntegrand(weights, i, k, y, dp);
  let p = 0;
  for (let y = Y_MIN; y < Y_MAX; y++) p += integrate(f, y, y + 1, TOLERANCE, MAX_DEPTH);
  return Math.min(1, Math.max(0, p));
}

/** topkInclusionProbabilities(weights, k)[i] alone (one integral instead of one per distinct weight). */
export function topkInclusionProbabilityOf(weights: ArrayLike<number>, k: number, i: number): number {
  if (k >= weights.length) return 1;
  if (k <= 0) return 0;
  return inclusionOf(weights, i, k, new Float64Array(k));
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
    const p = inclusionOf(weights, i, k, dp);
    byWeight.set(wi, p);
    out[i] = p;
  }
  return out;
}

/**
 * Analytic selection probability of every expert (indexed by global expert
 * number, shared experts included): the probability that a token at the
 * expert's layer uses it. Routed experts of a layer sum to topk; shared experts are 1.
 * With routing.drift this is the ranking before the first change (what an offline
 * profile of the start sees), not an average over the run.
 */
export function analyticExpertSelectionProbability(
  cfg: ResolvedWorkloadConfig,
  opts: { readonly seed?: number } = {},
): Float64Array {
  const shape = traceShape(cfg, opts.seed);
  const routing = routingModelFor(cfg, shape);
  const E = shape.expertsPerLayer;
  const out = new Float64Array(shape.expertCount);
  let byRank: Float64Array | undefined;
  for (let l = 0; l < shape.layers; l++) {
    // Zipf layers share their rank weights: one computation
    if (byRank === undefined || cfg.routing.model === 'empirical')
      byRank = topkInclusionProbabilities(routing.rankWeight.subarray(l * E, (l + 1) * E), shape.topk);
    for (let r = 0; r < shape.expertsPerLayer; r++) {
      const idx = routing.rankToExpert[l * shape.expertsPerLayer + r] as number;
      out[l * shape.expertsPerLayer + idx] = byRank[r] as number;
    }
  }
  out.fill(1, shape.routedExpertCount);
  return out;
}
