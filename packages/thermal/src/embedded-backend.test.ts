import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ThermalStackLayout } from '@tasmoe/schemas';
import { REFERENCE_DIR, REFERENCE_SKIP_REASON } from '../test/reference-dir.js';
import { smallStack } from '../test/small-stacks.js';
import { EmbeddedThermalBackend } from './embedded-backend.js';
import { ThermalError } from './errors.js';
import { parseFlp } from './hotspot/flp.js';
import { parseLcf } from './hotspot/lcf.js';
import { parseSteadyFile } from './hotspot/steady-file.js';
import { stackFromLcf } from './hotspot/hotspot-stack.js';
import { buildGridModel } from './solver/grid-model.js';
import { HOTSPOT_DEFAULT_PACKAGE } from './solver/stack.js';

function layoutOf(layers: { name: string; blocks: string[] }[]): ThermalStackLayout {
  return { layers, blockCount: layers.reduce((s, l) => s + l.blocks.length, 0) };
}

describe('EmbeddedThermalBackend', () => {
  const model = buildGridModel(smallStack(HOTSPOT_DEFAULT_PACKAGE), { rows: 8, cols: 8 });
  const layout = layoutOf([
    { name: 'logic', blocks: ['C0', 'C1', 'C2', 'C3'] },
    { name: 'dram0', blocks: Array.from({ length: 16 }, (_, i) => `D0_${i}`) },
    { name: 'dram1', blocks: Array.from({ length: 16 }, (_, i) => `D1_${i}`) },
    { name: 'tim', blocks: ['T0', 'T1', 'T2', 'T3'] },
  ]);
  const power = new Float64Array(layout.blockCount);
  power.fill(0.1, 4, 36);
  power[0] = 8;
  power[3] = 2;

  it('is named "embedded", solves the steady state and conserves energy', () => {
    const be = new EmbeddedThermalBackend(model, layout);
    expect(be.name).toBe('embedded');
    const s = be.steady(power);
    expect(s.blockTempsK).toHaveLength(layout.blockCount);
    expect(s.layerPeakK).toHaveLength(4);
    const total = power.reduce((a, b) => a + b, 0);
    expect(Math.abs(be.simulator.heatToAmbientW() - total) / total).toBeLessThan(1e-3);
    // hot core C0 is the hottest logic block; peaks bound means
    expect(s.blockTempsK[0]).toBeGreaterThan(s.blockTempsK[3]!);
    for (let l = 0; l < 4; l++) expect(s.layerPeakK[l]).toBeGreaterThanOrEqual(s.layerMeanK[l]!);
    // DRAM above the hot core is hotter than DRAM in the opposite corner
    expect(s.blockTempsK[4 + 0]).toBeGreaterThan(s.blockTempsK[4 + 15]!);
    expect(s.timeS).toBe(0);
  });

  it('steps from ambient towards the steady state, resets, and tracks time', () => {
    const be = new EmbeddedThermalBackend(model, layout);
    const steady = be.steady(power).blockTempsK;
    be.reset(318.15);
    let prev = 318.15;
    for (let k = 0; k < 5; k++) {
      const s = be.step(power, 0.002);
      expect(s.blockTempsK[0]).toBeGreaterThan(prev);
      expect(s.blockTempsK[0]).toBeLessThan(steady[0]!);
      prev = s.blockTempsK[0]!;
      expect(s.timeS).toBeCloseTo(0.002 * (k + 1), 12);
    }
    // with the steady power as state, a step changes nothing
    be.steady(power);
    const s = be.step(power, 0.01);
    for (let i = 0; i < steady.length; i++) expect(s.blockTempsK[i]).toBeCloseTo(steady[i]!, 8);
  });

  it('names as twins the blocks that average the same cells, and their temperatures are equal bit for bit', () => {
    // 4x4 banks per die on a 2x2 grid: 2x2 banks per cell
    const coarse = new EmbeddedThermalBackend(
      buildGridModel(smallStack(HOTSPOT_DEFAULT_PACKAGE), { rows: 2, cols: 2 }),
      layout,
    );
    const twins = coarse.blockTwins;
    const groups = new Map<number, number[]>();
    twins.forEach((t, b) => groups.set(t, [...(groups.get(t) ?? []), b]));
    const dram = [...groups.values()].filter((g) => (g[0] as number) >= 4 && (g[0] as number) < 36);
    expect(dram).toHaveLength(8);
    for (const g of dram) expect(g).toHaveLength(4);
    const p = Float64Array.from(power, (w, b) => w * (1 + 0.37 * Math.sin(b * 1.7)));
    for (const snap of [
      coarse.steady(p),
      coarse.step(
        p.map((w) => 2 * w),
        0.003,
      ),
    ])
      twins.forEach((t, b) => expect(snap.blockTempsK[b]).toBe(snap.blockTempsK[t]));
    // on the 8x8 grid every bank has cells of its own
    const fine = new EmbeddedThermalBackend(model, layout).blockTwins;
    expect([...fine.subarray(4, 36)]).toEqual(Array.from({ length: 32 }, (_, i) => 4 + i));
  });

  it('rejects bad power vectors and unknown layers/blocks with typed errors', () => {
    const be = new EmbeddedThermalBackend(model, layout);
    expect(() => be.step(new Float64Array(3), 0.001)).toThrow(ThermalError);
    const neg = Float64Array.from(power);
    neg[1] = -1;
    expect(() => be.steady(neg)).toThrow(/non-negative/);
    expect(() => be.step(power, 0)).toThrow(/dt/);
    expect(() => new EmbeddedThermalBackend(model, layoutOf([{ name: 'nope', blocks: ['C0'] }]))).toThrow(/nope/);
    expect(() => new EmbeddedThermalBackend(model, layoutOf([{ name: 'logic', blocks: ['C9'] }]))).toThrow(/C9/);
    const mapped = new EmbeddedThermalBackend(model, layoutOf([{ name: 'cores', blocks: ['C0'] }]), {
      layerMap: { cores: 'logic' },
    });
    expect(mapped.steady(Float64Array.of(1)).blockTempsK[0]).toBeGreaterThan(318.15);
    be.dispose();
    expect(() => be.steady(power)).toThrow(/disposed/);
  });

  it('rejects NaN, infinite and negative powers of any block and stays usable afterwards', () => {
    const be = new EmbeddedThermalBackend(model, layout, { reuseSnapshotArrays: true });
    const fresh = new EmbeddedThermalBackend(model, layout);
    be.steady(power);
    fresh.steady(power);
    for (const block of [0, 3, 4, 20, 35, 36, 39]) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1e-300]) {
        const p = Float64Array.from(power);
        p[block] = bad;
        let err: unknown;
        try {
          be.step(p, 0.001);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(ThermalError);
        expect((err as ThermalError).code).toBe('THERMAL_INPUT');
        expect((err as Error).message).toContain(`block power ${block} `);
      }
    }
    // the rejected calls changed nothing: the next valid steps match a back end that never saw them
    const hot = Float64Array.from(power);
    hot[2] = 5;
    for (const p of [hot, power, hot]) {
      const a = be.step(p, 0.001),
        b = fresh.step(p, 0.001);
      for (let i = 0; i < layout.blockCount; i++) expect(a.blockTempsK[i]).toBe(b.blockTempsK[i]);
    }
  });

  it('works with a purely convective boundary', () => {
    const conv = buildGridModel(smallStack({ kind: 'convective', heatTransferCoefficientWm2K: 2e4 }), {
      rows: 8,
      cols: 8,
    });
    const be = new EmbeddedThermalBackend(conv, layout);
    be.steady(power);
    const total = power.reduce((a, b) => a + b, 0);
    expect(be.simulator.heatToAmbientW()).toBeCloseTo(total, 9);
  });
});

