/** Small dense linear algebra on row-major Float64Arrays (pure, allocation only in factor). */
import { CometAdapterError } from '../errors.js';

/** LU factorisation with partial pivoting of an n x n row-major matrix (in place). */
export interface DenseLu {
  readonly n: number;
  readonly lu: Float64Array;
  readonly piv: Int32Array;
}

export function luFactor(a: Float64Array, n: number): DenseLu {
  const piv = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let p = k, best = Math.abs(a[k * n + k] as number);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k] as number);
      if (v > best) { best = v; p = i; }
    }
    if (!(best > 0)) throw new CometAdapterError('THERMAL_MODEL', 'singular matrix in dense LU (is every node connected to ambient?)');
    piv[k] = p;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j] as number;
        a[k * n + j] = a[p * n + j] as number;
        a[p * n + j] = t;
      }
    }
    const inv = 1 / (a[k * n + k] as number);
    const rk = k * n;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const f = (a[ri + k] as number) * inv;
      if (f === 0) continue;
      a[ri + k] = f;
      for (let j = k + 1; j < n; j++) a[ri + j] = (a[ri + j] as number) - f * (a[rk + j] as number);
    }
  }
  return { n, lu: a, piv };
}

/** Solves in place: x holds b on entry and the solution on exit. */
export function luSolve(f: DenseLu, x: Float64Array): void {
  const { n, lu, piv } = f;
  for (let k = 0; k < n; k++) {
    const p = piv[k] as number;
    if (p !== k) {
      const t = x[k] as number;
      x[k] = x[p] as number;
      x[p] = t;
    }
  }
  for (let i = 1; i < n; i++) {
    const ri = i * n;
    let s = x[i] as number;
    for (let j = 0; j < i; j++) s -= (lu[ri + j] as number) * (x[j] as number);
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    let s = x[i] as number;
    for (let j = i + 1; j < n; j++) s -= (lu[ri + j] as number) * (x[j] as number);
    x[i] = s / (lu[ri + i] as number);
  }
}

/** Explicit inverse of a small n x n matrix (Gauss-Jordan via LU). */
export function denseInverse(a: Float64Array, n: number): Float64Array {
  const f = luFactor(Float64Array.from(a), n);
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    luSolve(f, col);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i] as number;
  }
  return inv;
}
