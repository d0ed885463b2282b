/**
 * The top-k inclusion probabilities of all n items at once (the same
 * exponential-race integral as selection-probability.ts, for every i):
 *   P_i = integral over u = ln t of  w_i t e^{-w_i t} P(fewer than k of the others rang before t) du.
 * One shared set of quadrature nodes serves every i: at a node the n ring
 * probabilities q_j = 1 - e^{-w_j t} are computed once, and "fewer than k of
 * the others" for each i combines a prefix and a suffix Poisson-binomial
 * table (O(n k^2) per node instead of O(n^2 k) with n^2 exponentials). The
 * nodes are adaptive Gauss-Kronrod 7-15 on unit intervals of u, an interval
 * split while the Kronrod-Gauss difference of any item exceeds the tolerance.
 * Used by the weight solver of measured loads (inclusion-inverse.ts), which
 * needs every P_i at every iteration: at 160 experts top-6 one evaluation
 * takes about 1/10 of the per-item integrals.
 */

// Gauss-Kronrod 7-15 nodes and weights shared with selection-probability.ts
import { WG, WK, XK } from './selection-probability.js';
/** ln(w t) range that holds the mass of every item (as selection-probability.ts: below e^-33 and above e^4 it is < 1e-14). */
const Y_MIN = -33;
const Y_MAX = 4;
const MAX_DEPTH = 30;

class Workspace {
  readonly q: Float64Array;
  /** prefix[m * k + c] = P(exactly c of items 0..m-1 rang). */
  readonly prefix: Float64Array;
  /** suffix[m * k + c] = P(exactly c of items m..n-1 rang). */
  readonly suffix: Float64Array;
  /** Integrand values at the 15 nodes, node-major. */
  readonly f: Float64Array;
  readonly kronrod: Float64Array;

  constructor(
    readonly w: ArrayLike<number>,
    readonly k: number,
  ) {
    const n = w.length;
    this.q = new Float64Array(n);
    this.prefix = new Float64Array((n + 1) * k);
    this.suffix = new Float64Array((n + 1) * k);
    this.f = new Float64Array(15 * n);
    this.kronrod = new Float64Array(n);
  }

  /** The n integrands at u into f[row * n ...]. */
  integrands(u: number, row: number): void {
    const { w, k, q, prefix, suffix, f } = this;
    const n = w.length;
    const t = Math.exp(u);
    for (let j = 0; j < n; j++) q[j] = -Math.expm1(-(w[j] as number) * t);
    prefix.fill(0, 0, k);
    prefix[0] = 1;
    for (let m = 0; m < n; m++) {
      const qm = q[m] as number;
      const a = m * k;
      const b = a + k;
      prefix[b] = (prefix[a] as number) * (1 - qm);
      for (let c = 1; c < k; c++)
        prefix[b + c] = (prefix[a + c] as number) * (1 - qm) + (prefix[a + c - 1] as number) * qm;
    }
    suffix.fill(0, n * k, (n + 1) * k);
    suffix[n * k] = 1;
    for (let m = n - 1; m >= 0; m--) {
      const qm = q[m] as number;
      const a = (m + 1) * k;
      const b = m * k;
      suffix[b] = (suffix[a] as number) * (1 - qm);
      for (let c = 1; c < k; c++)
        suffix[b + c] = (suffix[a + c] as number) * (1 - qm) + (suffix[a + c - 1] as number) * qm;
    }
    for (let i = 0; i < n; i++) {
      // P(fewer than k of the others): prefix of 0..i-1 convolved with suffix of i+1..n-1
      const a = i * k;
      const b = (i + 1) * k;
      let fewer = 0;
      for (let x = 0; x < k; x++) {
        const px = prefix[a + x] as number;
        if (px === 0) continue;
        let s = 0;
        for (let y = 0; y < k - x; y++) s += suffix[b + y] as number;
        fewer += px * s;
      }
      const x = (w[i] as number) * t;
      f[row * n + i] = x * Math.exp(-x) * fewer;
    }
  }
}

function integrate(ws: Workspace, a: number, b: number, tol: number, depth: number, out: Float64Array): void {
  const n = ws.w.length;
  const c = (a + b) / 2;
  const h = (b - a) / 2;
  ws.integrands(c, 0);
  for (let j = 1; j < 8; j++) {
    ws.integrands(c - h * (XK[j] as number), 2 * j - 1);
    ws.integrands(c + h * (XK[j] as number), 2 * j);
  }
  const f = ws.f;
  let worst = 0;
  const kr = ws.kronrod;
  for (let i = 0; i < n; i++) {
    let kronrod = (WK[0] as number) * (f[i] as number);
    let gauss = (WG[0] as number) * (f[i] as number);
    for (let j = 1; j < 8; j++) {
      const pair = (f[(2 * j - 1) * n + i] as number) + (f[2 * j * n + i] as number);
      kronrod += (WK[j] as number) * pair;
      if (j % 2 === 0) gauss += (WG[j / 2] as number) * pair;
    }
    kr[i] = kronrod * h;
    worst = Math.max(worst, Math.abs(kronrod - gauss) * h);
  }
  if (depth <= 0 || worst <= tol) {
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (kr[i] as number);
    return;
  }
  integrate(ws, a, c, tol / 2, depth - 1, out);
  integrate(ws, c, b, tol / 2, depth - 1, out);
}

/**
 * P(item i among k drawn by successive weighted sampling without replacement), every i
 * (weights > 0, any scale), to about `tol` per unit interval of ln t (default 1e-12).
 */
export function topkInclusionAll(weights: ArrayLike<number>, k: number, tol = 1e-12): Float64Array {
  const n = weights.length;
  const out = new Float64Array(n);
  if (k >= n) return out.fill(1);
  if (k <= 0) return out;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const lw = Math.log(weights[i] as number);
    lo = Math.min(lo, Y_MIN - lw);
    hi = Math.max(hi, Y_MAX - lw);
  }
  const ws = new Workspace(weights, k);
  for (let u = lo; u < hi; u++) integrate(ws, u, Math.min(u + 1, hi), tol, MAX_DEPTH, out);
  for (let i = 0; i < n; i++) out[i] = Math.min(1, Math.max(0, out[i] as number));
  return out;
}
