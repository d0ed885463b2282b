/**
 * y[row] = sum_k w_k x[col_k] over a fixed sparsity pattern (the block <-> cell
 * maps of the back end: block powers -> cell powers, cell temperatures -> block
 * means). Rows are bucketed by their entry count so each bucket runs a loop of
 * fixed shape (1 and 4 entries unrolled: a bank or a 2x2-cell core on the
 * loop's 16x16 grid), with a running output index when the bucket's rows are
 * consecutive and one scalar weight when its weights are all equal: V8
 * optimises those far better than one CSR loop with a data-dependent inner
 * trip count. Two regular layouts of the loop's maps get loops of their own: rows
 * whose columns are one base plus offsets common to the bucket (a 2x2-bank cell
 * reading banks b, b+1, b+32, b+33) load only the base; and a 1-entry, weight-1
 * bucket in which every column is read by the same number of rows at common row
 * offsets (the 4 banks of a cell reading that cell) becomes a fan-out that loads
 * each column once and stores it to its rows.
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
  /** k >= 2 and every row's columns are base + these offsets (one per entry); else undefined. */
  readonly colOffsets: Int32Array | undefined;
  /** First column of each row (with colOffsets). */
  readonly colBase: Int32Array;
  /** 1-entry weight-1 bucket as a fan-out (see the class comment); else undefined. */
  readonly fan: FanOut | undefined;
}

/** y[rows[g] + offsets[j]] = x[cols[g]] for every group g and offset j. */
interface FanOut {
  readonly cols: Int32Array;
  readonly rows: Int32Array;
  readonly offsets: Int32Array;
}

/** Offsets of every row's columns from its first column when they are common to all rows. */
function commonOffsets(k: number, n: number, cols: readonly number[]): Int32Array | undefined {
  if (k < 2 || n === 0) return undefined;
  const off = Int32Array.from({ length: k }, (_, j) => (cols[j] as number) - (cols[0] as number));
  for (let t = 0; t < n; t++) {
    const b = cols[t * k] as number;
    for (let j = 0; j < k; j++) if ((cols[t * k + j] as number) - b !== off[j]) return undefined;
  }
  return off;
}

