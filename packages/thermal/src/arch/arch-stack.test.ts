import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archWith, caseAPower, loadArch } from '../../test/arch-configs.js';
import { REFERENCE_DIR, REFERENCE_SKIP_REASON } from '../../test/reference-dir.js';
import { EmbeddedThermalBackend } from '../embedded-backend.js';
import { hotspotBlockNames } from '../hotspot/hotspot-stack.js';
import { parseSteadyFile, steadyToMap } from '../hotspot/steady-file.js';
import { blockTemperatures } from '../solver/grid-map.js';
import { buildGridModel } from '../solver/grid-model.js';
import { archThermalLayout, stackFromArch } from './arch-stack.js';

const names = (s: { layers: readonly { name: string }[] }) => s.layers.map((l) => l.name);

describe('stackFromArch: layers, orders, boundary', () => {
  const arch = loadArch('arch_8x8_32x32x8.yaml');
  const literal = loadArch('arch_8x8_32x32x8_literal.yaml');

  it('logic near the sink (default): DRAM top die first, each die followed by its bond, then logic and TIM', () => {
    const s = stackFromArch(arch);
    expect(names(s)).toEqual([...[7, 6, 5, 4, 3, 2, 1, 0].flatMap((d) => [`dram${d}`, `bond${d}`]), 'logic', 'tim']);
    const dram0 = s.layers.find((l) => l.name === 'dram0');
    expect(dram0?.thicknessM).toBeCloseTo(50e-6, 12);
    expect(dram0?.conductivityWmK).toBe(120);
    expect(dram0?.dissipatesPower).toBe(true);
    const bond3 = s.layers.find((l) => l.name === 'bond3');
    expect(bond3?.thicknessM).toBeCloseTo(10e-6, 12);
    expect(bond3).toMatchObject({ conductivityWmK: 2, dissipatesPower: false });
    expect(s.layers.find((l) => l.name === 'tim')?.dissipatesPower).toBe(false);
  });

  it('DRAM near the sink: logic farthest from the sink, each die preceded by its bond towards the logic die', () => {
    const s = stackFromArch(archWith((a) => ({ ...a, thermal: { ...a.thermal, stack_order: 'dram_near_sink' } })));
    expect(names(s)).toEqual(['logic', ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((d) => [`bond${d}`, `dram${d}`]), 'tim']);
  });

  it('the literal arch is exactly the HotSpot reference stack (8 DRAM dies at k = 2, logic, TIM)', () => {
    const s = stackFromArch(literal);
    expect(names(s)).toEqual(['dram7', 'dram6', 'dram5', 'dram4', 'dram3', 'dram2', 'dram1', 'dram0', 'logic', 'tim']);
    expect(s.layers[0]?.conductivityWmK).toBe(2);
    expect(s.ambientK).toBeCloseTo(318.15, 12);
  });

  it('floorplans: core k at row k div 8 from the bottom, bank (x, y) of die d, 10 mm die', () => {
    const s = stackFromArch(arch);
    const logic = s.layers.find((l) => l.name === 'logic')!;
    const c10 = logic.floorplan.blocks[10]!;
    expect(c10.name).toBe('C10');
    expect(c10.leftM).toBeCloseTo(2 * 1.25e-3, 12); // col 2
    expect(c10.bottomM).toBeCloseTo(1 * 1.25e-3, 12); // row 1
    const d3 = s.layers.find((l) => l.name === 'dram3')!;
    const b = d3.floorplan.blocks[33]!; // x = 1, y = 1
    expect(b).toMatchObject({ name: 'D3_B_1_1' });
    expect(b.leftM).toBeCloseTo(0.3125e-3, 12);
    expect(b.bottomM).toBeCloseTo(0.3125e-3, 12);
    expect(d3.floorplan.blocks).toHaveLength(1024);
  });

  it('air cooling: HotSpot package from config, r_convec = 1 / (h x sink area); overrides win', () => {
    const s = stackFromArch(literal);
    expect(s.boundary.kind).toBe('package');
    if (s.boundary.kind !== 'package') return;
    expect(s.boundary.convectionResistanceKW).toBeCloseTo(1 / (10000 * 0.06 * 0.06), 12);
    expect(s.boundary.convectionCapacitanceJK).toBe(140.4);
    expect(s.boundary.spreader).toEqual({
      sideM: 0.03,
      thicknessM: 0.001,
      conductivityWmK: 400,
      volumetricHeatCapacityJm3K: 3.55e6,
    });
    const o = stackFromArch(literal, { convectionResistanceKW: 0.1, ambientK: 300 });
    expect(o.boundary.kind === 'package' && o.boundary.convectionResistanceKW).toBe(0.1);
    expect(o.ambientK).toBe(300);
  });

  it('convective cooling: h on the TIM face, no package', () => {
    const s = stackFromArch(
      archWith((a) => ({ ...a, geometry: { ...a.geometry, cooling: { type: 'convective', h_wmk2k: 25000 } } })),
    );
    expect(s.boundary).toEqual({ kind: 'convective', heatTransferCoefficientWm2K: 25000 });
  });

  it('composite tiers: each die merged with the bond (or TIM) on its sink side (series vertically, parallel laterally)', () => {
    const s = stackFromArch(arch, { tiers: 'composite' });
    expect(names(s)).toEqual(['dram7', 'dram6', 'dram5', 'dram4', 'dram3', 'dram2', 'dram1', 'dram0', 'logic']);
    const logic = s.layers[8]!;
    expect(logic.thicknessM).toBeCloseTo(70e-6, 12);
    expect(logic.conductivityWmK).toBeCloseTo(70e-6 / (50e-6 / 120 + 20e-6 / 5), 9);
    expect(logic.volumetricHeatCapacityJm3K).toBeCloseTo((1.75e6 * 50 + 4e6 * 20) / 70, 3);
    const d = s.layers[0]!;
    expect(d.thicknessM).toBeCloseTo(60e-6, 12);
    expect(d.conductivityWmK).toBeCloseTo(60e-6 / (50e-6 / 120 + 10e-6 / 2), 9);
    expect(d.lateralConductivityWmK).toBeCloseTo((120 * 50 + 2 * 10) / 60, 9);
    expect(d.dissipatesPower).toBe(true);
    // DRAM near the sink: the logic die takes bond0, die d takes bond d+1, the top die the TIM
    const h = stackFromArch(
      archWith((a) => ({ ...a, thermal: { ...a.thermal, stack_order: 'dram_near_sink' } })),
      { tiers: 'composite' },
    );
    expect(names(h)).toEqual(['logic', 'dram0', 'dram1', 'dram2', 'dram3', 'dram4', 'dram5', 'dram6', 'dram7']);
    expect(h.layers[0]?.thicknessM).toBeCloseTo(60e-6, 12);
    expect(h.layers[8]?.thicknessM).toBeCloseTo(70e-6, 12);
  });

  it('layout: cores C0..C63, then each DRAM die bank by bank (x fastest) -- power/toBlockPowerW order', () => {
    const l = archThermalLayout(arch);
    expect(l.blockCount).toBe(64 + 8 * 1024);
    expect(l.layers.map((x) => x.name)).toEqual([
      'logic',
      'dram0',
      'dram1',
      'dram2',
      'dram3',
      'dram4',
      'dram5',
      'dram6',
      'dram7',
    ]);
    expect(l.layers[0]?.blocks[63]).toBe('C63');
    expect(l.layers[1]?.blocks.slice(0, 3)).toEqual(['D0_B_0_0', 'D0_B_1_0', 'D0_B_2_0']);
    expect(l.layers[1]?.blocks[32]).toBe('D0_B_0_1');
  });

  it('composite and layered tiers give the same steady state within 0.01 K (default arch, uniform and hot-spot power)', () => {
    const layout = archThermalLayout(arch);
    const p = caseAPower();
    p.fill(0.003, 64);
    p[27] = 4;
    const a = new EmbeddedThermalBackend(buildGridModel(stackFromArch(arch), { rows: 16, cols: 16 }), layout).steady(p);
    const b = new EmbeddedThermalBackend(
      buildGridModel(stackFromArch(arch, { tiers: 'composite' }), { rows: 16, cols: 16 }),
      layout,
    ).steady(p);
    let worst = 0;
    for (let i = 0; i < p.length; i++)
      worst = Math.max(worst, Math.abs((a.blockTempsK[i] as number) - (b.blockTempsK[i] as number)));
    expect(worst).toBeLessThan(0.01);
    expect(a.blockTempsK[27]! - a.blockTempsK[0]!).toBeGreaterThan(1); // the hot core shows
  });
});

