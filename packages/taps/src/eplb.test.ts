/**
 * EPLB against the reference algorithm (deepseek-ai/EPLB eplb.py: replicate_experts,
 * balanced_packing, global policy) on hand-worked cases, and its placement against the
 * placement checks over random small configs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkContext, placementProblems, buildTopology } from '@tasmoe/schemas';
import { smallArch, smallWorkload, mixtral, defaultArch } from './__fixtures__/configs.js';
import { eplb, replicateExperts } from './eplb.js';
import { defaultRedundantSlots, eplbPlacement } from './eplb-placement.js';
import { TapsError } from './errors.js';
import { analyticExpertHeat } from './routing-heat.js';

describe('replicateExperts (EPLB replicate_experts)', () => {
  it('gives each redundant slot to the highest load per replica, ties to the lower expert', () => {
    // loads 6 3 2 1, 3 slots: 6/1 -> E0 (3 each); 3,3 tie -> E0 (2 each); max(2,3,2,1) -> E1.
    const { count, order } = replicateExperts([6, 3, 2, 1], 3, 8);
    expect([...order]).toEqual([0, 0, 1]);
    expect([...count]).toEqual([3, 2, 1, 1]);
  });
  it('never gives an expert more replicas than cores', () => {
    const { count } = replicateExperts([100, 1], 10, 3);
    expect([...count]).toEqual([3, 3]);
  });
});

describe('eplb (balanced_packing over cores)', () => {
  it('balances each layer on its own, the lightest core by the load of the layers packed before', () => {
    // two layers of 2 experts on 2 cores: layer 0 -> c0 4, c1 1; layer 1's heavier expert goes to c1.
    const r = eplb({ load: [4, 1, 3, 2], cores: 2, redundantSlots: 0, layerOf: [0, 0, 1, 1] });
    expect(r.expertCores).toEqual([[0], [1], [1], [0]]);
    expect([...r.coreLoad]).toEqual([6, 4]);
  });
  it('packs heaviest first onto the lightest core with a free slot', () => {
    // 4 experts, 2 cores, no redundancy: 2 per core; order 6,3,2,1 -> c0 6, c1 3, c1 2 (5 < 6), c0 1.
    const r = eplb({ load: [6, 3, 2, 1], cores: 2, redundantSlots: 0 });
    expect(r.expertCores).toEqual([[0], [1], [1], [0]]);
    expect([...r.coreLoad]).toEqual([7, 5]);
  });
  it('a replicated hot expert splits over distinct cores and lowers the peak core load', () => {
    const load = [8, 1, 1, 1, 1, 1, 1, 1];
    const plain = eplb({ load, cores: 4, redundantSlots: 0 });
    const rep = eplb({ load, cores: 4, redundantSlots: 4 });
    expect(new Set(rep.expertCores[0]).size).toBe(rep.expertCores[0]?.length);
    expect(rep.expertCores[0]?.length).toBeGreaterThan(1);
    expect(Math.max(...rep.coreLoad)).toBeLessThan(Math.max(...plain.coreLoad));
    // load is conserved
    expect(rep.coreLoad.reduce((a, b) => a + b, 0)).toBeCloseTo(15, 12);
  });
  it('every core holds at most ceil(physical / cores) experts, and the load sums to the total (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 30 }),
        (load, cores, r) => {
          const res = eplb({ load, cores, redundantSlots: r });
          const per = new Array<number>(cores).fill(0);
          for (const hs of res.expertCores) {
            expect(hs.length).toBeGreaterThanOrEqual(1);
            expect(new Set(hs).size).toBe(hs.length);
            for (const c of hs) per[c] = (per[c] ?? 0) + 1;
          }
          for (const p of per) expect(p).toBeLessThanOrEqual(res.slotsPerCore);
          const total = load.reduce((a, b) => a + b, 0);
          expect(res.coreLoad.reduce((a, b) => a + b, 0)).toBeCloseTo(total, 9);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('eplbPlacement', () => {
  it('is a valid placement for random small configs, or refused as infeasible (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          cols: fc.integer({ min: 1, max: 4 }),
          rows: fc.integer({ min: 1, max: 3 }),
          dram: fc.integer({ min: 1, max: 3 }),
          layers: fc.integer({ min: 1, max: 3 }),
          epl: fc.integer({ min: 2, max: 9 }),
          shared: fc.integer({ min: 0, max: 2 }),
          shards: fc.integer({ min: 1, max: 3 }),
          cap: fc.constantFrom(64, 128, 1024),
          slots: fc.integer({ min: 0, max: 40 }),
        }),
        (o) => {
          const arch = smallArch({ cols: o.cols, rows: o.rows, dramLayers: o.dram, bankCapacityMb: o.cap });
          const workload = smallWorkload({
            layers: o.layers,
            epl: o.epl,
            shared: o.shared,
            shards: o.shards,
            topk: Math.min(2, o.epl),
          });
          let res: ReturnType<typeof eplbPlacement>;
          try {
            res = eplbPlacement(arch, workload, analyticExpertHeat(workload), o.slots);
          } catch (err) {
            expect(err).toBeInstanceOf(TapsError);
            expect((err as TapsError).code).toBe('TAPS_INFEASIBLE');
            return;
          }
          expect(placementProblems(res.placement, checkContext(arch, workload))).toEqual([]);
          // every physical expert's shards fit its core's vault
          const topo = buildTopology(arch);
          const vault = topo.vaultX * topo.vaultY * topo.dramLayers * Math.floor(o.cap / 64);
          const per = new Array<number>(topo.coreCount).fill(0);
          for (const e of Object.values(res.placement.experts))
            for (const c of e.cores) per[c] = (per[c] ?? 0) + o.shards;
          for (const p of per) expect(p).toBeLessThanOrEqual(vault);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses slots whose shards do not fit a vault, naming the knob', () => {
    // 2 cores, each a vault of 2x2 banks on 1 die at 1 shard per bank (4 shards); experts of 3 shards:
    // one per core fits, two per core (both experts replicated) do not.
    const arch = smallArch({ cols: 2, rows: 1, dramLayers: 1 });
    const workload = smallWorkload({ layers: 1, epl: 2, topk: 1, shards: 3 });
    expect(placementProblems(eplbPlacement(arch, workload, [1, 1], 0).placement, checkContext(arch, workload))).toEqual(
      [],
    );
    expect(() => eplbPlacement(arch, workload, [1, 1], 2)).toThrow(/tas\.eplb\.redundant_slots/);
  });

  it('lowers the default slots to the largest count that fits the vaults; a count the user sets is refused', () => {
    // 4 cores, each a vault of 2x2 banks on 1 die (4 shards); 6 layers of 2 one-shard experts pack 4
    // on the fullest core, which fits. The default 12.5 % of 12 is 2 slots (2 free cores per layer),
    // and 1 or 2 put a fifth expert on a core.
    const arch = smallArch({ cols: 2, rows: 2, dramLayers: 1 });
    const workload = smallWorkload({ layers: 6, epl: 2, topk: 1, shards: 1 });
    const load = analyticExpertHeat(workload);
    expect(defaultRedundantSlots(workload, 4)).toBe(2);
    expect(() => eplbPlacement(arch, workload, load, 2)).toThrow(/tas\.eplb\.redundant_slots/);
    const res = eplbPlacement(arch, workload, load);
    expect(res.redundantSlots).toBe(0);
    expect(res.slotsPerCore).toBe(4);
    expect(res.placement.meta?.note).toMatch(/default 2 lowered to fit the vaults/);
    expect(placementProblems(res.placement, checkContext(arch, workload))).toEqual([]);
  });

  it("the default never lifts a layer's per-core ceiling: none where a layer's experts fill the cores", () => {
    const full = smallWorkload({ layers: 16, epl: 4, topk: 2, shards: 1 });
    expect(defaultRedundantSlots(full, 4)).toBe(0); // 4 experts on 4 cores: a fifth would share one
    expect(defaultRedundantSlots(full, 8)).toBe(8); // 12.5 % of 64, within 4 free cores per layer
    expect(defaultRedundantSlots(full, 5)).toBe(8); // 1 free core per layer, 16 layers
    expect(defaultRedundantSlots(full, 3)).toBe(8); // ceil(4 / 3) = 2 per core: 2 free per layer
    const arch = smallArch({ cols: 2, rows: 2, dramLayers: 2, bankCapacityMb: 128 }); // 16 shards per vault
    const res = eplbPlacement(arch, full, analyticExpertHeat(full));
    expect(res.redundantSlots).toBe(0);
    expect(res.slotsPerCore).toBe(16);
  });

  it("default workload: 32 redundant slots (12.5 % of 256 experts), valid, max/mean core load below the default placement's", () => {
    const arch = defaultArch();
    const workload = mixtral();
    expect(defaultRedundantSlots(workload, 64)).toBe(32);
    const load = analyticExpertHeat(workload);
    const res = eplbPlacement(arch, workload, load);
    expect(placementProblems(res.placement, checkContext(arch, workload))).toEqual([]);
    const mean = load.reduce((a, b) => a + b, 0) / 64;
    const roundRobin = new Float64Array(64);
    load.forEach((v, e) => (roundRobin[e % 64] = (roundRobin[e % 64] as number) + v));
    expect(Math.max(...res.coreLoad) / mean).toBeLessThan(Math.max(...roundRobin) / mean);
    expect(res.placement.meta?.method).toBe('eplb');
    // per layer (EPLB's unit): 8 experts + 1 redundant on 9 distinct cores
    for (let l = 0; l < 32; l++) {
      const cores = res.expertCores.slice(l * 8, l * 8 + 8).flat();
      expect(cores.length).toBe(9);
      expect(new Set(cores).size).toBe(9);
    }
  });
});