/** The fan-out form of a 1-entry bucket (rows[t] reads cols[t]) when every column's rows share one offset pattern. */
function fanOut(rows: readonly number[], cols: readonly number[]): FanOut | undefined {
  const byCol = new Map<number, number[]>();
  rows.forEach((r, t) => {
    const c = cols[t] as number;
    let list = byCol.get(c);
    if (list === undefined) byCol.set(c, (list = []));
    list.push(r);
  });
  const groups = [...byCol.entries()].map(([c, rs]) => [c, rs.sort((a, b) => a - b)] as const);
  const first = groups[0];
  if (first === undefined || first[1].length < 2) return undefined;
  const r0 = first[1][0] as number;
  const offsets = Int32Array.from(first[1], (r) => r - r0);
  for (const [, rs] of groups) {
    if (rs.length !== offsets.length) return undefined;
    for (let j = 0; j < rs.length; j++) if ((rs[j] as number) - (rs[0] as number) !== offsets[j]) return undefined;
  }
  return {
    cols: Int32Array.from(groups, ([c]) => c),
    rows: Int32Array.from(groups, ([, rs]) => rs[0] as number),
    offsets,
  };
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
    this.buckets = [...byK.entries()]
      .sort(([a], [b]) => a - b)
      .map(([k, b]) => {
        const r0 = b.rows[0] ?? 0;
        const consecutive = b.rows.every((r, t) => r === r0 + t);
        const w0 = b.w[0] ?? 0;
        const equal = b.w.every((w) => w === w0);
        const colOffsets = commonOffsets(k, b.rows.length, b.cols);
        const colBase =
          colOffsets === undefined ? new Int32Array(0) : Int32Array.from(b.rows, (_, t) => b.cols[t * k] as number);
        const fan = k === 1 && equal && w0 === 1 ? fanOut(b.rows, b.cols) : undefined;
        return {
          k,
          rows: Int32Array.from(b.rows),
          firstRow: consecutive ? r0 : -1,
          cols: Int32Array.from(b.cols),
          w: Float64Array.from(b.w),
          weight: equal ? w0 : NaN,
          colOffsets,
          colBase,
          fan,
        };
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
      const fan = bk.fan,
        co = bk.colOffsets;
      if (fan !== undefined && fan.offsets.length === 4)
        fan4(
          x,
          y,
          fan.cols,
          fan.rows,
          fan.offsets[1] as number,
          fan.offsets[2] as number,
          fan.offsets[3] as number,
          offset,
        );
      else if (bk.k === 1 && bk.firstRow >= 0 && bk.weight === 1) gather1(x, y, bk.cols, bk.firstRow, offset);
      else if (bk.k === 4 && !Number.isNaN(bk.weight) && bk.firstRow >= 0 && co !== undefined) {
        sum4Offsets(
          x,
          y,
          bk.colBase,
          co[1] as number,
          co[2] as number,
          co[3] as number,
          bk.firstRow,
          bk.weight,
          offset,
        );
      } else if (bk.k === 1) scaled1(x, y, bk, offset);
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
    const co = bk.colOffsets;
    if (k === 4 && bk.weight === 1 && bk.firstRow >= 0 && co !== undefined) {
      const total = checkedSum4Offsets(
        x,
        y,
        bk.colBase,
        co[1] as number,
        co[2] as number,
        co[3] as number,
        bk.firstRow,
      );
      if (total - total !== 0) ok = false;
      continue;
    }
    let total = 0,
      neg = false;
    if (k === 4) {
      for (let t = 0, j = 0, n = rows.length; t < n; t++, j += 4) {
        const a = x[cols[j] as number] as number,
          b = x[cols[j + 1] as number] as number,
          c = x[cols[j + 2] as number] as number,
          d = x[cols[j + 3] as number] as number;
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

/**
 * y[r0 + t] = sum of the 4 x at base[t] + (0, o1, o2, o3), weights all 1; returns the sum
 * of the rows, NaN when a value read is negative (the caller's finiteness test then fails).
 */
function checkedSum4Offsets(
  x: Float64Array,
  y: Float64Array,
  base: Int32Array,
  o1: number,
  o2: number,
  o3: number,
  r0: number,
): number {
  let total = 0,
    neg = false;
  for (let t = 0, r = r0, n = base.length; t < n; t++, r++) {
    const b = base[t] as number;
    const a0 = x[b] as number,
      a1 = x[b + o1] as number,
      a2 = x[b + o2] as number,
      a3 = x[b + o3] as number;
    if (a0 < 0 || a1 < 0 || a2 < 0 || a3 < 0) neg = true;
    const v = a0 + a1 + a2 + a3;
    total += v;
    y[r] = v;
  }
  return neg ? NaN : total;
}

/** y[r0 + t] = weight * (sum of the 4 x at base[t] + (0, o1, o2, o3)) + off. */
function sum4Offsets(
  x: Float64Array,
  y: Float64Array,
  base: Int32Array,
  o1: number,
  o2: number,
  o3: number,
  r0: number,
  weight: number,
  off: number,
): void {
  for (let t = 0, r = r0, n = base.length; t < n; t++, r++) {
    const b = base[t] as number;
    y[r] = weight * ((x[b] as number) + (x[b + o1] as number) + (x[b + o2] as number) + (x[b + o3] as number)) + off;
  }
}

/** Fan-out of 4: x[cols[g]] + off to rows[g] + (0, o1, o2, o3). */
function fan4(
  x: Float64Array,
  y: Float64Array,
  cols: Int32Array,
  rows: Int32Array,
  o1: number,
  o2: number,
  o3: number,
  off: number,
): void {
  for (let g = 0, n = cols.length; g < n; g++) {
    const v = (x[cols[g] as number] as number) + off,
      r = rows[g] as number;
    y[r] = v;
    y[r + o1] = v;
    y[r + o2] = v;
    y[r + o3] = v;
  }
}

function gather1(x: Float64Array, y: Float64Array, cols: Int32Array, r0: number, off: number): void {
  for (let t = 0, r = r0, n = cols.length; t < n; t++, r++) y[r] = (x[cols[t] as number] as number) + off;
}

function scaled1(x: Float64Array, y: Float64Array, { rows, cols, w }: Bucket, off: number): void {
  for (let t = 0, n = rows.length; t < n; t++)
    y[rows[t] as number] = (w[t] as number) * (x[cols[t] as number] as number) + off;
}

function sum4(x: Float64Array, y: Float64Array, { rows, cols, w, weight }: Bucket, off: number): void {
  const n = rows.length;
  if (!Number.isNaN(weight)) {
    for (let t = 0, j = 0; t < n; t++, j += 4) {
      y[rows[t] as number] =
        weight *
          ((x[cols[j] as number] as number) +
            (x[cols[j + 1] as number] as number) +
            (x[cols[j + 2] as number] as number) +
            (x[cols[j + 3] as number] as number)) +
        off;
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
