/**
 * The relief order of one source's task groups: FLOPs descending, then expert ascending, the order
 * `sort((a, b) => b.flops - a.flops || a.expert - b.expert)` gives (a comparator sort of a few
 * hundred groups cost ~30 us a window on DeepSeek-V2).
 */

let values = new Float64Array(64);
let out = new Int32Array(64);
let runLength = new Int32Array(64);

/**
 * Reorders ids[from .. to) (group ids of distinct experts, in any order) into relief order.
 * Finite FLOPs: a bucket sort (bucketOrder) or, when the values crowd into a few buckets, a
 * native sort of the negated values, each group then going to the start of its value's run
 * (binary search), runs of equal FLOPs put in expert order. Any other value (NaN, infinities:
 * the comparator above is then no consistent order) takes that very comparator sort from the
 * start order the groups had there (ascending expert), so the result is the same in every case.
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
  if (values.length < n + 1) {
    values = new Float64Array(2 * n + 2);
    out = new Int32Array(2 * n + 2);
    runLength = new Int32Array(2 * n + 2);
  }
  if (bucketOrder(ids, from, to, flops, expert)) return;
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

/** Most groups in a bucket that bucketOrder's insertion sort takes (quadratic in it). */
const MAX_BUCKET = 32;

/**
 * A bucket sort by FLOPs: n buckets over [min, max] (the bucket a monotone function of the value,
 * so buckets come in order), then an insertion sort by the exact key, which has only the
 * inversions inside buckets left to undo. Linear on a window's group sums, with predictable
 * branches (a comparison sort and binary searches mispredict about half their branches on data
 * that changes every window: 18 us against 4 us for 236 groups). Declines (false) when a bucket
 * would exceed MAX_BUCKET.
 */
function bucketOrder(ids: Int32Array, from: number, to: number, flops: Float64Array, expert: Int32Array): boolean {
  const n = to - from;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = from; k < to; k++) {
    const v = flops[ids[k]!]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = n / (max - min);
  if (!(scale > 0 && scale < Number.POSITIVE_INFINITY)) return false;
  const count = runLength;
  count.fill(0, 0, n + 1);
  for (let k = from; k < to; k++) count[bucketOf(flops[ids[k]!]!, max, scale, n) + 1]!++;
  for (let b = 0; b < n; b++) {
    if (count[b + 1]! > MAX_BUCKET) return false;
    count[b + 1] = count[b + 1]! + count[b]!;
  }
  for (let k = from; k < to; k++) {
    const g = ids[k]!;
    out[count[bucketOf(flops[g]!, max, scale, n)]!++] = g;
  }
  for (let i = 1; i < n; i++) {
    const g = out[i]!;
    const f = flops[g]!;
    const e = expert[g]!;
    let j = i - 1;
    for (; j >= 0; j--) {
      const o = out[j]!;
      const fo = flops[o]!;
      if (fo > f || (fo === f && expert[o]! < e)) break;
      out[j + 1] = o;
    }
    out[j + 1] = g;
  }
  ids.set(out.subarray(0, n), from);
  return true;
}

/** Bucket 0 holds the largest values. */
function bucketOf(v: number, max: number, scale: number, n: number): number {
  const b = Math.floor((max - v) * scale);
  return b < n ? b : n - 1;
}

function comparatorOrder(ids: Int32Array, from: number, to: number, flops: Float64Array, expert: Int32Array): void {
  const list = Array.from(ids.subarray(from, to)).sort((a, b) => expert[a]! - expert[b]!);
  list.sort((a, b) => flops[b]! - flops[a]! || expert[a]! - expert[b]!);
  ids.set(list, from);
}
