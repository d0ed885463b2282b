/**
 * Orthonormal DCT-II / DCT-III (the eigenvectors of a 1-D Laplacian with
 * Neumann, i.e. adiabatic, ends), batched over `width` interleaved vectors:
 * element n of vector v is at `n * width + v`, so the inner loops run over
 * contiguous memory. Powers of two use Lee's recursive fast algorithm
 * (O(n log n)); other lengths fall back to a dense matrix product.
 * No allocation after construction.
 */

import { dctRows16, dctRows32, dctRows8, idctRows16, idctRows32, idctRows8 } from './dct-kernels.js';

const isPow2 = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

type RowKernel = (
  src: Float64Array,
  so: number,
  dst: Float64Array,
  dO: number,
  ks: number,
  rs: number,
  count: number,
  scale: Float64Array,
) => void;
const ROW_KERNELS: ReadonlyMap<number, { readonly forward: RowKernel; readonly inverse: RowKernel }> = new Map([
  [8, { forward: dctRows8, inverse: idctRows8 }],
  [16, { forward: dctRows16, inverse: idctRows16 }],
  [32, { forward: dctRows32, inverse: idctRows32 }],
]);

/** s_k of the orthonormal DCT-II of length n. */
export function dctScale(n: number, k: number): number {
  return k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
}

/** Orthonormal DCT-II basis value u_k(i) = s_k cos(pi k (2i+1) / (2n)). */
export function dctBasis(n: number, i: number, k: number): number {
  return dctScale(n, k) * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
}

/** Eigenvalue of the Neumann 1-D Laplacian (unit links) for DCT mode k: 2 - 2 cos(pi k / n). */
export function neumannEigenvalue(n: number, k: number): number {
  const s = Math.sin((Math.PI * k) / (2 * n));
  return 4 * s * s;
}

/** Unnormalised batched 1-D DCT-II (forward) and its transpose (DCT-III). */
export class BatchedDct {
  readonly n: number;
  readonly width: number;
  private readonly fast: boolean;
  private readonly bufIn: Float64Array[] = [];
  private readonly bufOut: Float64Array[] = [];
  private readonly cinv: Float64Array[] = [];
  private readonly dense: Float64Array | undefined;
  /** 8-point base case: even part E[k][i] = cos(pi (2i+1) 2k / 16), odd part O[k][i] = cos(pi (2i+1)(2k+1) / 16). */
  private readonly e8: Float64Array;
  private readonly o8: Float64Array;

  constructor(n: number, width: number) {
    this.n = n;
    this.width = width;
    this.fast = isPow2(n);
    this.e8 = new Float64Array(16);
    this.o8 = new Float64Array(16);
    for (let k = 0; k < 4; k++) {
      for (let i = 0; i < 4; i++) {
        this.e8[k * 4 + i] = Math.cos((Math.PI * (2 * i + 1) * 2 * k) / 16);
        this.o8[k * 4 + i] = Math.cos((Math.PI * (2 * i + 1) * (2 * k + 1)) / 16);
      }
    }
    if (this.fast) {
      for (let m = 1, lv = 0; m <= n; m *= 2, lv++) {
        this.bufIn[lv] = new Float64Array(m * width);
        this.bufOut[lv] = new Float64Array(m * width);
        const half = m / 2;
        const c = new Float64Array(Math.max(1, half));
        for (let i = 0; i < half; i++) c[i] = 1 / (2 * Math.cos((Math.PI * (2 * i + 1)) / (2 * m)));
        this.cinv[lv] = c;
      }
      this.dense = undefined;
    } else {
      const d = new Float64Array(n * n);
      for (let k = 0; k < n; k++)
        for (let i = 0; i < n; i++) d[k * n + i] = Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
      this.dense = d;
    }
  }

  /** dst[k] = sum_i src[i] cos(pi k (2i+1) / 2n), batched. src and dst must not overlap. */
  forward(src: Float64Array, so: number, dst: Float64Array, dO: number): void {
    if (this.fast) this.fwd(this.n, 0, src, so, dst, dO);
    else this.denseApply(src, so, dst, dO, false);
  }

