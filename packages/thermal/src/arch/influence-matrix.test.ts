import { makeTopology } from '@tasmoe/schemas';
import { describe, expect, it } from 'vitest';
import { archWith, caseAPower, loadArch } from '../../test/arch-configs.js';
import { createEmbeddedArchBackend } from './embedded-arch-backend.js';
import { computeInfluenceMatrix, influenceCacheKey } from './influence-matrix.js';

const n = 64;
const at = (h: { data: Float64Array }, c: number, j: number) => h.data[c * n + j] as number;
const uniformRise = (h: { data: Float64Array }, c: number) => {
  let s = 0;
  for (let j = 0; j < n; j++) s += at(h, c, j);
  return s;
};

describe('computeInfluenceMatrix (default arch, 16x16 grid)', () => {
  const arch = loadArch('arch_8x8_32x32x8.yaml');
  const h = computeInfluenceMatrix(arch, { grid: [16, 16] });

  it('is 64 x 64 K/W with the config ambient', () => {
    expect(h.coreCount).toBe(64);
    expect(h.data).toHaveLength(64 * 64);
    expect(h.ambientC).toBeCloseTo(45, 12);
    for (const v of h.data) expect(v).toBeGreaterThan(0);
  });

  it('is symmetric to solver precision and its diagonal is the largest entry of each row', () => {
    let asym = 0,
      scale = 0;
    for (let c = 0; c < n; c++) {
      for (let j = 0; j < n; j++) {
        asym = Math.max(asym, Math.abs(at(h, c, j) - at(h, j, c)));
        scale = Math.max(scale, Math.abs(at(h, c, j)));
        if (j !== c) expect(at(h, c, c)).toBeGreaterThan(at(h, c, j));
      }
    }
    expect(asym / scale).toBeLessThan(1e-9);
  });

  it('uniform power: corner cores coolest, centre cores hottest (edges and corners of a stack shed heat)', () => {
    const t = Array.from({ length: n }, (_, c) => uniformRise(h, c));
    const corners = [0, 7, 56, 63].map((c) => t[c] as number);
    const centre = [27, 28, 35, 36].map((c) => t[c] as number);
    expect(Math.max(...corners)).toBeCloseTo(Math.min(...t), 9);
    expect(Math.min(...centre)).toBeCloseTo(Math.max(...t), 9);
    expect(Math.min(...centre) - Math.max(...corners)).toBeGreaterThan(0.1);
  });

  it('matches a direct steady solve of the same core powers (superposition)', () => {
    const p = caseAPower();
    p.fill(0, 64);
    for (let c = 0; c < n; c++) p[c] = 0.2 + 0.05 * (c % 7);
    const direct = createEmbeddedArchBackend(arch, { grid: [16, 16] }).steady(p);
    for (const c of [0, 9, 27, 63]) {
      let pred = h.ambientC + 273.15;
      for (let j = 0; j < n; j++) pred += at(h, c, j) * (p[j] as number);
      expect(Math.abs(pred - (direct.blockTempsK[c] as number))).toBeLessThan(1e-6);
    }
  });

  it('is cached per arch config: equal copies; another config gives another key', () => {
    const again = computeInfluenceMatrix(arch, { grid: [16, 16] });
    expect(again).not.toBe(h);
    expect(Array.from(again.data)).toEqual(Array.from(h.data));
    const hotter = archWith((a) => ({ ...a, thermal: { ...a.thermal, ambient_c: 50 } }));
    expect(influenceCacheKey(hotter, { grid: [16, 16] })).not.toBe(influenceCacheKey(arch, { grid: [16, 16] }));
    // the back-end choice does not change the model
    const fileMode = archWith((a) => ({ ...a, thermal: { ...a.thermal, backend: 'hotspot-file' } }));
    expect(influenceCacheKey(fileMode, { grid: [16, 16] })).toBe(influenceCacheKey(arch, { grid: [16, 16] }));
  });
});

