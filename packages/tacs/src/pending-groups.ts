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
  /** Distinct micro-batch ids, ascending, with their FLOPs and task counts. */
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
  // a run, its tasks in the order the sums below need (micro-batch, then task).
  const picked: number[] = [];
  for (let i = 0; i < pending.taskCount; i++) {
    const e = pending.expert[i] ?? -1;
    const c = pending.core[i] ?? -1;
    if (e < 0 || c < 0 || c >= coreCount || (sourceRank[c] ?? -1) < 0) continue;
    picked.push(i);
  }
  const keyOf = (i: number) => (pending.expert[i] ?? 0) * coreCount + (pending.core[i] ?? 0);
  picked.sort((a, b) => keyOf(a) - keyOf(b) || (pending.mbId[a] ?? 0) - (pending.mbId[b] ?? 0) || a - b);
  const out: TaskGroup[][] = Array.from({ length: sourceCount }, () => []);
  const ids: number[] = [];
  const flops: number[] = [];
  const counts: number[] = [];
  for (let start = 0; start < picked.length; ) {
    const key = keyOf(picked[start] as number);
    let end = start + 1;
    while (end < picked.length && keyOf(picked[end] as number) === key) end++;
    const source = key % coreCount;
    const expert = (key - source) / coreCount;
    ids.length = 0;
    flops.length = 0;
    counts.length = 0;
    let total = 0;
    for (let k = start; k < end; k++) {
      const t = picked[k] as number;
      const mb = pending.mbId[t] ?? 0;
      const f = pending.flops[t] ?? 0;
      total += f;
      if (ids.length > 0 && ids[ids.length - 1] === mb) {
        flops[flops.length - 1] = (flops[flops.length - 1] ?? 0) + f;
        counts[counts.length - 1] = (counts[counts.length - 1] ?? 0) + 1;
      } else {
        ids.push(mb);
        flops.push(f);
        counts.push(1);
      }
    }
    out[sourceRank[source] ?? 0]?.push({
      source,
      expert,
      flops: total,
      mbIds: Int32Array.from(ids),
      mbFlops: Float64Array.from(flops),
      mbTasks: Int32Array.from(counts),
    });
    start = end;
  }
  for (const groups of out) groups.sort((a, b) => b.flops - a.flops || a.expert - b.expert);
  return out;
}