  /** Transpose of `forward`: dst[i] = sum_k src[k] cos(pi k (2i+1) / 2n). No overlap. */
  inverse(src: Float64Array, so: number, dst: Float64Array, dO: number): void {
    if (this.fast) this.inv(this.n, 0, src, so, dst, dO);
    else this.denseApply(src, so, dst, dO, true);
  }

  private denseApply(src: Float64Array, so: number, dst: Float64Array, dO: number, transpose: boolean): void {
    const n = this.n,
      V = this.width,
      d = this.dense as Float64Array;
    dst.fill(0, dO, dO + n * V);
    for (let k = 0; k < n; k++) {
      const dk = dO + k * V;
      for (let i = 0; i < n; i++) {
        const c = transpose ? (d[i * n + k] as number) : (d[k * n + i] as number);
        const si = so + i * V;
        for (let v = 0; v < V; v++) dst[dk + v] = (dst[dk + v] as number) + c * (src[si + v] as number);
      }
    }
  }

  /** Direct 8-point DCT-II in one pass (even/odd split, 4x4 products). */
  private fwd8(src: Float64Array, so: number, dst: Float64Array, dO: number): void {
    const V = this.width,
      E = this.e8,
      O = this.o8;
    const e10 = E[4] as number,
      e11 = E[5] as number,
      e12 = E[6] as number,
      e13 = E[7] as number;
    const e20 = E[8] as number,
      e21 = E[9] as number;
    const e30 = E[12] as number,
      e31 = E[13] as number,
      e32 = E[14] as number,
      e33 = E[15] as number;
    const o00 = O[0] as number,
      o01 = O[1] as number,
      o02 = O[2] as number,
      o03 = O[3] as number;
    const o10 = O[4] as number,
      o11 = O[5] as number,
      o12 = O[6] as number,
      o13 = O[7] as number;
    const o20 = O[8] as number,
      o21 = O[9] as number,
      o22 = O[10] as number,
      o23 = O[11] as number;
    const o30 = O[12] as number,
      o31 = O[13] as number,
      o32 = O[14] as number,
      o33 = O[15] as number;
    const r1 = so + V,
      r2 = so + 2 * V,
      r3 = so + 3 * V,
      r4 = so + 4 * V,
      r5 = so + 5 * V,
      r6 = so + 6 * V,
      r7 = so + 7 * V;
    const w1 = dO + V,
      w2 = dO + 2 * V,
      w3 = dO + 3 * V,
      w4 = dO + 4 * V,
      w5 = dO + 5 * V,
      w6 = dO + 6 * V,
      w7 = dO + 7 * V;
    for (let v = 0; v < V; v++) {
      const x0 = src[so + v] as number,
        x1 = src[r1 + v] as number,
        x2 = src[r2 + v] as number,
        x3 = src[r3 + v] as number;
      const x4 = src[r4 + v] as number,
        x5 = src[r5 + v] as number,
        x6 = src[r6 + v] as number,
        x7 = src[r7 + v] as number;
      const s0 = x0 + x7,
        s1 = x1 + x6,
        s2 = x2 + x5,
        s3 = x3 + x4;
      const d0 = x0 - x7,
        d1 = x1 - x6,
        d2 = x2 - x5,
        d3 = x3 - x4;
      dst[dO + v] = s0 + s1 + s2 + s3;
      dst[w2 + v] = e10 * s0 + e11 * s1 + e12 * s2 + e13 * s3;
      dst[w4 + v] = e20 * (s0 + s3) + e21 * (s1 + s2);
      dst[w6 + v] = e30 * s0 + e31 * s1 + e32 * s2 + e33 * s3;
      dst[w1 + v] = o00 * d0 + o01 * d1 + o02 * d2 + o03 * d3;
      dst[w3 + v] = o10 * d0 + o11 * d1 + o12 * d2 + o13 * d3;
      dst[w5 + v] = o20 * d0 + o21 * d1 + o22 * d2 + o23 * d3;
      dst[w7 + v] = o30 * d0 + o31 * d1 + o32 * d2 + o33 * d3;
    }
  }

