import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTopology, type BankBurstResponse } from '@tasmoe/schemas';
import { defaultArch, mixtral, tapsParams } from './__fixtures__/configs.js';
import { assignBanksGreedy, bankLimits, makeShardList, type ShardList } from './banks.js';
import { burstVaultPlan, predictBurstPeakK } from './burst-positions.js';

const arch = defaultArch();
const topo = buildTopology(arch);
const limits = bankLimits(arch, mixtral(), tapsParams());
const PER_LAYER = topo.banksX * topo.banksY;
const READ_W = 0.16;
const PJ = 10;
const SPE = 6;

/** 1 K/W burst and 10 K/W steady everywhere, `corner` K/W burst at the four die corners. */
function map(corner = 1): BankBurstResponse {
  const burstKPerW = new Float64Array(PER_LAYER).fill(1);
  for (const q of [0, topo.banksX - 1, PER_LAYER - topo.banksX, PER_LAYER - 1]) burstKPerW[q] = corner;
  return {
    banksX: topo.banksX,
    banksY: topo.banksY,
    durationS: 0.00367,
    burstKPerW,
    steadyKPerW: new Float64Array(PER_LAYER).fill(10),
  };
}

/** Mixtral-like: 4 experts of 6 shards per core, each read at 1 GB/s. */
function shards(perCore = 4): ShardList {
  const core = Int32Array.from({ length: topo.coreCount * perCore }, (_, e) => e % topo.coreCount);
  return makeShardList(core, SPE, new Float64Array(core.length).fill(1e9));
}

const inExpertOrder = (s: ShardList) => Array.from({ length: s.expert.length }, (_, k) => k);

