/** 0, 1, ..., n - 1 as an Int32Array, one per length (shared: callers only read it). */
const ranges = new Map<number, Int32Array>();

export function indexRange(n: number): Int32Array {
  let ids = ranges.get(n);
  if (ids === undefined) {
    ids = Int32Array.from({ length: n }, (_, i) => i);
    ranges.set(n, ids);
  }
  return ids;
}
