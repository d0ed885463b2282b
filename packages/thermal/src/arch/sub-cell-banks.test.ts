/**
 * Bank temperatures of the 16x16 loop grid with the sub-cell bank correction against the same
 * solver at bank resolution (32x32: one cell per bank), which agrees with HotSpot 7.0 within
 * 0.01-0.02 K on the reference stacks (hotspot/reference.test.ts). Power maps as the loop makes
 * them: cores 0.1-0.5 W, 24-48 streaming banks at 0.2-0.3 W, the other banks idle at 1.3 mW.
 */
import { describe, expect, it } from 'vitest';
import { archWith } from '../../test/arch-configs.js';
import { createEmbeddedArchBackend } from './embedded-arch-backend.js';

// the shipped arch turns the correction on: the grid alone is the same arch with it off
const arch = archWith((a) => ({ ...a, thermal: { ...a.thermal, sub_cell_banks: false } }));
const CORES = 64;
const BANKS = 32 * 32 * 8;
const N = CORES + BANKS;

/** Deterministic stream in [0, 1). */
function stream(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

function loopLikePower(seed: number, opts: { edges?: boolean; activeBankW?: number } = {}): Float64Array {
  const rnd = stream(seed);
  const p = new Float64Array(N);
  for (let c = 0; c < CORES; c++) p[c] = 0.1 + 0.4 * rnd();
  p.fill(0.0013, CORES);
  const active = 24 + Math.floor(rnd() * 24);
  const w = opts.activeBankW ?? 0.25;
  for (let a = 0; a < active; a++) {
    const d = Math.floor(rnd() * 8);
    const x = opts.edges === true ? (rnd() < 0.5 ? 0 : 31) : Math.floor(rnd() * 32);
    const y = Math.floor(rnd() * 32);
    p[CORES + d * 1024 + y * 32 + x] = w * (0.8 + 0.4 * rnd());
  }
  return p;
}

interface Errors {
  bank: number;
  peak: number;
}

function errors(a: { blockTempsK: Float64Array; layerPeakK: Float64Array }, ref: typeof a): Errors {
  let bank = 0;
  for (let b = CORES; b < N; b++)
    bank = Math.max(bank, Math.abs((a.blockTempsK[b] as number) - (ref.blockTempsK[b] as number)));
  const peakOf = (s: typeof a) => Math.max(...Array.from({ length: 8 }, (_, d) => s.layerPeakK[1 + d] as number));
  return { bank, peak: Math.abs(peakOf(a) - peakOf(ref)) };
}

describe('sub-cell banks on the default arch (16x16 grid, 32x32 banks)', () => {
  const fine = createEmbeddedArchBackend(arch, { grid: [32, 32] });
  const grid = createEmbeddedArchBackend(arch, { grid: [16, 16] });
  const sub = createEmbeddedArchBackend(arch, { grid: [16, 16], subCellBanks: true });

  it('steady: banks and the DRAM peak close to bank resolution where the grid alone is kelvins off', () => {
    for (const [seed, edges] of [
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ] as const) {
      const p = loopLikePower(seed, { edges });
      const ref = fine.steady(p);
      const plain = errors(grid.steady(p), ref);
      const corrected = errors(sub.steady(p), ref);
      // measured: grid alone 4.6-9.8 K on banks, 3.0-9.0 K on the peak; corrected 0.19-0.51 K / 0.01-0.07 K
      // (with the kernel cut at 3 banks: 0.34-0.99 K / 0.03-0.26 K)
      expect(plain.bank).toBeGreaterThan(3);
      expect(corrected.bank).toBeLessThan(0.7);
      expect(corrected.peak).toBeLessThan(0.15);
      expect(corrected.bank).toBeLessThan(plain.bank / 4);
    }
  });

  it('transient 3 ms windows from the steady state of another map: peaks within 0.2 K every window', () => {
    const a = loopLikePower(11);
    const b = loopLikePower(12);
    fine.steady(a);
    sub.steady(a);
    let worst = 0;
    for (let w = 0; w < 12; w++) {
      const p = w % 4 < 2 ? b : a;
      const e = errors(sub.step(p, 3e-3), fine.step(p, 3e-3));
      worst = Math.max(worst, e.peak);
    }
    // measured: peaks within 0.10 K (banks within 0.22-0.40 K)
    expect(worst).toBeLessThan(0.2);
  });

  it('uniform bank power: no sources; the uniform part keeps the banks at bank resolution', () => {
    const p = new Float64Array(N).fill(0.2, 0, CORES).fill(0.002, CORES);
    const ref = fine.steady(p);
    const plain = errors(grid.steady(p), ref);
    const corrected = errors(sub.steady(p), ref);
    // the cores' own pattern under the DRAM is what remains (cores are 2x2 cells, not banks)
    expect(corrected.bank).toBeLessThan(0.03);
    expect(corrected.bank).toBeLessThanOrEqual(plain.bank);
  });

  it('leaves the logic die and the energy balance to the grid', () => {
    const p = loopLikePower(5);
    const s = sub.steady(p);
    const g = grid.steady(p);
    for (let c = 0; c < CORES; c++) expect(s.blockTempsK[c]).toBe(g.blockTempsK[c]);
    expect(s.layerPeakK[0]).toBe(g.layerPeakK[0]);
    expect(s.layerMeanK).toEqual(g.layerMeanK);
  });

  it('is what `thermal.sub_cell_banks: true` selects', () => {
    const p = loopLikePower(7);
    const on = createEmbeddedArchBackend(
      archWith((a) => ({ ...a, thermal: { ...a.thermal, sub_cell_banks: true } })),
      { grid: [16, 16] },
    );
    expect(on.steady(p).blockTempsK).toEqual(sub.steady(p).blockTempsK);
    expect(createEmbeddedArchBackend(arch, {}).steady(p).blockTempsK).toEqual(grid.steady(p).blockTempsK);
  });
});