  /** Transpose of fwd8. */
  private inv8(src: Float64Array, so: number, dst: Float64Array, dO: number): void {
    const V = this.width,
      E = this.e8,
      O = this.o8;
    const e10 = E[4] as number,
      e11 = E[5] as number,
      e12 = E[6] as number,
      e13 = E[7] as number;
    const e20 = E[8] as number,
      e21 = E[9] as number;
    const e30 = E[12] as number,
      e31 = E[13] as number,
      e32 = E[14] as number,
      e33 = E[15] as number;
    const o00 = O[0] as number,
      o01 = O[1] as number,
      o02 = O[2] as number,
      o03 = O[3] as number;
    const o10 = O[4] as number,
      o11 = O[5] as number,
      o12 = O[6] as number,
      o13 = O[7] as number;
    const o20 = O[8] as number,
      o21 = O[9] as number,
      o22 = O[10] as number,
      o23 = O[11] as number;
    const o30 = O[12] as number,
      o31 = O[13] as number,
      o32 = O[14] as number,
      o33 = O[15] as number;
    const r1 = so + V,
      r2 = so + 2 * V,
      r3 = so + 3 * V,
      r4 = so + 4 * V,
      r5 = so + 5 * V,
      r6 = so + 6 * V,
      r7 = so + 7 * V;
    const w1 = dO + V,
      w2 = dO + 2 * V,
      w3 = dO + 3 * V,
      w4 = dO + 4 * V,
      w5 = dO + 5 * V,
      w6 = dO + 6 * V,
      w7 = dO + 7 * V;
    for (let v = 0; v < V; v++) {
      const X0 = src[so + v] as number,
        X1 = src[r1 + v] as number,
        X2 = src[r2 + v] as number,
        X3 = src[r3 + v] as number;
      const X4 = src[r4 + v] as number,
        X5 = src[r5 + v] as number,
        X6 = src[r6 + v] as number,
        X7 = src[r7 + v] as number;
      const s0 = X0 + e10 * X2 + e20 * X4 + e30 * X6;
      const s1 = X0 + e11 * X2 + e21 * X4 + e31 * X6;
      const s2 = X0 + e12 * X2 + e21 * X4 + e32 * X6;
      const s3 = X0 + e13 * X2 + e20 * X4 + e33 * X6;
      const d0 = o00 * X1 + o10 * X3 + o20 * X5 + o30 * X7;
      const d1 = o01 * X1 + o11 * X3 + o21 * X5 + o31 * X7;
      const d2 = o02 * X1 + o12 * X3 + o22 * X5 + o32 * X7;
      const d3 = o03 * X1 + o13 * X3 + o23 * X5 + o33 * X7;
      dst[dO + v] = s0 + d0;
      dst[w7 + v] = s0 - d0;
      dst[w1 + v] = s1 + d1;
      dst[w6 + v] = s1 - d1;
      dst[w2 + v] = s2 + d2;
      dst[w5 + v] = s2 - d2;
      dst[w3 + v] = s3 + d3;
      dst[w4 + v] = s3 - d3;
    }
  }

  private lvOf(m: number): number {
    return 31 - Math.clz32(m);
  }