describe.skipIf(REFERENCE_DIR === undefined)('stackFromArch reproduces HotSpot reference case a', () => {
  it('literal arch + the reference package values: every block (all 12 grid layers) and inode within 0.05 K of grid32.steady', () => {
    if (REFERENCE_DIR === undefined) throw new Error(REFERENCE_SKIP_REASON);
    const ref = steadyToMap(parseSteadyFile(readFileSync(join(REFERENCE_DIR, 'a_uniform', 'grid32.steady'), 'utf8')));
    const arch = loadArch('arch_8x8_32x32x8_literal.yaml');
    const stack = stackFromArch(arch, { convectionResistanceKW: 0.1, ambientK: 318.15, timTiles: 'cores' });
    const model = buildGridModel(stack, { rows: 32, cols: 32 });
    const be = new EmbeddedThermalBackend(model, archThermalLayout(arch));
    be.steady(caseAPower());
    const cells = be.simulator.cellTemperatures();
    const allNames = hotspotBlockNames(model, true);
    let worst = 0,
      count = 0;
    model.layers.forEach((layer, n) => {
      const out = new Float64Array(layer.map.blockCount);
      blockTemperatures(layer.map, 'avg', cells, n * 32 * 32, out, 0);
      allNames[n]!.forEach((nm, i) => {
        const r = ref.get(nm);
        expect(r, nm).toBeDefined();
        worst = Math.max(worst, Math.abs((out[i] as number) - (r as number)));
        count++;
      });
    });
    be.simulator.peripheryTemperatures().forEach((t, i) => {
      worst = Math.max(worst, Math.abs(t - (ref.get(`inode_${i}`) as number)));
      count++;
    });
    expect(count).toBe(ref.size);
    expect(worst).toBeLessThan(0.05);
  });
});
