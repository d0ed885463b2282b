/**
 * The pending window's expert tasks on the source cores, grouped per (source, expert),
 * with their distinct micro-batches (a reroute row names micro-batches, so an
 * expert's tasks can be split between cores only at micro-batch granularity).
 */
import type { PendingWindowView } from '@tasmoe/schemas';
import { orderByFlops } from './flops-order.js';
import { type GroupBuffers, reserveGroups, reserveTasks } from './group-buffers.js';

/**
 * The groups as columns of the buffers they were built in (valid until the buffers build the next
 * window's): no object per group. Group g has expert[g], FLOPs flops[g] and the distinct
 * micro-batch ids mbIds[mbStart[g] .. mbStart[g] + mbLength[g]) ascending, with their FLOPs
 * (mbFlops) and task counts (mbTasks).
 */
export interface PendingGroups {
  /** The groups of source rank r, in relief order: order[rankStart[r] .. rankStart[r + 1]). */
  readonly rankStart: Int32Array;
  readonly order: Int32Array;
  readonly expert: Int32Array;
  readonly flops: Float64Array;
  readonly mbStart: Int32Array;
  readonly mbLength: Int32Array;
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
  b: GroupBuffers,
): PendingGroups {
  reserveTasks(b, pending.taskCount, sourceCount);
  const { picked, byMb } = b;
  // the expert tasks (expert >= 0) on source cores (rank >= 0): both sign bits clear, without
  // a branch (about half the tasks are taken, in no pattern a branch predictor could learn)
  let m = 0;
  for (let i = 0; i < pending.taskCount; i++) {
    picked[m] = i;
    m += (~pending.expert[i]! & ~(sourceRank[pending.core[i]!] ?? -1)) >>> 31;
  }
  let mbMin = m > 0 ? pending.mbId[picked[0]!]! : 0;
  let mbMax = mbMin;
  for (let k = 1; k < m; k++) {
    const mb = pending.mbId[picked[k]!]!;
    if (mb < mbMin) mbMin = mb;
    if (mb > mbMax) mbMax = mb;
  }
  // Tasks by (micro-batch, task): appended in that order, every group's list is in the order its
  // sums need (the same additions as a sort by (expert, core, micro-batch, task) made).
  sortByMicroBatch(pending.mbId, picked, m, mbMin, mbMax - mbMin + 1, b, byMb);

  // (expert, rank) -> group through an open-addressing table (any expert id, no table per expert)
  const bits = Math.max(4, 32 - Math.clz32(2 * m));
  reserveGroups(b, m, 1 << bits);
  const { slot, gExpert, gRank, gFirst, gLast, taskNext } = b;
  slot.fill(-1, 0, 1 << bits);
  const mask = (1 << bits) - 1;
  let groupCount = 0;
  for (let k = 0; k < m; k++) {
    const t = byMb[k]!;
    const e = pending.expert[t]!;
    const r = sourceRank[pending.core[t]!]!;
    let h = Math.imul(e ^ Math.imul(r, 0x27d4eb2d), 0x9e3779b1) >>> (32 - bits);
    let g = slot[h]!;
    while (g >= 0 && (gExpert[g] !== e || gRank[g] !== r)) {
      h = (h + 1) & mask;
      g = slot[h]!;
    }
    if (g < 0) {
      g = groupCount++;
      slot[h] = g;
      gExpert[g] = e;
      gRank[g] = r;
      gFirst[g] = k;
    } else taskNext[gLast[g]!] = k;
    gLast[g] = k;
    taskNext[k] = -1;
  }

  const { gFlops, gMbStart, gMbLength, mbIds, mbFlops, mbTasks } = b;
  let used = 0;
  for (let g = 0; g < groupCount; g++) {
    const first = used;
    let total = 0;
    for (let k = gFirst[g]!; k >= 0; k = taskNext[k]!) {
      const t = byMb[k]!;
      const mb = pending.mbId[t]!;
      const f = pending.flops[t]!;
      total += f;
      if (used > first && mbIds[used - 1] === mb) {
        mbFlops[used - 1] = mbFlops[used - 1]! + f;
        mbTasks[used - 1] = mbTasks[used - 1]! + 1;
      } else {
        mbIds[used] = mb;
        mbFlops[used] = f;
        mbTasks[used] = 1;
        used++;
      }
    }
    gFlops[g] = total;
    gMbStart[g] = first;
    gMbLength[g] = used - first;
  }

  // per rank (a counting sort), then each rank's groups into relief order
  const { rankStart, order } = b;
  rankStart.fill(0, 0, sourceCount + 1);
  for (let g = 0; g < groupCount; g++) rankStart[gRank[g]! + 1]!++;
  for (let r = 0; r < sourceCount; r++) rankStart[r + 1] = rankStart[r + 1]! + rankStart[r]!;
  const fill = b.rankFill;
  fill.set(rankStart.subarray(0, sourceCount));
  for (let g = 0; g < groupCount; g++) order[fill[gRank[g]!]!++] = g;
  for (let r = 0; r < sourceCount; r++) orderByFlops(order, rankStart[r]!, rankStart[r + 1]!, gFlops, gExpert);
  return {
    rankStart,
    order,
    expert: gExpert,
    flops: gFlops,
    mbStart: gMbStart,
    mbLength: gMbLength,
    mbIds,
    mbFlops,
    mbTasks,
  };
}

/** out[0 .. m) = picked[0 .. m) stably by micro-batch: a counting sort when the ids span little. */
function sortByMicroBatch(
  mbId: Int32Array,
  picked: Int32Array,
  m: number,
  mbMin: number,
  span: number,
  b: GroupBuffers,
  out: Int32Array,
): void {
  if (span > 2 * m + 64) {
    const list = Array.from(picked.subarray(0, m)).sort((x, y) => mbId[x]! - mbId[y]! || x - y);
    out.set(list);
    return;
  }
  if (b.mbCount.length < span + 1) b.mbCount = new Int32Array(2 * (span + 1));
  const count = b.mbCount;
  count.fill(0, 0, span + 1);
  for (let k = 0; k < m; k++) count[mbId[picked[k]!]! - mbMin + 1]!++;
  for (let v = 0; v < span; v++) count[v + 1] = count[v + 1]! + count[v]!;
  for (let k = 0; k < m; k++) {
    const t = picked[k]!;
    out[count[mbId[t]! - mbMin]!++] = t;
  }
}