  private fwd(m: number, _d: number, src: Float64Array, so: number, dst: Float64Array, dO: number): void {
    const V = this.width;
    if (m === 1) {
      for (let v = 0; v < V; v++) dst[dO + v] = src[so + v] as number;
      return;
    }
    if (m === 2) {
      const c = Math.SQRT1_2;
      for (let v = 0; v < V; v++) {
        const a = src[so + v] as number,
          b = src[so + V + v] as number;
        dst[dO + v] = a + b;
        dst[dO + V + v] = (a - b) * c;
      }
      return;
    }
    if (m === 8) {
      this.fwd8(src, so, dst, dO);
      return;
    }
    const lv = this.lvOf(m),
      half = m >> 1;
    const tin = this.bufIn[lv] as Float64Array,
      tout = this.bufOut[lv] as Float64Array,
      ci = this.cinv[lv] as Float64Array;
    for (let i = 0; i < half; i++) {
      const r1 = so + i * V,
        r2 = so + (m - 1 - i) * V,
        g = i * V,
        h = (half + i) * V,
        c = ci[i] as number;
      for (let v = 0; v < V; v++) {
        const a = src[r1 + v] as number,
          b = src[r2 + v] as number;
        tin[g + v] = a + b;
        tin[h + v] = (a - b) * c;
      }
    }
    this.fwd(half, 0, tin, 0, tout, 0);
    this.fwd(half, 0, tin, half * V, tout, half * V);
    for (let k = 0; k < half; k++) {
      const e = dO + 2 * k * V,
        o = e + V,
        g = k * V,
        h = (half + k) * V;
      if (k + 1 < half) {
        const h2 = h + V;
        for (let v = 0; v < V; v++) {
          dst[e + v] = tout[g + v] as number;
          dst[o + v] = (tout[h + v] as number) + (tout[h2 + v] as number);
        }
      } else {
        for (let v = 0; v < V; v++) {
          dst[e + v] = tout[g + v] as number;
          dst[o + v] = tout[h + v] as number;
        }
      }
    }
  }

  private inv(m: number, _d: number, src: Float64Array, so: number, dst: Float64Array, dO: number): void {
    const V = this.width;
    if (m === 1) {
      for (let v = 0; v < V; v++) dst[dO + v] = src[so + v] as number;
      return;
    }
    if (m === 2) {
      const c = Math.SQRT1_2;
      for (let v = 0; v < V; v++) {
        const a = src[so + v] as number,
          b = (src[so + V + v] as number) * c;
        dst[dO + v] = a + b;
        dst[dO + V + v] = a - b;
      }
      return;
    }
    if (m === 8) {
      this.inv8(src, so, dst, dO);
      return;
    }
    const lv = this.lvOf(m),
      half = m >> 1;
    const tin = this.bufIn[lv] as Float64Array,
      tout = this.bufOut[lv] as Float64Array,
      ci = this.cinv[lv] as Float64Array;
    for (let k = 0; k < half; k++) {
      const e = so + 2 * k * V,
        o = e + V,
        g = k * V,
        h = (half + k) * V;
      if (k > 0) {
        const om = e - V;
        for (let v = 0; v < V; v++) {
          tin[g + v] = src[e + v] as number;
          tin[h + v] = (src[o + v] as number) + (src[om + v] as number);
        }
      } else {
        for (let v = 0; v < V; v++) {
          tin[g + v] = src[e + v] as number;
          tin[h + v] = src[o + v] as number;
        }
      }
    }
    this.inv(half, 0, tin, 0, tout, 0);
    this.inv(half, 0, tin, half * V, tout, half * V);
    for (let i = 0; i < half; i++) {
      const r1 = dO + i * V,
        r2 = dO + (m - 1 - i) * V,
        g = i * V,
        h = (half + i) * V,
        c = ci[i] as number;
      for (let v = 0; v < V; v++) {
        const a = tout[g + v] as number,
          b = (tout[h + v] as number) * c;
        dst[r1 + v] = a + b;
        dst[r2 + v] = a - b;
      }
    }
  }
}

/**
 * Orthonormal 2-D DCT of an R x C layer. Physical layout `[i][j]` (index
 * i*C + j); spectral layout `[p][q]` (index p*R + q, p = column frequency,
 * q = row frequency). Forward then inverse is the identity.
 */
