/**
 * The relief order of one source's task groups: FLOPs descending, then expert ascending, the order
 * `sort((a, b) => b.flops - a.flops || a.expert - b.expert)` gives (a comparator sort of a few
 * hundred groups cost ~30 us a window on DeepSeek-V2; a typed-array sort needs no comparator calls).
 */

let values = new Float64Array(64);
let out = new Int32Array(64);
let runLength = new Int32Array(64);

/**
 * Reorders ids[from .. to) (group ids of distinct experts, in any order) into relief order. Finite FLOPs: the negated values are sorted natively, each group goes to the start of
 * its value's run (binary search) and runs of equal FLOPs are put in expert order. Any other
 * value (NaN, infinities: the comparator above is then no consistent order) takes that very
 * comparator sort from the start order the groups had there (ascending expert), so the result is
 * the same in every case.
 */
export function orderByFlops(ids: Int32Array, from: number, to: number, flops: Float64Array, expert: Int32Array): void {
  const n = to - from;
  if (n < 2) return;
  for (let k = from; k < to; k++) {
    if (!Number.isFinite(flops[ids[k]!]!)) {
      comparatorOrder(ids, from, to, flops, expert);
      return;
    }
  }
  if (values.length < n) {
    values = new Float64Array(2 * n);
    out = new Int32Array(2 * n);
    runLength = new Int32Array(2 * n);
  }
  const sorted = values.subarray(0, n);
  for (let k = 0; k < n; k++) sorted[k] = -flops[ids[from + k]!]!;
  sorted.sort();
  runLength.fill(0, 0, n);
  for (let k = 0; k < n; k++) {
    const g = ids[from + k]!;
    const v = -flops[g]!;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    out[lo + runLength[lo]!++] = g;
  }
  // equal FLOPs (rare): insertion sort of the run by expert
  for (let start = 0; start < n; start += runLength[start]!) {
    const end = start + runLength[start]!;
    for (let i = start + 1; i < end; i++) {
      const g = out[i]!;
      const e = expert[g]!;
      let j = i - 1;
      while (j >= start && expert[out[j]!]! > e) {
        out[j + 1] = out[j]!;
        j--;
      }
      out[j + 1] = g;
    }
  }
  ids.set(out.subarray(0, n), from);
}

function comparatorOrder(ids: Int32Array, from: number, to: number, flops: Float64Array, expert: Int32Array): void {
  const list = Array.from(ids.subarray(from, to)).sort((a, b) => expert[a]! - expert[b]!);
  list.sort((a, b) => flops[b]! - flops[a]! || expert[a]! - expert[b]!);
  ids.set(list, from);
}