describe('burstVaultPlan', () => {
  it('keeps every position when no position answers a read burst worse (the default rule)', () => {
    const s = shards();
    const plan = burstVaultPlan(topo, limits, s, SPE, map(), READ_W, PJ);
    expect([...plan.kept].every((k) => k === 16)).toBe(true);
    const dflt = assignBanksGreedy(topo, limits, s, inExpertOrder(s)).bank;
    expect(assignBanksGreedy(topo, limits, s, inExpertOrder(s), plan.order).bank).toEqual(dflt);
  });

  it('leaves out the die corners where a burst heats most, and the default fills them', () => {
    const s = shards();
    const plan = burstVaultPlan(topo, limits, s, SPE, map(3), READ_W, PJ);
    const cornerVaults = [0, 7, 56, 63];
    for (let c = 0; c < topo.coreCount; c++) expect(plan.kept[c]).toBe(cornerVaults.includes(c) ? 15 : 16);
    const corner = (b: number) => [0, 31, PER_LAYER - 32, PER_LAYER - 1].includes(b % PER_LAYER);
    const bank = assignBanksGreedy(topo, limits, s, inExpertOrder(s), plan.order).bank;
    expect([...bank].some(corner)).toBe(false);
    expect([...assignBanksGreedy(topo, limits, s, inExpertOrder(s)).bank].some(corner)).toBe(true);
    // the model's peak: a corner burst (3 x 0.16 W) against an interior one
    expect(predictBurstPeakK(topo, s, bank, map(3), READ_W, PJ)).toBeLessThan(
      predictBurstPeakK(topo, s, assignBanksGreedy(topo, limits, s, inExpertOrder(s)).bank, map(3), READ_W, PJ),
    );
  });

  it('keeps every position a full vault needs, and at least one per shard of an expert', () => {
    // 16 positions x 8 dies x 1 shard per bank = 128 shards: 21 experts of 6 (126 shards) need all 16
    const full = burstVaultPlan(topo, limits, shards(21), SPE, map(3), READ_W, PJ);
    expect(Math.min(...full.kept)).toBe(16);
    // one cold position and the rest hot: still 6 positions, so an expert's reads never repeat one
    const cold = map(1);
    cold.burstKPerW.fill(5);
    for (const c of [0, 1, 2, 3]) cold.burstKPerW[c] = 0.1;
    const plan = burstVaultPlan(topo, limits, shards(1), SPE, cold, READ_W, PJ);
    expect(Math.min(...plan.kept)).toBeGreaterThanOrEqual(SPE);
  });

  it('never predicts a vault hotter than keeping every position (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.5, max: 3, noNaN: true }), { minLength: PER_LAYER, maxLength: PER_LAYER }),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 1e8, max: 2e10, noNaN: true }),
        (burst, perCore, rate) => {
          const r: BankBurstResponse = { ...map(), burstKPerW: Float64Array.from(burst) };
          const core = Int32Array.from({ length: topo.coreCount * perCore }, (_, e) => e % topo.coreCount);
          const s = makeShardList(core, SPE, new Float64Array(core.length).fill(rate));
          const plan = burstVaultPlan(topo, limits, s, SPE, r, READ_W, PJ);
          const meanW = perCore * SPE * rate * PJ * 1e-12;
          for (let c = 0; c < topo.coreCount; c++) {
            const pos = topo.vaultBanks(c, 0);
            const k = plan.kept[c] as number;
            const peak = (qs: number[], n: number) =>
              Math.max(...qs.map((q) => (r.burstKPerW[q] as number) * READ_W + (10 * meanW) / n));
            const kept = [...plan.order[c]!.slice(0, k)].map((b) => b % PER_LAYER);
            expect(peak(kept, k)).toBeLessThanOrEqual(peak(pos, pos.length) + 1e-9);
            expect(k * topo.dramLayers * limits.shardsPerBank).toBeGreaterThanOrEqual(perCore * SPE);
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('burstVaultPlan with TAPS core temperatures (logic-positions.ts)', () => {
  it('moves reads onto the positions that heat the hottest core least, within the die burst peak', () => {
    // 4 experts per vault at 1 GB/s per shard, but vault 27's at 10 GB/s: its steady rise sets the die's limit
    const core = Int32Array.from({ length: topo.coreCount * 4 }, (_, e) => e % topo.coreCount);
    const rate = Float64Array.from(core, (c) => (c === 27 ? 1e10 : 1e9));
    const s = makeShardList(core, SPE, rate);
    const r = map(3);
    // core 27 is the hottest; every position heats it 1 K/W, the die corners only 0.1 K/W
    const n = topo.coreCount;
    const coreKPerW = new Float64Array(PER_LAYER * n);
    const corners = [0, topo.banksX - 1, PER_LAYER - topo.banksX, PER_LAYER - 1];
    for (let q = 0; q < PER_LAYER; q++) coreKPerW[q * n + 27] = corners.includes(q) ? 0.1 : 1;
    const withCores = { ...r, coreKPerW, coreCount: n };
    const tempsC = new Float64Array(n).fill(50);
    tempsC[27] = 60;
    const logic = { tempsC, value: (t: Float64Array) => Math.max(...t) };
    const plain = burstVaultPlan(topo, limits, s, SPE, withCores, READ_W, PJ);
    const refined = burstVaultPlan(topo, limits, s, SPE, withCores, READ_W, PJ, logic);
    const cornerVaults = [0, 7, 56, 63];
    for (let c = 0; c < n; c++) {
      expect(plain.kept[c]).toBe(cornerVaults.includes(c) ? 15 : 16);
      expect(refined.kept[c]).toBeGreaterThanOrEqual(SPE); // one position per shard of an expert
    }
    // the light corner vaults take their corner back (under vault 27's steady peak): a read there heats core 27 least;
    // every other position heats it alike, so the other vaults keep the plain plan
    const keptPositions = (o: readonly Int32Array[], c: number, k: number) =>
      new Set([...(o[c] as Int32Array).slice(0, k * topo.dramLayers)].map((b) => b % PER_LAYER));
    cornerVaults.forEach((c, i) => {
      expect(keptPositions(plain.order, c, plain.kept[c] as number).has(corners[i] as number)).toBe(false);
      expect(keptPositions(refined.order, c, refined.kept[c] as number).has(corners[i] as number)).toBe(true);
    });
    for (let c = 0; c < n; c++) if (!cornerVaults.includes(c)) expect(refined.kept[c]).toBe(16);
    expect(refined.logic?.peakC).toBeLessThan(refined.logic?.burstPlanPeakC as number);
    const peak = (o: readonly Int32Array[]) =>
      predictBurstPeakK(topo, s, assignBanksGreedy(topo, limits, s, inExpertOrder(s), o).bank, r, READ_W, PJ);
    expect(peak(refined.order)).toBeLessThanOrEqual(peak(plain.order) + 1e-9);
    // without the logic die's response the plan is the plain one
    expect(burstVaultPlan(topo, limits, s, SPE, r, READ_W, PJ, logic).kept).toEqual(plain.kept);
  });
});

describe('predictBurstPeakK', () => {
  it('is the burst plus the steady rise of the position’s own mean read power, at the worst position holding shards', () => {
    const s = makeShardList(Int32Array.from([0, 0]), 1, Float64Array.from([2e9, 1e9]));
    const r = map(3);
    // both shards on bank 0 (a die corner): 3 K/W x 0.16 W + 10 K/W x 30 mW
    expect(predictBurstPeakK(topo, s, Int32Array.from([0, PER_LAYER]), r, READ_W, PJ)).toBeCloseTo(0.48 + 0.3, 12);
    // on two interior banks: the hotter one, 1 x 0.16 + 10 x 20 mW
    expect(predictBurstPeakK(topo, s, Int32Array.from([33, 34]), r, READ_W, PJ)).toBeCloseTo(0.16 + 0.2, 12);
  });
});
