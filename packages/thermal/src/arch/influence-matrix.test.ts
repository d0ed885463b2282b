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