const refSuite = REFERENCE_DIR === undefined ? describe.skip : describe;
if (REFERENCE_DIR === undefined) console.warn(REFERENCE_SKIP_REASON);

refSuite('EmbeddedThermalBackend on the HotSpot reference stack (project layout order)', () => {
  it('case b steady at 32x32 matches HotSpot block means within 0.05 K', () => {
    const dir = join(REFERENCE_DIR ?? '', 'b_center_hotspot');
    const lcf = parseLcf(readFileSync(join(dir, 'stack.lcf'), 'utf8'));
    const floorplans = new Map(
      lcf.layers.map((l) => [l.floorplanFile, parseFlp(readFileSync(join(dir, l.floorplanFile), 'utf8'))] as const),
    );
    const model = buildGridModel(
      stackFromLcf({ lcf, floorplans, package: HOTSPOT_DEFAULT_PACKAGE, ambientK: 318.15 }),
      { rows: 32, cols: 32 },
    );
    // project order: cores C0..C63, then DRAM die 0 .. 7, banks row by row from the bottom
    const banks = (d: number): string[] =>
      Array.from({ length: 1024 }, (_, i) => `D${d}_B_${i % 32}_${Math.floor(i / 32)}`);
    const layout = layoutOf([
      { name: 'logic', blocks: Array.from({ length: 64 }, (_, i) => `C${i}`) },
      ...Array.from({ length: 8 }, (_, d) => ({ name: `dram${d}`, blocks: banks(d) })),
    ]);
    const p = new Float64Array(layout.blockCount).fill(0.01);
    for (let c = 0; c < 64; c++) p[c] = [27, 28, 35, 36].includes(c) ? 4 : 0.5;
    const be = new EmbeddedThermalBackend(model, layout);
    const s = be.steady(p);
    const ref = parseSteadyFile(readFileSync(join(dir, 'grid32.steady'), 'utf8'));
    const refMap = new Map(ref.names.map((n, i) => [n, ref.valuesK[i]!]));
    let mx = 0;
    layout.layers.forEach((l, li) => {
      const gi = be.gridLayers[li]!;
      const off = layout.layers.slice(0, li).reduce((a, x) => a + x.blocks.length, 0);
      l.blocks.forEach(
        (b, i) => (mx = Math.max(mx, Math.abs(s.blockTempsK[off + i]! - refMap.get(`layer_${gi}_${b}`)!))),
      );
    });
    expect(mx).toBeLessThanOrEqual(0.05);
    // README 7.1: logic peak (32) 360.46 K, top DRAM die peak 451.91 K
    expect(s.layerPeakK[0]).toBeCloseTo(360.46, 1);
    expect(s.layerPeakK[8]).toBeCloseTo(451.91, 1);
  });
});
