import { describe, expect, it } from 'vitest';
import { PlacementSchema, buildTopology, decodeExpertId } from '@tasmoe/schemas';
import { deepseek, defaultArch, mixtral, smallArch, smallWorkload, tapsParams } from './__fixtures__/configs.js';
import { influenceDouble } from './__fixtures__/influence-double.js';
import { buildPlacement } from './build-placement.js';
import { defaultPlacement } from './default-placement.js';
import { predictCoreTemps } from './predict.js';
import { totalExperts } from './routing-heat.js';
import { assignmentViolations } from './validate.js';

describe('buildPlacement on the default workloads (H = test double)', () => {
  it.each([
    ['mixtral', mixtral],
    ['deepseek-v2', deepseek],
  ])(
    '%s: TAPS predicts a cooler peak than the default placement; the record is complete and valid',
    async (_name, wl) => {
      const arch = defaultArch();
      const w = wl();
      const h = influenceDouble();
      const r = await buildPlacement(arch, w, tapsParams(), h);
      expect(PlacementSchema.safeParse(r.placement).success).toBe(true);
      expect(Object.keys(r.placement.experts)).toHaveLength(totalExperts(w));
      expect(Object.keys(r.placement.tensors)).toHaveLength(totalExperts(w) * w.tensors.shards_per_expert);
      const def = defaultPlacement(arch, w);
      const defaultPeak = Math.max(...predictCoreTemps(def, r.load.expertPowerW, h, r.load.corePowerBaseW));
      expect(r.predictedPeakC).toBeLessThan(defaultPeak);
      // predictCoreTemps on the written record reproduces the result's own prediction.
      const again = predictCoreTemps(r.placement, r.load.expertPowerW, h, r.load.corePowerBaseW);
      for (let c = 0; c < 64; c++) expect(again[c]).toBeCloseTo(r.predictedTempsC[c] as number, 9);
      expect(r.placement.meta).toMatchObject({
        method: 'heuristic',
        predicted_peak_c: r.predictedPeakC,
        objective: r.objective,
      });
      // replicate_hot_k = 1 asks for a replica per layer, but decode is memory bound: a replica host
      // reads the whole expert for its half of the micro-batches, and the default placement's busiest
      // core leaves no room for the extra half-busy host, so the critical-path limits drop them (noted)
      // (Mixtral); DeepSeek-V2's busiest default core has room, so it keeps one per layer.
      const replicated = Object.values(r.placement.experts).filter((e) => e.policy === 'replicate');
      if (/replicas: none/.test(r.placement.meta?.note ?? '')) expect(replicated).toHaveLength(0);
      else expect(replicated).toHaveLength(w.moe.layers);
      if (w.moe.experts_per_layer === 8) expect(replicated).toHaveLength(0);
      expect(assignmentViolations(r.problem, r.assign)).toEqual([]);
    },
  );

  it('is deterministic: same inputs, identical placement', async () => {
    const a = await buildPlacement(defaultArch(), mixtral(), tapsParams(), influenceDouble());
    const b = await buildPlacement(defaultArch(), mixtral(), tapsParams(), influenceDouble());
    expect(JSON.stringify(a.placement)).toBe(JSON.stringify(b.placement));
  });

  it('without H uses the analytic approximation and says so in meta.note', async () => {
    const r = await buildPlacement(smallArch(), smallWorkload(), tapsParams());
    expect(r.influenceSource).toBe('analytic');
    expect(r.placement.meta?.note).toMatch(/analytic resistor-network/);
  });

  it('trace-prefix heat: the expert the trace says is hot is treated as hot', async () => {
    const w = smallWorkload({ layers: 1, epl: 8 });
    // Empirical counts where expert 5 (not 0) is by far the most popular.
    const counts = [10, 10, 10, 10, 10, 500, 10, 10];
    const r = await buildPlacement(defaultArch(), w, tapsParams({ replicate: 1 }), influenceDouble(), {
      expertHeat: counts,
    });
    expect(r.heatSource).toBe('trace-prefix');
    expect(r.placement.experts.E5?.policy).toBe('replicate');
    expect(r.placement.experts.E0?.policy).toBe('single');
    expect(r.expertHeat[5]).toBeGreaterThan(r.expertHeat[0] as number);
  });

  it("places tensors in the vault of their expert's core, on the die nearest the sink first", async () => {
    const arch = defaultArch();
    const r = await buildPlacement(arch, mixtral(), tapsParams(), influenceDouble());
    const topo = buildTopology(arch);
    // Mixtral's 336 MiB experts are 6 shards: a core's 4 experts need 24 banks, more than the 16 of one
    // die of its vault, so die 0 fills first and the rest go to die 1.
    const perDie = new Map<string, number>();
    for (const [id, t] of Object.entries(r.placement.tensors)) {
      const expert = r.placement.experts[id.replace(/^W_(E\d+)_\d+$/, '$1')];
      const b = topo.bankIndexOfId(t.dram_bank);
      expect(topo.bankOwnerCore(b)).toBe(expert?.cores[0]);
      const key = `${topo.bankOwnerCore(b)}/${topo.bankCoord(b).layer}`;
      perDie.set(key, (perDie.get(key) ?? 0) + 1);
    }
    for (const [key, n] of perDie) {
      const [core, die] = key.split('/').map(Number);
      if ((die ?? 0) > 0) expect(perDie.get(`${core}/${(die ?? 0) - 1}`)).toBe(topo.vaultX * topo.vaultY);
      expect(n).toBeLessThanOrEqual(topo.vaultX * topo.vaultY);
    }
    expect([...perDie.keys()].some((k) => k.endsWith('/0'))).toBe(true);
  });

  it('refuses a workload whose shard is larger than a bank', async () => {
    await expect(
      buildPlacement(smallArch({ bankCapacityMb: 16 }), smallWorkload({ shardMb: 64 }), tapsParams()),
    ).rejects.toMatchObject({ code: 'TAPS_INFEASIBLE' });
  });

  it('refuses an H of the wrong size and heat of the wrong length with typed errors', async () => {
    await expect(
      buildPlacement(smallArch(), smallWorkload(), tapsParams(), influenceDouble(8, 8)),
    ).rejects.toMatchObject({ code: 'TAPS_INFLUENCE_INVALID' });
    await expect(
      buildPlacement(smallArch(), smallWorkload(), tapsParams(), undefined, { expertHeat: [1, 2, 3] }),
    ).rejects.toMatchObject({ code: 'TAPS_HEAT_INVALID' });
  });
});

