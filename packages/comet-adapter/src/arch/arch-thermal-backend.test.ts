import { describe, expect, it } from 'vitest';
import type { ThermalBackend } from '@tasmoe/schemas';
import { archWith, caseAPower, loadArch } from '@tasmoe/thermal/testing';
import {
  EmbeddedThermalBackend,
  LOOP_SOLVER_DEFAULTS,
  RATIONAL_SCHEMES,
  UNCOUPLED_STAGE_MIN_RATIO,
  createEmbeddedArchBackend,
} from '@tasmoe/thermal/internal';
import { CometAdapterError } from '../errors.js';
import { THERMAL_BACKENDS, createArchThermalBackend } from './arch-thermal-backend.js';

describe('createArchThermalBackend', () => {
  const arch = loadArch('arch_8x8_32x32x8.yaml');

  it('builds the embedded back end by default, on the config grid, in the project layout, with the loop defaults', () => {
    const be = createArchThermalBackend(arch);
    expect(be).toBeInstanceOf(EmbeddedThermalBackend);
    const e = be as EmbeddedThermalBackend;
    expect(e.name).toBe('embedded');
    expect([e.model.rows, e.model.cols]).toEqual([...arch.thermal.grid]);
    expect(e.layout.blockCount).toBe(64 + 8192);
    // composite tiers: 8 DRAM (+ bonds) + logic (+ TIM) + spreader + sink
    expect(e.model.layers.map((l) => l.name)).toEqual([
      'dram7',
      'dram6',
      'dram5',
      'dram4',
      'dram3',
      'dram2',
      'dram1',
      'dram0',
      'logic',
      'spreader',
      'sink',
    ]);
    expect(e.simulator.scheme.stages).toBe(LOOP_SOLVER_DEFAULTS.stages);
    expect(e.simulator.coupledStages).toBe(LOOP_SOLVER_DEFAULTS.coupledStages);
    // at the loop's 3 ms windows the fast stages are in their accurate range
    const loop = createEmbeddedArchBackend(arch, { grid: [16, 16] });
    expect(loop.simulator.solver.edgeCouplingRatio(RATIONAL_SCHEMES[4].gamma * 3e-3)).toBeGreaterThanOrEqual(
      UNCOUPLED_STAGE_MIN_RATIO,
    );
  });

  it('snapshot layers are the layout layers: logic then dram0..7, peak = hottest cell >= mean', () => {
    const be = createArchThermalBackend(arch, { grid: [8, 8] });
    const p = caseAPower();
    p.fill(0.003, 64);
    p[27] = 5;
    const s = be.steady(p);
    expect(s.layerPeakK).toHaveLength(9);
    for (let l = 0; l < 9; l++) expect(s.layerPeakK[l]).toBeGreaterThanOrEqual(s.layerMeanK[l]!);
    expect(s.layerPeakK[0]).toBeGreaterThanOrEqual(Math.max(...s.blockTempsK.subarray(0, 64)) - 1e-9);
    // logic near the sink: the top DRAM die (dram7) is the hottest layer on average
    expect(s.layerMeanK[8]).toBeGreaterThan(s.layerMeanK[1]!);
    expect(s.layerMeanK[1]).toBeGreaterThan(s.layerMeanK[0]!);
  });

  it('reuseSnapshotArrays: the same arrays every call, the same values as fresh ones', () => {
    const p = caseAPower();
    const fresh = createArchThermalBackend(arch, { grid: [8, 8] });
    const reuse = createArchThermalBackend(arch, { grid: [8, 8], reuseSnapshotArrays: true });
    const a1 = fresh.steady(p),
      b1 = reuse.steady(p);
    const a2 = fresh.step(
        p.map((v) => v * 2),
        3e-3,
      ),
      b2 = reuse.step(
        p.map((v) => v * 2),
        3e-3,
      );
    expect(a2.blockTempsK).not.toBe(a1.blockTempsK);
    expect(b2.blockTempsK).toBe(b1.blockTempsK);
    expect(b2.layerPeakK).toBe(b1.layerPeakK);
    expect(Array.from(b2.blockTempsK)).toEqual(Array.from(a2.blockTempsK));
    expect(Array.from(b2.layerMeanK)).toEqual(Array.from(a2.layerMeanK));
  });

  it('DRAM near the sink inverts the gradient: logic is the hottest layer', () => {
    const hmc = archWith((a) => ({ ...a, thermal: { ...a.thermal, stack_order: 'dram_near_sink', grid: [8, 8] } }));
    const s = createArchThermalBackend(hmc).steady(caseAPower());
    expect(s.layerMeanK[0]).toBeGreaterThan(s.layerMeanK[1]!);
    expect(s.layerMeanK[1]).toBeGreaterThan(s.layerMeanK[8]!);
  });

  it('convective cooling builds too (no package nodes)', () => {
    const conv = archWith((a) => ({
      ...a,
      geometry: { ...a.geometry, cooling: { type: 'convective', h_wmk2k: 20000 } },
      thermal: { ...a.thermal, grid: [8, 8] },
    }));
    const be = createEmbeddedArchBackend(conv);
    expect(be.model.periphery).toBeUndefined();
    const s = be.steady(caseAPower());
    // 145.92 W through 1 cm^2 at h = 2e4: at least 73 K above ambient
    expect(s.layerMeanK[0]! - 318.15).toBeGreaterThan(72);
  });

  it('chooses by arch.thermal.backend through a name-keyed registry; unknown names are a typed error', () => {
    expect([...THERMAL_BACKENDS.keys()]).toEqual(['embedded', 'hotspot-file']);
    const made: string[] = [];
    const fake = (name: string) => (): ThermalBackend => {
      made.push(name);
      return createEmbeddedArchBackend(arch, { grid: [4, 4] });
    };
    const registry = new Map([
      ['embedded', fake('embedded')],
      ['hotspot-file', fake('hotspot-file')],
    ]);
    createArchThermalBackend(
      archWith((a) => ({ ...a, thermal: { ...a.thermal, backend: 'hotspot-file' } })),
      { registry },
    );
    createArchThermalBackend(arch, { registry });
    expect(made).toEqual(['hotspot-file', 'embedded']);
    try {
      createArchThermalBackend(arch, { registry: new Map() });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CometAdapterError);
      expect((err as CometAdapterError).code).toBe('THERMAL_BACKEND_UNKNOWN');
    }
  });
});