export class Dct2d {
  readonly rows: number;
  readonly cols: number;
  private readonly alongRows: BatchedDct; // length R, width C
  private readonly alongCols: BatchedDct; // length C, width R
  private readonly scale: Float64Array; // [p][q]
  private readonly t1: Float64Array;
  private readonly t2: Float64Array;
  /**
   * Unrolled row kernels when both sides have one (8, 16, 32: the loop's 16x16 grid and
   * the accuracy grids): two passes, the transpose folded into the first pass's writes and
   * the orthonormal scales into the kernels, ~3x faster than the batched path.
   */
  private readonly rowKernels:
    | {
        readonly r: { readonly forward: RowKernel; readonly inverse: RowKernel };
        readonly c: { readonly forward: RowKernel; readonly inverse: RowKernel };
      }
    | undefined;
  private readonly scaleR: Float64Array;
  private readonly scaleC: Float64Array;
  /** Whether the unrolled row kernels serve this size (a full layer transform then costs ~1 us at 16x16). */
  readonly unrolled: boolean;

  constructor(rows: number, cols: number) {
    this.rows = rows;
    this.cols = cols;
    this.alongRows = new BatchedDct(rows, cols);
    this.alongCols = new BatchedDct(cols, rows);
    this.scale = new Float64Array(rows * cols);
    for (let p = 0; p < cols; p++)
      for (let q = 0; q < rows; q++) this.scale[p * rows + q] = dctScale(cols, p) * dctScale(rows, q);
    this.t1 = new Float64Array(rows * cols);
    this.t2 = new Float64Array(rows * cols);
    this.scaleR = Float64Array.from({ length: rows }, (_, q) => dctScale(rows, q));
    this.scaleC = Float64Array.from({ length: cols }, (_, p) => dctScale(cols, p));
    const r = ROW_KERNELS.get(rows),
      c = ROW_KERNELS.get(cols);
    this.rowKernels = r !== undefined && c !== undefined ? { r, c } : undefined;
    this.unrolled = this.rowKernels !== undefined;
  }

  /** Physical layer `x[xo ..]` -> spectral `out[oo ..]`. */
  forward(x: Float64Array, xo: number, out: Float64Array, oo: number): void {
    const R = this.rows,
      C = this.cols,
      t1 = this.t1,
      t2 = this.t2;
    const k = this.rowKernels;
    if (k !== undefined) {
      k.c.forward(x, xo, t1, 0, R, 1, R, this.scaleC); // along j for each row i -> t1[p][i]
      k.r.forward(t1, 0, out, oo, 1, R, C, this.scaleR); // along i for each p -> out[p][q]
      return;
    }
    this.alongRows.forward(x, xo, t1, 0); // [q][j]
    for (let q = 0; q < R; q++) for (let j = 0; j < C; j++) t2[j * R + q] = t1[q * C + j] as number; // [j][q]
    this.alongCols.forward(t2, 0, out, oo); // [p][q]
    const s = this.scale,
      n = R * C;
    for (let i = 0; i < n; i++) out[oo + i] = (out[oo + i] as number) * (s[i] as number);
  }

  /** Spectral `s[so ..]` -> physical layer `out[oo ..]`. */
  inverse(s: Float64Array, so: number, out: Float64Array, oo: number): void {
    const R = this.rows,
      C = this.cols,
      t1 = this.t1,
      t2 = this.t2,
      sc = this.scale,
      n = R * C;
    const k = this.rowKernels;
    if (k !== undefined) {
      k.r.inverse(s, so, t1, 0, C, 1, C, this.scaleR); // along q for each p -> t1[i][p]
      k.c.inverse(t1, 0, out, oo, 1, C, R, this.scaleC); // along p for each i -> out[i][j]
      return;
    }
    for (let i = 0; i < n; i++) t1[i] = (s[so + i] as number) * (sc[i] as number);
    this.alongCols.inverse(t1, 0, t2, 0); // [j][q]
    for (let j = 0; j < C; j++) for (let q = 0; q < R; q++) t1[q * C + j] = t2[j * R + q] as number; // [q][j]
    this.alongRows.inverse(t1, 0, out, oo); // [i][j]
  }
}
