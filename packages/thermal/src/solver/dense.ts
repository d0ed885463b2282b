/** Small dense linear algebra on row-major Float64Arrays (pure, allocation only in factor). */
import { ThermalError } from '../errors.js';

/** LU factorisation with partial pivoting of an n x n row-major matrix (in place). */
export interface DenseLu {
  readonly n: number;
  readonly lu: Float64Array;
  readonly piv: Int32Array;
}

/** Row (>= k) with the largest |a[., k]| (partial pivoting); a zero column is a singular model. */
function pivotRow(a: Float64Array, n: number, k: number, what: string): number {
  let p = k;
  let best = Math.abs(a[k * n + k] as number);
  for (let i = k + 1; i < n; i++) {
    const v = Math.abs(a[i * n + k] as number);
    if (v > best) {
      best = v;
      p = i;
    }
  }
  if (!(best > 0))
    throw new ThermalError('THERMAL_MODEL', `singular matrix in dense ${what} (is every node connected to ambient?)`);
  return p;
}

export function luFactor(a: Float64Array, n: number): DenseLu {
  const piv = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const p = pivotRow(a, n, k, 'LU');
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

/** In-place inverse of an n x n row-major matrix (Gauss-Jordan, partial pivoting). */
export function invertInPlace(a: Float64Array, n: number): void {
  const perm = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const p = pivotRow(a, n, k, 'inverse');
    perm[k] = p;
    if (p !== k) {
      const rk = k * n,
        rp = p * n;
      for (let j = 0; j < n; j++) {
        const t = a[rk + j] as number;
        a[rk + j] = a[rp + j] as number;
        a[rp + j] = t;
      }
    }
    const rk = k * n;
    const inv = 1 / (a[rk + k] as number);
    a[rk + k] = 1;
    for (let j = 0; j < n; j++) a[rk + j] = (a[rk + j] as number) * inv;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const ri = i * n;
      const f = a[ri + k] as number;
      if (f === 0) continue;
      a[ri + k] = 0;
      for (let j = 0; j < n; j++) a[ri + j] = (a[ri + j] as number) - f * (a[rk + j] as number);
    }
  }
  // undo the row interchanges as column interchanges, in reverse order
  for (let k = n - 1; k >= 0; k--) {
    const p = perm[k] as number;
    if (p === k) continue;
    for (let i = 0; i < n; i++) {
      const ri = i * n;
      const t = a[ri + k] as number;
      a[ri + k] = a[ri + p] as number;
      a[ri + p] = t;
    }
  }
}

/** y[0..rows) = A x for a row-major rows x cols matrix (two rows at a time, 2 accumulators each). */
export function matVec(a: Float64Array, rows: number, cols: number, x: Float64Array, y: Float64Array): void {
  let r = 0;
  const c2 = cols - (cols % 2);
  for (; r + 1 < rows; r += 2) {
    const r0 = r * cols,
      r1 = r0 + cols;
    let s0 = 0,
      s1 = 0,
      t0 = 0,
      t1 = 0;
    for (let c = 0; c < c2; c += 2) {
      const x0 = x[c] as number,
        x1 = x[c + 1] as number;
      s0 += (a[r0 + c] as number) * x0;
      t0 += (a[r0 + c + 1] as number) * x1;
      s1 += (a[r1 + c] as number) * x0;
      t1 += (a[r1 + c + 1] as number) * x1;
    }
    if (c2 < cols) {
      const xl = x[c2] as number;
      s0 += (a[r0 + c2] as number) * xl;
      s1 += (a[r1 + c2] as number) * xl;
    }
    y[r] = s0 + t0;
    y[r + 1] = s1 + t1;
  }
  for (; r < rows; r++) {
    const ro = r * cols;
    let s = 0;
    for (let c = 0; c < cols; c++) s += (a[ro + c] as number) * (x[c] as number);
    y[r] = s;
  }
}

/** C = A B for row-major A (n x k) and B (k x p). */
export function matMul(a: Float64Array, n: number, k: number, b: Float64Array, p: number): Float64Array {
  const c = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const av = a[i * k + t] as number;
      if (av === 0) continue;
      const bo = t * p,
        co = i * p;
      for (let j = 0; j < p; j++) c[co + j] = (c[co + j] as number) + av * (b[bo + j] as number);
    }
  }
  return c;
}
