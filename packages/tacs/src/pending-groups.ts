/**
 * The pending window's expert tasks on the source cores, grouped per (source, expert),
 * with their distinct micro-batches (a reroute row names micro-batches, so an
 * expert's tasks can be split between cores only at micro-batch granularity).
 */
import type { PendingWindowView } from '@tasmoe/schemas';

export interface TaskGroup {
  readonly source: number;
  readonly expert: number;
  readonly flops: number;
  /**
   * Distinct micro-batch ids, ascending, with their FLOPs and task counts: entries mbStart ..
   * mbStart + mbLength - 1 of arrays shared by the window's groups (no views made per group).
   */
  readonly mbStart: number;
  readonly mbLength: number;
  readonly mbIds: Int32Array;
  readonly mbFlops: Float64Array;
  readonly mbTasks: Int32Array;
}

/**
 * @param sourceRank rank of each core among the sources, -1 for non-sources
 * @returns per source rank, its groups ordered by FLOPs (largest first), then expert id
 */
export function groupPendingTasks(
  pending: PendingWindowView,
  sourceRank: Int32Array,
  sourceCount: number,
): TaskGroup[][] {
  const coreCount = sourceRank.length;
  // The source cores' tasks in one sort by (expert, core, micro-batch, task): each group is then
  // a run, its tasks in the order the sums below need (micro-batch, then task). The four fields
  // pack into one integer-valued double (exact below 2^53), sorted as numbers without a comparator.
  const picked: number[] = [];
  let mbMin = 0;
  let mbMax = 0;
  for (let i = 0; i < pending.taskCount; i++) {
    const e = pending.expert[i] ?? -1;
    const c = pending.core[i] ?? -1;
    if (e < 0 || c < 0 || c >= coreCount || (sourceRank[c] ?? -1) < 0) continue;
    const mb = pending.mbId[i] ?? 0;
    if (picked.length === 0 || mb < mbMin) mbMin = mb;
    if (picked.length === 0 || mb > mbMax) mbMax = mb;
    picked.push(i);
  }
  const n = pending.taskCount;
  const mbSpan = mbMax - mbMin + 1;
  let keyMax = 0;
  for (const i of picked) keyMax = Math.max(keyMax, keyOf(pending, coreCount, i));
  if ((keyMax + 1) * mbSpan * n < Number.MAX_SAFE_INTEGER) {
    const packed = new Float64Array(picked.length);
    for (let k = 0; k < picked.length; k++) {
      const i = picked[k] as number;
      packed[k] = (keyOf(pending, coreCount, i) * mbSpan + ((pending.mbId[i] ?? 0) - mbMin)) * n + i;
    }
    packed.sort();
    for (let k = 0; k < picked.length; k++) picked[k] = (packed[k] as number) % n;
  } else {
    picked.sort(
      (a, b) =>
        keyOf(pending, coreCount, a) - keyOf(pending, coreCount, b) ||
        (pending.mbId[a] ?? 0) - (pending.mbId[b] ?? 0) ||
        a - b,
    );
  }
  const out: TaskGroup[][] = Array.from({ length: sourceCount }, () => []);
  // Every group's micro-batches are a range of three shared arrays (one allocation each, not three per group).
  const allIds = new Int32Array(picked.length);
  const allFlops = new Float64Array(picked.length);
  const allCounts = new Int32Array(picked.length);
  let used = 0;
  for (let start = 0; start < picked.length; ) {
    const key = keyOf(pending, coreCount, picked[start] as number);
    let end = start + 1;
    while (end < picked.length && keyOf(pending, coreCount, picked[end] as number) === key) end++;
    const source = key % coreCount;
    const expert = (key - source) / coreCount;
    const first = used;
    let total = 0;
    for (let k = start; k < end; k++) {
      const t = picked[k] as number;
      const mb = pending.mbId[t] ?? 0;
      const f = pending.flops[t] ?? 0;
      total += f;
      if (used > first && allIds[used - 1] === mb) {
        allFlops[used - 1] = (allFlops[used - 1] as number) + f;
        allCounts[used - 1] = (allCounts[used - 1] as number) + 1;
      } else {
        allIds[used] = mb;
        allFlops[used] = f;
        allCounts[used] = 1;
        used++;
      }
    }
    out[sourceRank[source] ?? 0]?.push({
      source,
      expert,
      flops: total,
      mbStart: first,
      mbLength: used - first,
      mbIds: allIds,
      mbFlops: allFlops,
      mbTasks: allCounts,
    });
    start = end;
  }
  for (const groups of out) groups.sort((a, b) => b.flops - a.flops || a.expert - b.expert);
  return out;
}

/** (expert, core) of task i as one number; a module function, not a closure made per call. */
function keyOf(pending: PendingWindowView, coreCount: number, i: number): number {
  return (pending.expert[i] ?? 0) * coreCount + (pending.core[i] ?? 0);
}