describe('DRAM part of the influence (default arch, 16x16 grid)', () => {
  const arch = loadArch('arch_8x8_32x32x8.yaml');
  const h = computeInfluenceMatrix(arch, { grid: [16, 16] });
  const d = h.dram;
  if (d === undefined) throw new Error('no DRAM part');
  const dies = 8;
  const nodes = dies * n;
  const node = (die: number, v: number) => die * n + v;

  it('has (vault, die) nodes for every die; the default stripe (8 banks, one per die) puts 1/8 of the reads on each die', () => {
    expect(d.dies).toBe(dies);
    expect(d.fromCore).toHaveLength(nodes * n);
    expect(d.fromAccess).toHaveLength(nodes * n);
    expect(d.fromBanks).toHaveLength(nodes);
    expect(Array.from(d.accessDieShare)).toEqual(Array.from({ length: dies }, () => 1 / 8));
    for (const a of [d.fromCore, d.fromAccess, d.fromBanks]) for (const v of a) expect(v).toBeGreaterThan(0);
  });

  // Reference: the same solver's full steady solve of the same block powers (the loop's back end,
  // bank temperatures at grid resolution); superposition of a linear model, so to solver precision.
  it('matches a direct steady solve of cores + shard reads + uniform bank power to 1e-6 K at every node', () => {
    const pCore = Float64Array.from({ length: n }, (_, c) => 0.2 + 0.05 * (c % 7));
    const pAccess = Float64Array.from({ length: n }, (_, v) => (v % 5 === 0 ? 0.04 + 0.002 * v : 0));
    const bankTotalW = 9.9;
    const topo = makeTopology(8, 8, 32, 32, dies);
    const p = new Float64Array(n + topo.bankCount);
    p.set(pCore, 0);
    const perDie = 32 * 32;
    for (let b = 0; b < topo.bankCount; b++) {
      const v = topo.bankOwnerCore(b);
      const die = Math.floor(b / perDie);
      p[n + b] = bankTotalW / topo.bankCount + ((pAccess[v] as number) * (d.accessDieShare[die] as number)) / 16;
    }
    const direct = createEmbeddedArchBackend(arch, { grid: [16, 16], subCellBanks: false }).steady(p);
    let worst = 0;
    for (let die = 0; die < dies; die++) {
      for (let v = 0; v < n; v++) {
        let mean = 0;
        for (const b of topo.vaultBanks(v, die)) mean += (direct.blockTempsK[n + b] as number) / 16;
        let pred = h.ambientC + 273.15 + bankTotalW * (d.fromBanks[node(die, v)] as number);
        for (let j = 0; j < n; j++) {
          pred += (d.fromCore[node(die, v) * n + j] as number) * (pCore[j] as number);
          pred += (d.fromAccess[node(die, v) * n + j] as number) * (pAccess[j] as number);
        }
        worst = Math.max(worst, Math.abs(pred - mean));
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });

  // Reciprocity of a symmetric conductance matrix: a vault source read with its own die shares.
  it('vault-to-vault read influence, weighted by the die shares, is symmetric to 1e-9 relative', () => {
    const s = (a: number, b: number) => {
      let t = 0;
      for (let die = 0; die < dies; die++)
        t += (d.accessDieShare[die] as number) * (d.fromAccess[node(die, a) * n + b] as number);
      return t;
    };
    let asym = 0;
    let scale = 0;
    for (let a = 0; a < n; a++)
      for (let b = 0; b < n; b++) {
        asym = Math.max(asym, Math.abs(s(a, b) - s(b, a)));
        scale = Math.max(scale, s(a, b));
      }
    expect(asym / scale).toBeLessThan(1e-9);
  });

  // Reference: a direct steady solve of the reads alone (the loop's back end); and reciprocity with
  // fromCore (a core's rise per W of a vault's reads = that vault's die-share-weighted rise per W
  // in the core), which the solver's symmetric operator guarantees.
  it("a vault's reads heat the cores below: a direct solve to 1e-6 K, reciprocal to fromCore to 1e-9 relative", () => {
    const pAccess = Float64Array.from({ length: n }, (_, v) => (v % 3 === 0 ? 0.05 + 0.001 * v : 0));
    const topo = makeTopology(8, 8, 32, 32, dies);
    const p = new Float64Array(n + topo.bankCount);
    const perDie = 32 * 32;
    for (let b = 0; b < topo.bankCount; b++) {
      const die = Math.floor(b / perDie);
      p[n + b] = ((pAccess[topo.bankOwnerCore(b)] as number) * (d.accessDieShare[die] as number)) / 16;
    }
    const direct = createEmbeddedArchBackend(arch, { grid: [16, 16], subCellBanks: false }).steady(p);
    let worst = 0;
    for (let c = 0; c < n; c++) {
      let pred = h.ambientC + 273.15;
      for (let v = 0; v < n; v++) pred += (d.coreFromAccess[c * n + v] as number) * (pAccess[v] as number);
      worst = Math.max(worst, Math.abs(pred - (direct.blockTempsK[c] as number)));
    }
    expect(worst).toBeLessThan(1e-6);
    let asym = 0;
    let scale = 0;
    for (let c = 0; c < n; c++)
      for (let v = 0; v < n; v++) {
        let r = 0;
        for (let die = 0; die < dies; die++)
          r += (d.accessDieShare[die] as number) * (d.fromCore[node(die, v) * n + c] as number);
        const a = d.coreFromAccess[c * n + v] as number;
        asym = Math.max(asym, Math.abs(a - r));
        scale = Math.max(scale, a);
      }
    expect(asym / scale).toBeLessThan(1e-9);
    // Through the bond the reads reach the cores weaker than core power does: diagonal below H's.
    for (let c = 0; c < n; c++) expect(d.coreFromAccess[c * n + c] as number).toBeLessThan(h.data[c * n + c] as number);
  });

  it('a heated core warms the node right above it most (die 0 of its vault), falling off upwards', () => {
    for (const j of [0, 27, 63]) {
      let best = -1;
      for (let k = 0; k < nodes; k++)
        if (best < 0 || (d.fromCore[k * n + j] as number) > (d.fromCore[best * n + j] as number)) best = k;
      expect(best).toBe(node(0, j));
      for (let die = 1; die < dies; die++)
        expect(d.fromCore[node(die, j) * n + j] as number).toBeLessThan(d.fromCore[node(die - 1, j) * n + j] as number);
    }
  });

  // Logic near the sink: the DRAM's own heat leaves through the dies below it, so the farthest die is hottest.
  it("under bank power (uniform, or a vault's reads) the top die is the hottest of every vault, die 0 the coolest", () => {
    for (let v = 0; v < n; v++) {
      for (let die = 1; die < dies; die++) {
        expect(d.fromBanks[node(die, v)] as number).toBeGreaterThan(d.fromBanks[node(die - 1, v)] as number);
        expect(d.fromAccess[node(die, v) * n + v] as number).toBeGreaterThan(
          d.fromAccess[node(die - 1, v) * n + v] as number,
        );
      }
    }
  });

  it('without the DRAM part: the core H is the same bits and the cache key the former one', () => {
    const core = computeInfluenceMatrix(arch, { grid: [16, 16], dram: false });
    expect(core.dram).toBeUndefined();
    expect(Array.from(core.data)).toEqual(Array.from(h.data));
    expect(influenceCacheKey(arch, { grid: [16, 16], dram: false })).not.toBe(
      influenceCacheKey(arch, { grid: [16, 16] }),
    );
    const again = computeInfluenceMatrix(arch, { grid: [16, 16] });
    expect(again.dram?.fromCore).not.toBe(d.fromCore);
    expect(Array.from(again.dram?.fromAccess ?? [])).toEqual(Array.from(d.fromAccess));
    const narrow = archWith((a) => ({ ...a, dram: { ...a.dram, stripe_banks: 2 } }));
    expect(influenceCacheKey(narrow, { grid: [16, 16] })).not.toBe(influenceCacheKey(arch, { grid: [16, 16] }));
    expect(Array.from(computeInfluenceMatrix(narrow, { grid: [16, 16] }).dram?.accessDieShare ?? [])).toEqual([
      0.5, 0.5, 0, 0, 0, 0, 0, 0,
    ]);
  });
});

describe('H reproduces HotSpot reference case a (literal arch, reference package values, 32x32)', () => {
  it('ambient + H x (1 W per core) + the steady rise from the banks alone = C0 348.21 K, C27 352.37 K', () => {
    const literal = loadArch('arch_8x8_32x32x8_literal.yaml');
    const opts = { grid: [32, 32] as const, convectionResistanceKW: 0.1, ambientK: 318.15 };
    const h = computeInfluenceMatrix(literal, opts);
    // DRAM power (0.01 W per bank) is not in H: add its own steady response (superposition)
    const banksOnly = caseAPower();
    banksOnly.fill(0, 0, 64);
    const dram = createEmbeddedArchBackend(literal, opts).steady(banksOnly);
    const t = (c: number) => 318.15 + uniformRise(h, c) + ((dram.blockTempsK[c] as number) - 318.15);
    expect(Math.abs(t(0) - 348.21)).toBeLessThan(0.05);
    expect(Math.abs(t(27) - 352.37)).toBeLessThan(0.05);
    expect(Math.abs(t(63) - 348.21)).toBeLessThan(0.05);
  });
});