describe('defaultPlacement', () => {
  it('round-robins experts over cores and keeps tensors in the vault under their core', () => {
    const arch = defaultArch();
    const w = deepseek();
    const p = defaultPlacement(arch, w);
    const topo = buildTopology(arch);
    expect(PlacementSchema.safeParse(p).success).toBe(true);
    for (const [id, e] of Object.entries(p.experts)) {
      expect(e).toEqual({ cores: [decodeExpertId(id) % 64], policy: 'single' });
    }
    for (const [id, t] of Object.entries(p.tensors)) {
      const core = p.experts[id.replace(/^W_(E\d+)_\d+$/, '$1')]?.cores[0];
      expect(topo.bankOwnerCore(topo.bankIndexOfId(t.dram_bank))).toBe(core);
    }
  });
});

describe('buildPlacement: bank_positions', () => {
  // a 2x2 mesh under 4x4 positions; every position heats every core by 1 K/W except the die corners
  // (0.1 K/W), and a read burst on vault 3's positions (10, 11, 14, 15) is 5x the others', which gives
  // vaults 0-2 room under the die's burst peak
  const arch = smallArch({ cols: 2, rows: 2, dramLayers: 3 });
  const w = smallWorkload({ layers: 3, epl: 6, shards: 2, shardMb: 16 });
  const coreKPerW = new Float64Array(16 * 4);
  for (let q = 0; q < 16; q++) coreKPerW.fill([0, 3, 12, 15].includes(q) ? 0.1 : 1, q * 4, q * 4 + 4);
  const burstKPerW = new Float64Array(16).fill(1);
  for (const q of [10, 11, 14, 15]) burstKPerW[q] = 5;
  const bankBurst = {
    banksX: 4,
    banksY: 4,
    durationS: 1e-3,
    burstKPerW,
    steadyKPerW: new Float64Array(16).fill(10),
    coreKPerW,
    coreCount: 4,
  };

  it('"burst" (the default) leaves the logic die out; "burst+logic" refines the positions for it', async () => {
    const plain = await buildPlacement(arch, w, tapsParams(), influenceDouble(2, 2), { bankBurst });
    expect(tapsParams().bank_positions).toBe('burst');
    expect(plain.burst?.logic).toBeUndefined();
    const refined = await buildPlacement(arch, w, tapsParams({ bankPositions: 'burst+logic' }), influenceDouble(2, 2), {
      bankBurst,
    });
    expect(JSON.stringify(refined.placement.experts)).toBe(JSON.stringify(plain.placement.experts));
    const logic = refined.burst?.logic;
    expect(logic?.moves).toBeGreaterThan(0);
    expect(logic?.peakC).toBeLessThanOrEqual(logic?.burstPlanPeakC as number);
    expect(refined.placement.meta?.note).toMatch(/position changes for the logic die/);
  });
});
