/**
 * Orthonormal DCT-II / DCT-III (the eigenvectors of a 1-D Laplacian with
 * Neumann, i.e. adiabatic, ends), batched over `width` interleaved vectors:
 * element n of vector v is at `n * width + v`, so the inner loops run over
 * contiguous memory. Powers of two use Lee's recursive fast algorithm
 * (O(n log n)); other lengths fall back to a dense matrix product.
 * No allocation after construction.
 */

const isPow2 = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

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

  constructor(n: number, width: number) {
    this.n = n;
    this.width = width;
    this.fast = isPow2(n);
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
      for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) d[k * n + i] = Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
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
    const n = this.n, V = this.width, d = this.dense as Float64Array;
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
        const a = src[so + v] as number, b = src[so + V + v] as number;
        dst[dO + v] = a + b;
        dst[dO + V + v] = (a - b) * c;
      }
      return;
    }
    const lv = this.lvOf(m), half = m >> 1;
    const tin = this.bufIn[lv] as Float64Array, tout = this.bufOut[lv] as Float64Array, ci = this.cinv[lv] as Float64Array;
    for (let i = 0; i < half; i++) {
      const r1 = so + i * V, r2 = so + (m - 1 - i) * V, g = i * V, h = (half + i) * V, c = ci[i] as number;
      for (let v = 0; v < V; v++) {
        const a = src[r1 + v] as number, b = src[r2 + v] as number;
        tin[g + v] = a + b;
        tin[h + v] = (a - b) * c;
      }
    }
    this.fwd(half, 0, tin, 0, tout, 0);
    this.fwd(half, 0, tin, half * V, tout, half * V);
    for (let k = 0; k < half; k++) {
      const e = dO + 2 * k * V, o = e + V, g = k * V, h = (half + k) * V;
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
        const a = src[so + v] as number, b = (src[so + V + v] as number) * c;
        dst[dO + v] = a + b;
        dst[dO + V + v] = a - b;
      }
      return;
    }
    const lv = this.lvOf(m), half = m >> 1;
    const tin = this.bufIn[lv] as Float64Array, tout = this.bufOut[lv] as Float64Array, ci = this.cinv[lv] as Float64Array;
    for (let k = 0; k < half; k++) {
      const e = so + 2 * k * V, o = e + V, g = k * V, h = (half + k) * V;
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
      const r1 = dO + i * V, r2 = dO + (m - 1 - i) * V, g = i * V, h = (half + i) * V, c = ci[i] as number;
      for (let v = 0; v < V; v++) {
        const a = tout[g + v] as number, b = (tout[h + v] as number) * c;
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

  constructor(rows: number, cols: number) {
    this.rows = rows;
    this.cols = cols;
    this.alongRows = new BatchedDct(rows, cols);
    this.alongCols = new BatchedDct(cols, rows);
    this.scale = new Float64Array(rows * cols);
    for (let p = 0; p < cols; p++) for (let q = 0; q < rows; q++) this.scale[p * rows + q] = dctScale(cols, p) * dctScale(rows, q);
    this.t1 = new Float64Array(rows * cols);
    this.t2 = new Float64Array(rows * cols);
  }

  /** Physical layer `x[xo ..]` -> spectral `out[oo ..]`. */
  forward(x: Float64Array, xo: number, out: Float64Array, oo: number): void {
    const R = this.rows, C = this.cols, t1 = this.t1, t2 = this.t2;
    this.alongRows.forward(x, xo, t1, 0); // [q][j]
    for (let q = 0; q < R; q++) for (let j = 0; j < C; j++) t2[j * R + q] = t1[q * C + j] as number; // [j][q]
    this.alongCols.forward(t2, 0, out, oo); // [p][q]
    const s = this.scale, n = R * C;
    for (let k = 0; k < n; k++) out[oo + k] = (out[oo + k] as number) * (s[k] as number);
  }

  /** Spectral `s[so ..]` -> physical layer `out[oo ..]`. */
  inverse(s: Float64Array, so: number, out: Float64Array, oo: number): void {
    const R = this.rows, C = this.cols, t1 = this.t1, t2 = this.t2, sc = this.scale, n = R * C;
    for (let k = 0; k < n; k++) t1[k] = (s[so + k] as number) * (sc[k] as number);
    this.alongCols.inverse(t1, 0, t2, 0); // [j][q]
    for (let j = 0; j < C; j++) for (let q = 0; q < R; q++) t1[q * C + j] = t2[j * R + q] as number; // [q][j]
    this.alongRows.inverse(t1, 0, out, oo); // [i][j]
  }
}
