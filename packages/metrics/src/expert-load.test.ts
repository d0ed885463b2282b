import { describe, expect, it } from 'vitest';
import { createExpertLoadTally, type ExpertComputeEvents } from './expert-load.js';

/** Compute events from [op, expert, core, flops] tuples. */
function events(rows: readonly (readonly [number, number, number, number])[]): ExpertComputeEvents {
  return {
    count: rows.length,
    op: Uint8Array.from(rows.map((r) => r[0])),
    expert: Int32Array.from(rows.map((r) => r[1])),
    coreId: Int32Array.from(rows.map((r) => r[2])),
    flops: Float64Array.from(rows.map((r) => r[3])),
  };
}

// 2 layers x 4 routed experts (E0..E3 layer 0, E4..E7 layer 1), shared experts from E8; 8 cores.
const shape = { layers: 2, expertsPerLayer: 4, cores: 8 };
const FC = 0;
const ATTN = 1;

describe('expert-load balance (max core load / mean expert load, averaged over layers)', () => {
  it('one expert per core: max/mean over the experts', () => {
    const t = createExpertLoadTally(shape);
    // layer 0 token loads 4,2,1,1 (x 10 FLOPs per token): mean 2, max 4 -> 2
    t.add(
      events([
        [FC, 0, 0, 40],
        [FC, 1, 1, 20],
        [FC, 2, 2, 10],
        [FC, 3, 3, 10],
      ]),
    );
    // layer 1 uniform 3,3,3,3 -> 1
    t.add(
      events([
        [FC, 4, 4, 30],
        [FC, 5, 5, 30],
        [FC, 6, 6, 30],
        [FC, 7, 7, 30],
      ]),
    );
    expect(t.maxOverMean()).toBeCloseTo((2 + 1) / 2, 12);
  });

  it('sums over windows before taking the ratio', () => {
    const t = createExpertLoadTally(shape);
    t.add(events([[FC, 0, 0, 10]])); // window 1: only E0
    t.add(
      events([
        [FC, 1, 1, 10],
        [FC, 2, 2, 10],
        [FC, 3, 3, 10],
      ]),
    ); // window 2: the others
    expect(t.maxOverMean()).toBeCloseTo(1, 12); // 1,1,1,1 over the run
  });

  it('a replica splitting the hot expert lowers it; two experts on one core raise it', () => {
    const single = createExpertLoadTally(shape);
    // token loads E0..E3 = 4, 2, 1, 1 on cores 0..3: total 8, mean 2 per expert, max 4 -> 2
    single.add(
      events([
        [FC, 0, 0, 4],
        [FC, 1, 1, 2],
        [FC, 2, 2, 1],
        [FC, 3, 3, 1],
      ]),
    );
    expect(single.maxOverMean()).toBeCloseTo(2, 12);
    const split = createExpertLoadTally(shape);
    // the same tokens with E0's 4 split 2 + 2 over cores 0 and 4: core loads 2, 2, 2, 1, 1 -> max 2 / mean 2 = 1
    split.add(
      events([
        [FC, 0, 0, 2],
        [FC, 0, 4, 2],
        [FC, 1, 1, 2],
        [FC, 2, 2, 1],
        [FC, 3, 3, 1],
      ]),
    );
    expect(split.maxOverMean()).toBeCloseTo(1, 12);
    const shared = createExpertLoadTally(shape);
    // E2 and E3 on core 2: loads 1,1,2 (E0, E1, core 2) of total 4 -> mean 1, max 2 -> 2
    shared.add(
      events([
        [FC, 0, 0, 1],
        [FC, 1, 1, 1],
        [FC, 2, 2, 1],
        [FC, 3, 2, 1],
      ]),
    );
    expect(shared.maxOverMean()).toBeCloseTo(2, 12);
  });

  it('ignores attention and shared experts; layers without load are left out; no load at all is undefined', () => {
    const t = createExpertLoadTally(shape);
    expect(t.maxOverMean()).toBeUndefined();
    t.add(
      events([
        [ATTN, -1, 0, 1000],
        [FC, 8, 5, 1000],
        [FC, 9, 6, 1000],
      ]),
    );
    expect(t.maxOverMean()).toBeUndefined();
    // layer 1 only: 3,1,0,0 -> mean 1, max 3
    t.add(
      events([
        [FC, 4, 4, 3],
        [FC, 5, 5, 1],
      ]),
    );
    expect(t.maxOverMean()).toBeCloseTo(3, 12);
  });
});
