/**
 * y[row] = sum_k w_k x[col_k] over a fixed sparsity pattern (the block <-> cell
 * maps of the back end: block powers -> cell powers, cell temperatures -> block
 * means). Rows are bucketed by their entry count so each bucket runs a loop of
 * fixed shape (1 and 4 entries unrolled: a bank or a 2x2-cell core on the
 * loop's 16x16 grid), with a running output index when the bucket's rows are
 * consecutive and one scalar weight when its weights are all equal: V8
 * optimises those far better than one CSR loop with a data-dependent inner
 * trip count.
 */

interface Bucket {
  readonly k: number;
  readonly rows: Int32Array;
  /** First row when the rows are consecutive, else -1. */
  readonly firstRow: number;
  /** k column indices per row, row after row. */
  readonly cols: Int32Array;
  readonly w: Float64Array;
  /** The common weight when all are equal, else NaN. */
  readonly weight: number;
}

export class SparseGather {
  readonly rowCount: number;
  private readonly buckets: readonly Bucket[];

  /** `entries[t]` lists the (col, weight) pairs of output row `rows[t]`. */
  constructor(rows: ArrayLike<number>, entries: readonly (readonly (readonly [number, number])[])[]) {
    const byK = new Map<number, { rows: number[]; cols: number[]; w: number[] }>();
    for (let t = 0; t < entries.length; t++) {
      const e = entries[t] ?? [];
      let b = byK.get(e.length);
      if (b === undefined) byK.set(e.length, (b = { rows: [], cols: [], w: [] }));
      b.rows.push(rows[t] as number);
      for (const [c, w] of e) {
        b.cols.push(c);
        b.w.push(w);
      }
    }
    this.rowCount = entries.length;
    this.buckets = [...byK.entries()].sort(([a], [b]) => a - b).map(([k, b]) => {
      const r0 = b.rows[0] ?? 0;
      const consecutive = b.rows.every((r, t) => r === r0 + t);
      const w0 = b.w[0] ?? 0;
      const equal = b.w.every((w) => w === w0);
      return { k, rows: Int32Array.from(b.rows), firstRow: consecutive ? r0 : -1, cols: Int32Array.from(b.cols), w: Float64Array.from(b.w), weight: equal ? w0 : NaN };
    });
  }

  /**
   * `apply` that also validates its input in the same pass: true when every x value it
   * reads is >= 0 and every written row finite; false otherwise (y then holds garbage).
   * Weights must be finite and positive for that to mean "all read values finite".
   */
  applyNonNegative(x: Float64Array, y: Float64Array): boolean {
    return checked(x, y, this.buckets);
  }

  /** Ascending columns below `xLength` that no row reads. */
  unreadColumns(xLength: number): Int32Array {
    const read = new Uint8Array(xLength);
    for (const bk of this.buckets) for (const c of bk.cols) if (c < xLength) read[c] = 1;
    const out: number[] = [];
    for (let c = 0; c < xLength; c++) if (read[c] === 0) out.push(c);
    return Int32Array.from(out);
  }

  /** Writes every listed row of `y` (other entries untouched), plus `offset` on each. */
  apply(x: Float64Array, y: Float64Array, offset = 0): void {
    for (const bk of this.buckets) {
      if (bk.k === 1 && bk.firstRow >= 0 && bk.weight === 1) gather1(x, y, bk.cols, bk.firstRow, offset);
      else if (bk.k === 1) scaled1(x, y, bk, offset);
      else if (bk.k === 4) sum4(x, y, bk, offset);
      else sumK(x, y, bk, offset);
    }
  }
}

/**
 * As SparseGather.apply, and reports whether every x value read is >= 0 and every row
 * finite (the check rides along the loads the gather makes anyway: NaN fails `>= 0`,
 * +Infinity makes its rows infinite).
 */
function checked(x: Float64Array, y: Float64Array, buckets: readonly Bucket[]): boolean {
  let ok = true;
  for (const bk of buckets) {
    const { k, rows, cols, w } = bk;
    let total = 0, neg = false;
    if (k === 4) {
      for (let t = 0, j = 0, n = rows.length; t < n; t++, j += 4) {
        const a = x[cols[j] as number] as number, b = x[cols[j + 1] as number] as number, c = x[cols[j + 2] as number] as number, d = x[cols[j + 3] as number] as number;
        if (a < 0 || b < 0 || c < 0 || d < 0) neg = true;
        const v = (w[j] as number) * a + (w[j + 1] as number) * b + (w[j + 2] as number) * c + (w[j + 3] as number) * d;
        total += v;
        y[rows[t] as number] = v;
      }
    } else if (k === 1) {
      for (let t = 0, n = rows.length; t < n; t++) {
        const a = x[cols[t] as number] as number;
        if (a < 0) neg = true;
        const v = (w[t] as number) * a;
        total += v;
        y[rows[t] as number] = v;
      }
    } else {
      for (let t = 0, j = 0, n = rows.length; t < n; t++) {
        let v = 0;
        for (const e = j + k; j < e; j++) {
          const a = x[cols[j] as number] as number;
          if (a < 0) neg = true;
          v += (w[j] as number) * a;
        }
        total += v;
        y[rows[t] as number] = v;
      }
    }
    // total - total is 0 for finite totals, NaN for NaN or infinite ones (NaN inputs, +Infinity)
    if (neg || total - total !== 0) ok = false;
  }
  return ok;
}

function gather1(x: Float64Array, y: Float64Array, cols: Int32Array, r0: number, off: number): void {
  for (let t = 0, r = r0, n = cols.length; t < n; t++, r++) y[r] = (x[cols[t] as number] as number) + off;
}

function scaled1(x: Float64Array, y: Float64Array, { rows, cols, w }: Bucket, off: number): void {
  for (let t = 0, n = rows.length; t < n; t++) y[rows[t] as number] = (w[t] as number) * (x[cols[t] as number] as number) + off;
}

function sum4(x: Float64Array, y: Float64Array, { rows, cols, w, weight }: Bucket, off: number): void {
  const n = rows.length;
  if (weight === weight) {
    for (let t = 0, j = 0; t < n; t++, j += 4) {
      y[rows[t] as number] = weight * ((x[cols[j] as number] as number) + (x[cols[j + 1] as number] as number) + (x[cols[j + 2] as number] as number) + (x[cols[j + 3] as number] as number)) + off;
    }
    return;
  }
  for (let t = 0, j = 0; t < n; t++, j += 4) {
    y[rows[t] as number] =
      (w[j] as number) * (x[cols[j] as number] as number) +
      (w[j + 1] as number) * (x[cols[j + 1] as number] as number) +
      (w[j + 2] as number) * (x[cols[j + 2] as number] as number) +
      (w[j + 3] as number) * (x[cols[j + 3] as number] as number) +
      off;
  }
}

function sumK(x: Float64Array, y: Float64Array, { k, rows, cols, w }: Bucket, off: number): void {
  for (let t = 0, j = 0, n = rows.length; t < n; t++) {
    let s = 0;
    for (const e = j + k; j < e; j++) s += (w[j] as number) * (x[cols[j] as number] as number);
    y[rows[t] as number] = s + off;
  }
}
