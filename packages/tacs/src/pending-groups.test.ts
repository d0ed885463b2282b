import fc from 'fast-check';
import type { PendingWindowView } from '@tasmoe/schemas';
import { describe, expect, it } from 'vitest';
import { orderByFlops } from './flops-order.js';
import { groupBuffers } from './group-buffers.js';
import { groupPendingTasks, type PendingGroups } from './pending-groups.js';

const CORES = 12;

/** Tasks with many ties (few experts, micro-batches and FLOP values), ids sometimes far apart or invalid. */
const windowArb = fc.record({
  tasks: fc.array(
    fc.record({
      expert: fc.oneof(fc.integer({ min: -1, max: 6 }), fc.constantFrom(2 ** 31 - 1, 123_456_789)),
      core: fc.integer({ min: 0, max: CORES - 1 }),
      mb: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
      flops: fc.oneof(fc.constantFrom(0, 1e9, 2e9, 3e9, 0.1, 0.2, 0.3), fc.double({ noNaN: false })),
    }),
    { maxLength: 150 },
  ),
  ranks: fc.array(fc.boolean(), { minLength: CORES, maxLength: CORES }),
});

function pendingOf(tasks: readonly { expert: number; core: number; mb: number; flops: number }[]): PendingWindowView {
  return {
    winIdx: 0,
    tStartNs: 0,
    tEndNs: 1,
    commitFrontierNs: 0,
    taskCount: tasks.length,
    mbId: Int32Array.from(tasks, (t) => t.mb),
    expert: Int32Array.from(tasks, (t) => t.expert),
    core: Int32Array.from(tasks, (t) => t.core),
    flops: Float64Array.from(tasks, (t) => t.flops),
  };
}

interface Group {
  expert: number;
  flops: number;
  mbIds: number[];
  mbFlops: number[];
  mbTasks: number[];
}

/** The grouping as it was first written: one sort of the tasks by (expert, core, micro-batch, task), runs, a sort per source. */
function reference(p: PendingWindowView, sourceRank: Int32Array, sourceCount: number): Group[][] {
  const picked: number[] = [];
  for (let i = 0; i < p.taskCount; i++) if (p.expert[i]! >= 0 && sourceRank[p.core[i]!]! >= 0) picked.push(i);
  const key = (i: number) => p.expert[i]! * CORES + p.core[i]!;
  picked.sort((a, b) => key(a) - key(b) || p.mbId[a]! - p.mbId[b]! || a - b);
  const out: (Group & { source: number })[][] = Array.from({ length: sourceCount }, () => []);
  for (let s = 0; s < picked.length; ) {
    let e = s + 1;
    while (e < picked.length && key(picked[e]!) === key(picked[s]!)) e++;
    const g: Group & { source: number } = {
      source: p.core[picked[s]!]!,
      expert: p.expert[picked[s]!]!,
      flops: 0,
      mbIds: [],
      mbFlops: [],
      mbTasks: [],
    };
    for (let k = s; k < e; k++) {
      const t = picked[k]!;
      g.flops += p.flops[t]!;
      const last = g.mbIds.length - 1;
      if (last >= 0 && g.mbIds[last] === p.mbId[t]) {
        g.mbFlops[last]! += p.flops[t]!;
        g.mbTasks[last]!++;
      } else {
        g.mbIds.push(p.mbId[t]!);
        g.mbFlops.push(p.flops[t]!);
        g.mbTasks.push(1);
      }
    }
    out[sourceRank[g.source]!]!.push(g);
    s = e;
  }
  return out.map((gs) => gs.sort((a, b) => b.flops - a.flops || a.expert - b.expert).map(({ source: _, ...g }) => g));
}

function columns(g: PendingGroups, sourceCount: number): Group[][] {
  return Array.from({ length: sourceCount }, (_, r) =>
    Array.from(g.order.subarray(g.rankStart[r]!, g.rankStart[r + 1]!), (id) => {
      const s = g.mbStart[id]!;
      const n = g.mbLength[id]!;
      return {
        expert: g.expert[id]!,
        flops: g.flops[id]!,
        mbIds: Array.from(g.mbIds.subarray(s, s + n)),
        mbFlops: Array.from(g.mbFlops.subarray(s, s + n)),
        mbTasks: Array.from(g.mbTasks.subarray(s, s + n)),
      };
    }),
  );
}

describe('groupPendingTasks', () => {
  it('gives the groups, sums and order of a sort by (expert, core, micro-batch, task), buffers reused', () => {
    const buffers = groupBuffers();
    fc.assert(
      fc.property(windowArb, ({ tasks, ranks }) => {
        const sourceRank = new Int32Array(CORES).fill(-1);
        let sourceCount = 0;
        ranks.forEach((isSource, c) => {
          if (isSource) sourceRank[c] = sourceCount++;
        });
        const p = pendingOf(tasks);
        const got = columns(groupPendingTasks(p, sourceRank, sourceCount, buffers), sourceCount);
        expect(got).toEqual(reference(p, sourceRank, sourceCount));
      }),
      { numRuns: 500 },
    );
  });
});

describe('orderByFlops', () => {
  it('orders as the comparator (FLOPs descending, then expert) from ascending experts, NaN and infinities included', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 80 }),
        fc.oneof(
          // many ties and outliers (the native sort), any double (NaN, infinities: the comparator)
          fc.array(fc.oneof(fc.constantFrom(0, -0, 1, 2, 2.5, 1e300), fc.double()), { minLength: 80, maxLength: 80 }),
          // spread values as group sums are, some equal (the bucket sort)
          fc.array(
            fc.integer({ min: 1, max: 400 }).map((k) => k * 1e7 + 0.25),
            { minLength: 80, maxLength: 80 },
          ),
        ),
        fc.nat(),
        (experts, values, shift) => {
          const expert = Int32Array.from(experts);
          const flops = Float64Array.from(experts, (_, g) => values[g]!);
          const byExpert = experts.map((_, g) => g).sort((a, b) => expert[a]! - expert[b]!);
          const want = [...byExpert].sort((a, b) => flops[b]! - flops[a]! || expert[a]! - expert[b]!);
          // any start order, inside a larger array
          const start = experts.map((_, k) => byExpert[(k + shift) % experts.length]!);
          const ids = Int32Array.from([-7, ...start, -9]);
          orderByFlops(ids, 1, ids.length - 1, flops, expert);
          expect(Array.from(ids)).toEqual([-7, ...want, -9]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
