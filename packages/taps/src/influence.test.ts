import { describe, expect, it } from 'vitest';
import { ArchConfigSchema, deepFreeze } from '@tasmoe/schemas';
import { CASE_A, influenceDouble } from './__fixtures__/influence-double.js';
import { defaultArch, shippedConfig } from './__fixtures__/configs.js';
import { analyticInfluence, checkInfluence } from './influence.js';
import type { InfluenceMatrix } from '@tasmoe/schemas';

function rowSum(h: InfluenceMatrix, c: number): number {
  let s = 0;
  for (let j = 0; j < h.coreCount; j++) s += h.data[c * h.coreCount + j] as number;
  return s;
}

function expectPhysicalShape(h: InfluenceMatrix, cols: number): void {
  const n = h.coreCount;
  for (let c = 0; c < n; c++) {
    for (let j = 0; j < n; j++) {
      expect(h.data[c * n + j]).toBeGreaterThan(0);
      expect(Math.abs((h.data[c * n + j] as number) - (h.data[j * n + c] as number))).toBeLessThan(1e-9);
      if (j !== c) expect(h.data[c * n + c]).toBeGreaterThan(h.data[c * n + j] as number);
    }
  }
  // Influence decays with distance along a row of the mesh.
  for (let x = 1; x < cols - 1; x++) expect(h.data[x]).toBeLessThan(h.data[x - 1] as number);
  // Under uniform power the corners are the coolest cores and the centre the hottest.
  const sums = Array.from({ length: n }, (_, c) => rowSum(h, c));
  const centre = ((cols / 2 - 1) * cols + cols / 2 - 1) | 0;
  expect(Math.min(...sums)).toBeCloseTo(sums[0] as number, 9);
  expect(Math.max(...sums)).toBeCloseTo(sums[centre] as number, 9);
}

describe('influence double (test helper)', () => {
  it('reproduces HotSpot case a at 1 W per core: C0 348.21 K, C27 352.37 K', () => {
    const h = influenceDouble();
    expect(h.ambientC + 273.15 + rowSum(h, 0)).toBeCloseTo(CASE_A.c0K, 6);
    expect(h.ambientC + 273.15 + rowSum(h, 27)).toBeCloseTo(CASE_A.c27K, 6);
    expectPhysicalShape(h, 8);
  });
});

describe('analytic influence (fallback when no H is given)', () => {
  it.each(['arch_8x8_32x32x8.yaml', 'arch_8x8_32x32x8_literal.yaml'])('has the physical shape for %s', (file) => {
    const arch = shippedConfig('arch', file);
    const h = analyticInfluence(arch);
    expect(h.coreCount).toBe(64);
    expect(h.ambientC).toBe(45);
    expectPhysicalShape(h, 8);
    checkInfluence(h, 64);
  });
  it('convective cooling (no spreader) still gives an SPD, symmetric H; a better heat-transfer coefficient cools', () => {
    const make = (hw: number) =>
      deepFreeze(
        ArchConfigSchema.parse({
          mesh: { cores: [4, 4] },
          dram: { banks: [8, 8, 2] },
          geometry: { cooling: { type: 'convective', h_wmk2k: hw } },
        }),
      );
    const weak = analyticInfluence(make(1e4));
    const strong = analyticInfluence(make(1e5));
    expectPhysicalShape(weak, 4);
    for (let i = 0; i < 16 * 16; i++) expect(strong.data[i]).toBeLessThan(weak.data[i] as number);
  });
  it('thicker TIM raises self-influence', () => {
    const base = defaultArch();
    const thick = deepFreeze(
      ArchConfigSchema.parse({
        ...structuredClone(base),
        geometry: {
          ...structuredClone(base.geometry),
          layers: { ...structuredClone(base.geometry.layers), tim: { thickness_um: 80, k_wmk: 5 } },
        },
      }),
    );
    expect(analyticInfluence(thick).data[0]).toBeGreaterThan(analyticInfluence(base).data[0] as number);
  });
});

describe('checkInfluence', () => {
  const good = influenceDouble(2, 2);
  it('rejects a wrong core count, a short array, negative and non-finite entries', () => {
    expect(() => checkInfluence(good, 9)).toThrow(/4 cores, the arch has 9/);
    expect(() => checkInfluence({ ...good, data: new Float64Array(3) }, 4)).toThrow(/3 entries, expected 16/);
    const neg = Float64Array.from(good.data);
    neg[5] = -1;
    expect(() => checkInfluence({ ...good, data: neg }, 4)).toThrow(/H\[1\]\[1\] = -1/);
    const nan = Float64Array.from(good.data);
    nan[2] = NaN;
    expect(() => checkInfluence({ ...good, data: nan }, 4)).toThrow(/TAPS|finite/);
    expect(() => checkInfluence({ ...good, ambientC: Infinity }, 4)).toThrow(/ambient/);
  });
});
