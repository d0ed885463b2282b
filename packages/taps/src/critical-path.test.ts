import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultArch, mixtral, smallArch, smallWorkload, tapsParams } from './__fixtures__/configs.js';
import { influenceDouble } from './__fixtures__/influence-double.js';
import { buildPlacement } from './build-placement.js';
import { contentionOffsets } from './contention-offsets.js';
import {
  attentionSignature,
  criticalPathItems,
  criticalPaths,
  defaultCriticalPaths,
  taskTimeModel,
} from './critical-path.js';
import { TapsError } from './errors.js';
import { placementCriticalPath } from './placement-critical-path.js';
import { analyticExpertHeat, layerOfExpert } from './routing-heat.js';

describe('critical-path model', () => {
  it('an expert task of Mixtral-8x7B lasts its vault-bound weight read: 336 MiB at 16 GB/s', () => {
    const w = mixtral();
    const m = taskTimeModel(defaultArch(), w, tapsParams(), analyticExpertHeat(w));
    // 6 x 56 MiB / min(8 x 25, 16) GB/s = 22.02 ms (docs/model.md); compute (<= 32 tokens x 352 MFLOP
    // at 5 TFLOP/s = 2.3 ms) is hidden under it; dispatch + combine of ~8 tokens x 8 KiB at 6.4 GB/s
    // adds ~20 us.
    const read = (6 * 56 * 1024 * 1024) / 16e9;
    for (const t of m.taskS) {
      expect(t).toBeGreaterThan(read);
      expect(t).toBeLessThan(read + 1e-4);
    }
  });

  it('a replica host is busy for its share: P_e / copies x tau_e, the physicalizer rotation mbId mod hosts', () => {
    const w = smallWorkload({ layers: 1, epl: 4, topk: 1 });
    const m = taskTimeModel(smallArch(), w, tapsParams(), analyticExpertHeat(w));
    const items = criticalPathItems(
      m,
      4,
      [0, 0, 1, 2, 3],
      [2, 2, 1, 1, 1],
      [0, 0, 0, 0, 0],
      new Float64Array(1).fill(1),
    );
    expect(items.itemOccS[0]).toBeCloseTo(((m.useProb[0] as number) / 2) * (m.taskS[0] as number), 15);
    expect(items.itemOccS[1]).toBe(items.itemOccS[0]);
    // Its own task still takes the whole tau: replicas split load, not a task's weight read.
    expect(items.itemTaskS[0]).toBe(m.taskS[0]);
  });

  it('the default Mixtral placement co-locates layers 8 apart, so only those offsets are free of contention', () => {
    const w = mixtral();
    const layerOf = Int32Array.from({ length: 256 }, (_, e) => layerOfExpert(e, w));
    const contend = contentionOffsets(
      32,
      64,
      layerOf,
      Int32Array.from({ length: 256 }, (_, e) => e % 64),
      4,
    );
    for (let d = 0; d < 32; d++) expect(contend[d]).toBe(d % 8 === 0 && d !== 0 ? 0 : 1);
    // One lane: only a layer's own experts meet.
    const one = contentionOffsets(
      32,
      64,
      layerOf,
      Int32Array.from({ length: 256 }, (_, e) => e % 64),
      1,
    );
    expect(Array.from(one).filter((v) => v === 1)).toEqual([1]);
  });

  it("two experts of one layer on a core add the second one's busy time to the layer's path", () => {
    const w = smallWorkload({ layers: 1, epl: 2, topk: 1 });
    const m = taskTimeModel(smallArch(), w, tapsParams(), analyticExpertHeat(w));
    const items = criticalPathItems(m, 4, [0, 1], [1, 1], [0, 0], new Float64Array(1).fill(1));
    const apart = criticalPaths(items, [0, 1]);
    const together = criticalPaths(items, [0, 0]);
    expect(apart.layerS[0]).toBeCloseTo(Math.max(m.taskS[0] as number, m.taskS[1] as number), 15);
    expect(together.layerS[0]).toBeCloseTo(
      Math.max(
        (m.taskS[0] as number) + (items.itemOccS[1] as number),
        (m.taskS[1] as number) + (items.itemOccS[0] as number),
      ),
      15,
    );
  });

  it('attention signature at the default config: lanes 0, 2 home on cores 0-31, lanes 1, 3 on 32-63', () => {
    const sig = attentionSignature(64, 32, 4);
    for (let c = 0; c < 64; c++) expect(sig[c]).toBe(c < 32 ? sig[0] : sig[63]);
    expect(sig[0]).not.toBe(sig[63]);
  });

  it('TAPS on the default Mixtral config keeps every layer within 1% of the default placement', async () => {
    const w = mixtral();
    const arch = defaultArch();
    const r = await buildPlacement(arch, w, tapsParams(), influenceDouble());
    const cp = placementCriticalPath(arch, w, tapsParams(), r.placement, r.expertHeat);
    expect(cp.worstLayerRatio).toBeLessThanOrEqual(1.01);
    expect(cp.coreMaxMs).toBeLessThanOrEqual(cp.defaultCoreMaxMs * 1.01);
    const layerOf = Int32Array.from({ length: 256 }, (_, e) => layerOfExpert(e, w));
    const def = defaultCriticalPaths(taskTimeModel(arch, w, tapsParams(), r.expertHeat), 64, layerOf);
    expect(cp.defaultLayerMs[0]).toBeCloseTo((def.layerS[0] as number) * 1e3, 9);
  });

  it("property: on random small configs TAPS never has a critical path above 1.01 x the default placement's", async () => {
    let placed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          cols: fc.integer({ min: 2, max: 4 }),
          rows: fc.integer({ min: 1, max: 3 }),
          layers: fc.integer({ min: 1, max: 6 }),
          epl: fc.integer({ min: 2, max: 9 }),
          shared: fc.integer({ min: 0, max: 1 }),
          topkFrac: fc.double({ min: 0, max: 1, noNaN: true }),
          replicate: fc.integer({ min: 0, max: 2 }),
          lanes: fc.integer({ min: 1, max: 4 }),
          s: fc.constantFrom(0.6, 1.2, 2.0),
          shards: fc.integer({ min: 1, max: 3 }),
        }),
        async (c) => {
          const arch = smallArch({ cols: c.cols, rows: c.rows, bankCapacityMb: 256 });
          const topk = Math.max(1, Math.round(c.topkFrac * c.epl));
          const w = smallWorkload({
            layers: c.layers,
            epl: c.epl,
            shared: c.shared,
            topk,
            s: c.s,
            shards: c.shards,
            lanes: c.lanes,
          });
          const taps = tapsParams({ replicate: c.replicate });
          let r: Awaited<ReturnType<typeof buildPlacement>>;
          try {
            r = await buildPlacement(arch, w, taps, influenceDouble(c.cols, c.rows));
          } catch (err) {
            // Only the bank stage may refuse (DRAM too small): the default placement is always a start.
            expect(err).toBeInstanceOf(TapsError);
            expect((err as TapsError).code).toBe('TAPS_INFEASIBLE');
            expect((err as Error).message).toMatch(/bank/);
            return;
          }
          placed++;
          const cp = placementCriticalPath(arch, w, taps, r.placement, r.expertHeat);
          expect(cp.worstLayerRatio).toBeLessThanOrEqual(1.01 * (1 + 1e-9));
          expect(cp.coreMaxMs).toBeLessThanOrEqual(cp.defaultCoreMaxMs * 1.01 * (1 + 1e-9));
          expect(cp.worstLayerMaxRatio).toBeLessThanOrEqual(1.01 * (1 + 1e-9));
        },
      ),
      { numRuns: 40, seed: 17 },
    );
    expect(placed).toBeGreaterThan(20);
  }, 120_000);
});
